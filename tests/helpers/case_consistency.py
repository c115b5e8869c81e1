"""What a user and the engine can tell of a case, read back from the database after a
fault: fails if the saved workflow and the inbox rows disagree (a case 'between' states)."""
from engine.runtime import instances
from models import AuditEvent, Case, HumanTask, db


def shape(app, case_id):
    """The case without its ids and timestamps: stage, status, lock version, inbox rows and
    history, as tuples that compare equal across cases that went the same way."""
    with app.app_context():
        db.session.rollback()  # read what the other processes committed
        case = db.session.get(Case, case_id, populate_existing=True)
        rows = HumanTask.query.filter_by(case_id=case_id).order_by(HumanTask.id).all()
        events = AuditEvent.query.filter_by(case_id=case_id).order_by(AuditEvent.id).all()
        ready = {str(t.id) for t in instances.ready_user_tasks(instances.load(case))}
        open_rows = {r.task_guid for r in rows if r.completed_at is None}
        assert ready == open_rows, f"case {case_id}: workflow ready {ready} but inbox open {open_rows}"
        return {"stage": case.stage, "status": case.status, "lock_version": case.lock_version,
                "next_timer": case.next_timer_at is not None,
                "tasks": [(r.name, r.completed_at is None, r.completed_by) for r in rows],
                "history": [(e.actor, e.action, e.task_name) for e in events]}
