"""The audit trail is append-only: the ORM refuses updates and deletes of events."""
import pytest
from sqlalchemy import delete, update

from engine.audit import record
from models import AuditEvent, db
from models.audit import AuditImmutable


@pytest.fixture
def event(app):
    with app.app_context():
        created = record("samr", "case_started", detail={"x": 1})
        db.session.commit()
        yield created
        db.session.rollback()


def test_an_event_cannot_be_changed(event):
    event.action = "case_forgotten"
    with pytest.raises(AuditImmutable):
        db.session.flush()


def test_an_event_cannot_be_deleted(event):
    db.session.delete(event)
    with pytest.raises(AuditImmutable):
        db.session.flush()


@pytest.mark.parametrize("statement", [
    update(AuditEvent).values(actor="someone else"), delete(AuditEvent)])
def test_bulk_changes_are_refused(event, statement):
    with pytest.raises(AuditImmutable):
        db.session.execute(statement)
    db.session.rollback()
    assert db.session.get(AuditEvent, event.id).actor == "samr"


def test_no_code_outside_tests_deletes_or_updates_events():
    """A static check over the code base: nothing but this guard names an update of events."""
    from pathlib import Path
    root = Path(__file__).resolve().parents[2]
    offenders = []
    for package in ("engine", "web", "models"):
        for path in (root / package).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            for needle in ("update(AuditEvent", "delete(AuditEvent", "DELETE FROM audit_events",
                           "UPDATE audit_events", "AuditEvent.query.delete", "AuditEvent.query.update"):
                if needle in text:
                    offenders.append(f"{path.relative_to(root)}: {needle}")
    assert offenders == []
