"""The small diagrams of tests/engine/diagrams/, made for one engine concern each: deployed
for a test and removed after it (their form `note` is not under bpmn/forms, and other tests
redeploy what is deployed), and cases on them."""
from pathlib import Path

from sqlalchemy import delete, text

from engine.casework import cases
from engine.definitions import registry
from models import ProcessDefinition, Round, User, db

DIAGRAMS = Path(__file__).resolve().parents[1] / "engine" / "diagrams"
FORMS = {"note": {"type": "object", "properties": {"note": {"type": "string"}}}}


def read(name):
    """{file name: bytes} of one diagram, as registry.deploy and registry.parse_bundle take it."""
    return {name: (DIAGRAMS / name).read_bytes()}


def deploy(name):
    registry.deploy(read(name), FORMS, "test")
    db.session.commit()


def remove(*keys):
    """The definitions of `keys` go, and the case rows as at the start of every test."""
    from tests.conftest import CASE_TABLES
    db.session.rollback()
    for table in CASE_TABLES:
        db.session.execute(text(f"DELETE FROM {table}"))
    db.session.execute(delete(ProcessDefinition).where(ProcessDefinition.key.in_(keys)))
    db.session.commit()


def start_case(key, username="app-yuncheng", round_id=None):
    user = User.query.filter_by(username=username).one()
    round_id = round_id or Round.query.filter_by(kind="application").order_by(Round.id).first().id
    return cases.start(user, round_id, key=key).id
