"""The living demo (`flask --app wsgi init-db --demo`) built for real, in a process of its own,
on a second database next to the suite's (SQLite or PostgreSQL), and an app on it."""
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import create_engine, text

ROOT = Path(__file__).resolve().parents[2]


def demo_database(database_url, directory):
    """A fresh database for one build; on PostgreSQL named after the build's directory, so that
    a module still connected to an earlier build's database never stands in the way."""
    if database_url.startswith("sqlite"):
        return f"sqlite:///{directory / 'demo.sqlite'}"
    name = "demo_" + "".join(c if c.isalnum() else "_" for c in Path(directory).name).lower()
    engine = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return database_url.rsplit("/", 1)[0] + "/" + name


def init_db_demo(url, files):
    env = {**os.environ, "DATABASE_URL": url, "FILES_DIR": str(files), "SECRET_KEY": "x",
           "ADJUSTABLE_CLOCK": "1", "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "wsgi", "init-db", "--demo"], cwd=ROOT,
                            env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def demo_app(url, files):
    from web import create_app
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "ADJUSTABLE_CLOCK": True,
                       "SECRET_KEY": "x", "FILES_DIR": str(files)})
