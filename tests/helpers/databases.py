"""A second, empty database beside the one the suite runs on, and an app on it: for what
starts from nothing (init-db, restore) without touching the suite's shared database."""
from contextlib import contextmanager

from sqlalchemy import create_engine, text

from engine import clock
from models import db


def empty_database(database_url, tmp_path, name="restored"):
    """The URL of an empty database: a new SQLite file, or a database `name` created anew
    on the suite's PostgreSQL server."""
    if database_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / f'{name}.sqlite'}"
    engine = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        conn.execute(text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return database_url.rsplit("/", 1)[0] + "/" + name


@contextmanager
def app_on(url, **config):
    """A second application on `url`. create_app installs a clock of its own: the suite's
    comes back afterwards, and the second app's connections are closed."""
    from web import create_app
    suite_clock = clock.clock
    other = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "ADJUSTABLE_CLOCK": True,
                        "SECRET_KEY": "test-secret", **config})
    try:
        yield other
    finally:
        with other.app_context():
            db.session.remove()
            db.engine.dispose()
        clock.use(suite_clock)
