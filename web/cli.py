"""Command line: `flask --app wsgi init-db [--demo]`, `deploy`, `run-timers`."""
import click
from flask import current_app
from flask_migrate import upgrade

from engine import clock, definitions, timers
from models import db, demo


def init_db(with_demo=False):
    upgrade(revision="heads")  # parallel feature branches may add heads; apply them all
    created = definitions.deploy_directory(current_app.config["BPMN_DIR"], "system")
    db.session.commit()
    if with_demo:
        demo.load(clock.now())
    return created


def register(app):
    @app.cli.command("init-db")
    @click.option("--demo", "with_demo", is_flag=True, help="Load demo organisations, accounts and a round.")
    def init_db_command(with_demo):
        """Create or upgrade the schema, deploy bpmn/, optionally load demo data."""
        created = init_db(with_demo)
        click.echo(f"schema up to date; {len(created)} process definition(s) deployed")
        if with_demo:
            click.echo("demo accounts (password: demo-password): " +
                       ", ".join(a[0] for a in demo_accounts()))

    @app.cli.command("deploy")
    def deploy_command():
        """Deploy changed diagrams under bpmn/ as new versions."""
        created = definitions.deploy_directory(current_app.config["BPMN_DIR"], "system")
        db.session.commit()
        for d in created:
            click.echo(f"deployed {d.key} v{d.version} ({d.hash[:12]})")
        if not created:
            click.echo("nothing changed")

    @app.cli.command("run-timers")
    def run_timers_command():
        """Fire the timers due now (what the scheduler does every second)."""
        for fired in timers.run_due():
            click.echo(fired)


def demo_accounts():
    return demo.ACCOUNTS
