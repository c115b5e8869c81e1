"""Command line: `flask --app wsgi init-db [--demo]`, `deploy`, `run-timers`, `scheduler`."""
import faulthandler
import logging
import signal
from time import perf_counter

import click
from flask import current_app
from flask_migrate import upgrade

from engine import clock
from engine.definitions import registry
from engine.operations import backup, reindex
from engine.scheduling import scheduler, timers
from models import db
from seeds import demo, programme


def init_db(with_demo=False):
    upgrade(revision="heads")  # parallel feature branches may add heads; apply them all
    created = registry.deploy_directory(current_app.config["BPMN_DIR"], "system")
    db.session.commit()
    if with_demo:
        demo.load(clock.now())
    return created


def provisional_calendar(years_ahead):
    """Demo only: a demo moves time years ahead, past the years whose holidays are known.
    Those years get a weekends-only calendar marked as entered by "demo"; a real
    deployment leaves them out, and due dates there fail loudly until an administrator
    enters the State Council's holiday schedule."""
    from engine import workdays
    from models.calendar import CalendarYear
    known = set(db.session.execute(db.select(CalendarYear.year)).scalars())
    this_year = clock.now().year
    for year in range(this_year, this_year + years_ahead + 1):
        if year not in known:
            workdays.put_year(year, [], "demo")
    db.session.commit()


def register(app):
    @app.cli.command("init-db")
    @click.option("--demo", "with_demo", is_flag=True,
                  help="Build the living demo (with ADJUSTABLE_CLOCK=1; otherwise accounts and a round only).")
    def init_db_command(with_demo):
        """Create or upgrade the schema, deploy bpmn/, optionally build the demo."""
        created = init_db()
        click.echo(f"schema up to date; {len(created)} process definition(s) deployed")
        if with_demo:
            load_demo()
            provisional_calendar(years_ahead=10)
            click.echo("demo accounts (password: demo-password): " +
                       ", ".join(a[0] for a in demo_accounts()))

    @app.cli.command("deploy")
    def deploy_command():
        """Deploy changed diagrams under bpmn/ as new versions."""
        created = registry.deploy_directory(current_app.config["BPMN_DIR"], "system")
        db.session.commit()
        for d in created:
            click.echo(f"deployed {d.key} v{d.version} ({d.hash[:12]})")
        if not created:
            click.echo("nothing changed")

    @app.cli.command("reindex-search")
    def reindex_search_command():
        """Rebuild every case's search text from its saved instance (after migration 0017)."""
        click.echo(f"{reindex.reindex_all()} case(s) re-indexed")

    @app.cli.command("run-timers")
    def run_timers_command():
        """Fire the timers due now (what the scheduler does every second)."""
        for fired in timers.run_due():
            click.echo(fired)

    @app.cli.command("scheduler")
    @click.option("--poll", type=float, default=None,
                  help="Longest sleep between looks at the timers (default 1 s on SQLite, 5 s on PostgreSQL).")
    @click.option("--lease-ttl", type=float, default=15.0, show_default=True,
                  help="Seconds a row lease lasts without renewal (SQLite; PostgreSQL uses an advisory lock).")
    def scheduler_command(poll, lease_ttl):
        """Run the scheduler: one active per deployment, others stand by (Ctrl-C stops)."""
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        logging.getLogger("apscheduler").setLevel(logging.WARNING)
        app_ = current_app._get_current_object()
        runner = scheduler.Scheduler(app_.app_context, poll=poll, lease_ttl=lease_ttl)
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda *_: runner.stop())
        faulthandler.register(signal.SIGUSR1)  # `kill -USR1 <pid>` prints every thread's stack
        runner.run()

    _register_backup(app)


def load_demo():
    """The living demo (seeds/programme) where the clock can move; without ADJUSTABLE_CLOCK
    only the organisations, accounts and an open round, as before."""
    if not clock.clock.adjustable:
        demo.load(clock.now())
        click.echo("ADJUSTABLE_CLOCK is not set: demo accounts and an open round only "
                   "(the living demo moves time; `make run` sets it)")
        return
    started = perf_counter()
    if programme.build():
        click.echo(f"living demo built in {perf_counter() - started:.1f} s: the clock stands at "
                   f"{clock.local_text(clock.now())} (Beijing time)")
    else:
        click.echo("the database already has cases: the demo programme is left as it is")


def demo_accounts():
    return demo.ACCOUNTS


def _register_backup(app):
    @app.cli.command("backup")
    @click.argument("archive", type=click.Path(dir_okay=False))
    def backup_command(archive):
        """Write the database and the uploaded files to ARCHIVE (.tar.gz)."""
        counts = backup.dump(archive, current_app.config.get("FILES_DIR"))
        click.echo(f"backed up {sum(counts.values())} rows of {len(counts)} tables to {archive}")

    @app.cli.command("restore")
    @click.argument("archive", type=click.Path(exists=True, dir_okay=False))
    def restore_command(archive):
        """Restore ARCHIVE into an empty database (the schema is created first)."""
        upgrade(revision="heads")
        counts = backup.restore(archive, current_app.config.get("FILES_DIR"))
        click.echo(f"restored {sum(counts.values())} rows of {len(counts)} tables")
