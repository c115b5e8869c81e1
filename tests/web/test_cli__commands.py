"""The command line an operator types (web/cli.py, and flask-smorest's `openapi`), through
Flask's CLI runner: what each command does and prints. `init-db` and `restore` start from an
empty database of their own; `scheduler` never returns, so the runner checks its options and a
real `flask --app wsgi scheduler` process is stopped with SIGTERM, as a service manager does."""
import ast
import json
import re
import shutil

import pytest
from sqlalchemy import func, select

from engine import clock
from engine.definitions import registry
from engine.scheduling.lease import NAME as LEASE
from engine.scheduling.lease import wall_now
from models import AuditEvent, CalendarYear, Case, ProcessDefinition, Round, SchedulerLease, User, db
from seeds import demo
from tests.helpers import diagram_variants
from tests.helpers.api_journey import Journey
from tests.helpers.databases import app_on, empty_database
from tests.helpers.scheduler_harness import SchedulerProcess, wait_for

RETURN = {"decision": "return", "reasons": "请补充证明材料", "amend_deadline": "2030-01-31"}


def invoke(app, *args):
    result = app.test_cli_runner().invoke(args=list(args))
    assert result.exit_code == 0, (result.output, result.exception)
    return result.stdout  # alembic logs its migrations on stderr


def definitions(app):
    with app.app_context():
        return sorted(db.session.execute(select(ProcessDefinition.key, ProcessDefinition.version)).all())


# -- init-db --------------------------------------------------------------------------------
def test_init_db_creates_the_schema_and_deploys_bpmn_once(database_url, tmp_path):
    with app_on(empty_database(database_url, tmp_path, "cli_init")) as fresh:
        first = invoke(fresh, "init-db")
        deployed = definitions(fresh)
        assert first == f"schema up to date; {len(deployed)} process definition(s) deployed\n"
        keys = [key for key, _ in deployed]
        assert {"zone_lifecycle", "walking_skeleton"} <= set(keys) and len(keys) == len(set(keys))
        with fresh.app_context():
            assert User.query.count() == 0 and Round.query.count() == 0  # no demo data asked for
        assert invoke(fresh, "init-db") == "schema up to date; 0 process definition(s) deployed\n"
        assert definitions(fresh) == deployed


def test_init_db_with_demo_builds_the_programme_with_accounts_that_can_sign_in_and_an_open_round(database_url, tmp_path):
    with app_on(empty_database(database_url, tmp_path, "cli_demo")) as fresh:
        lines = invoke(fresh, "init-db", "--demo").splitlines()
        assert lines[0].startswith("schema up to date;")
        names = [username for username, *_ in demo.ACCOUNTS]
        assert lines[1].startswith("living demo built in")  # the tests run with the adjustable clock
        assert lines[-1] == "demo accounts (password: demo-password): " + ", ".join(names)
        with fresh.app_context():
            assert set(names) <= set(db.session.execute(select(User.username)).scalars())
            rounds = Round.query.filter_by(kind="application").all()
            assert any(r.opens_at <= clock.now() <= r.closes_at for r in rounds)
            years = set(db.session.execute(select(CalendarYear.year)).scalars())
            this_year = clock.now().year
            assert set(range(this_year, this_year + 11)) <= years  # the demo may move ten years ahead
        token = fresh.test_client().post("/api/v1/auth/token",
                                         json={"username": "prov-shanxi", "password": demo.PASSWORD})
        assert token.status_code == 200, token.get_json()


# -- deploy ---------------------------------------------------------------------------------
def test_deploy_of_the_deployed_bpmn_directory_changes_nothing(app):
    before = definitions(app)
    assert invoke(app, "deploy") == "nothing changed\n"
    assert definitions(app) == before


def test_deploy_makes_a_changed_diagram_the_next_version_once(app, versions, tmp_path, monkeypatch):
    edited = tmp_path / "bpmn"
    shutil.copytree(diagram_variants.BPMN_DIR / "forms", edited / "forms")
    (edited / "walking_skeleton.bpmn").write_bytes(diagram_variants.with_legal_review(diagram_variants.original()))
    monkeypatch.setitem(app.config, "BPMN_DIR", str(edited))
    with app.app_context():
        current = registry.latest(diagram_variants.KEY).version

    output = invoke(app, "deploy")
    assert re.fullmatch(rf"deployed walking_skeleton v{current + 1} \([0-9a-f]{{12}}\)\n", output), output
    with app.app_context():
        latest = registry.latest(diagram_variants.KEY)
        assert (latest.version, latest.deployed_by) == (current + 1, "system")
        assert latest.hash.startswith(output.split("(")[1][:12])
        event = AuditEvent.query.filter_by(action="definition_deployed").one()
        assert event.detail["version"] == current + 1
    assert invoke(app, "deploy") == "nothing changed\n"  # the same files again


# -- run-timers -----------------------------------------------------------------------------
def test_run_timers_fires_what_is_due_once_and_prints_each_case(app, api):
    journey = Journey(api).apply().review(**RETURN)  # the amendment deadline waits
    assert invoke(app, "run-timers") == ""  # nothing due yet
    with app.app_context():
        clock.clock.set(clock.now().replace(year=2030, month=2, day=2))
    lines = invoke(app, "run-timers").splitlines()
    assert len(lines) == 1
    fired = ast.literal_eval(lines[0])
    assert (fired["case_id"], fired["stage_after"]) == (journey.case_id, "withdrawn")
    assert journey.stage == "withdrawn"
    assert invoke(app, "run-timers") == ""  # fired once, never again


# -- backup and restore ---------------------------------------------------------------------
def test_backup_then_restore_into_an_empty_database_brings_back_every_row_and_file(
        app, api, database_url, tmp_path, monkeypatch):
    journey = Journey(api).apply()
    files, restored_files = tmp_path / "files", tmp_path / "restored-files"
    (files / "ab").mkdir(parents=True)
    (files / "ab" / "abcdef").write_bytes(b"%PDF-1.4 evidence")
    monkeypatch.setitem(app.config, "FILES_DIR", str(files))
    archive = tmp_path / "backup.tar.gz"

    backed_up = re.fullmatch(r"backed up (\d+) rows of (\d+) tables to (.+)\n", invoke(app, "backup", str(archive)))
    assert backed_up and backed_up.group(3) == str(archive)
    rows, tables = backed_up.group(1), backed_up.group(2)
    with app.app_context():
        expected = sorted(db.session.execute(select(Case.id, Case.stage, Case.state_json)).all())
        events = db.session.execute(select(func.count()).select_from(AuditEvent)).scalar()

    url = empty_database(database_url, tmp_path, "cli_restore")
    with app_on(url, FILES_DIR=str(restored_files)) as target:
        assert invoke(target, "restore", str(archive)) == f"restored {rows} rows of {tables} tables\n"
        with target.app_context():
            assert sorted(db.session.execute(select(Case.id, Case.stage, Case.state_json)).all()) == expected
            assert db.session.execute(select(func.count()).select_from(AuditEvent)).scalar() == events
            assert db.session.get(Case, journey.case_id).stage == "initial_review"
    assert (restored_files / "ab" / "abcdef").read_bytes() == b"%PDF-1.4 evidence"


# -- scheduler ------------------------------------------------------------------------------
def lease_row(app):
    with app.app_context():
        row = db.session.get(SchedulerLease, LEASE)
        found = (row.holder, row.expires_at) if row is not None else None
        db.session.remove()  # the next look reads what the process committed since
        return found


def test_scheduler_help_names_its_options(app):
    before = lease_row(app)
    output = invoke(app, "scheduler", "--help")
    assert "--poll FLOAT" in output and "--lease-ttl FLOAT" in output and "[default: 15.0]" in output
    assert lease_row(app) == before  # asking for help starts nothing


@pytest.mark.parametrize("args, complaint", [
    (["scheduler", "--poll", "soon"], "Invalid value for '--poll'"),
    (["scheduler", "--lease-ttl", "long"], "Invalid value for '--lease-ttl'"),
    (["scheduler", "--every", "1"], "No such option '--every'"),
    (["backup"], "Missing argument 'ARCHIVE'"),
    (["restore", "no-such-archive.tar.gz"], "does not exist"),
])
def test_a_command_given_wrong_arguments_says_why_and_does_nothing(app, args, complaint):
    before = lease_row(app)
    result = app.test_cli_runner().invoke(args=args)
    assert result.exit_code == 2 and complaint in result.output, result.output
    assert lease_row(app) == before


def test_scheduler_takes_the_lease_and_on_sigterm_hands_it_back_and_exits_cleanly(app, database_url):
    process = SchedulerProcess(database_url, "cli", lease_ttl=30.0)
    try:
        def holding():
            row = lease_row(app)
            return row is not None and row[0].endswith(process.holder_suffix) and row[1] > wall_now()
        assert wait_for(holding, timeout=30), process.output()
    finally:
        code = process.stop()  # SIGTERM, as systemd or Ctrl-C would
    assert code == 0, process.output()
    holder, expires_at = lease_row(app)
    # released, not left to expire: a successor need not wait out the 30 s lease
    assert holder.endswith(process.holder_suffix) and expires_at <= wall_now()
    output = process.output()
    assert "is active" in output and "stopped" in output, output


# -- openapi (flask-smorest) ----------------------------------------------------------------
def test_openapi_print_and_write_give_the_document_the_api_serves(app, client, tmp_path):
    served = client.get("/api/v1/openapi.json").get_json()
    assert json.loads(invoke(app, "openapi", "print")) == served
    target = tmp_path / "openapi.json"
    invoke(app, "openapi", "write", str(target))
    assert json.loads(target.read_text(encoding="utf-8")) == served
