"""Pruning as a case sees it, through the database: tasks completed by the engine's services
on tests/engine/diagrams/pruning_loop.bpmn. The saved state stays the same size however often
the loop runs, while the inbox rows and the audit trail keep every round; a called process
is in the saved state while it runs and leaves it once it ended."""
import pytest
from SpiffWorkflow.util.task import TaskState

from engine.casework import tasks
from engine.runtime import instances
from models import AuditEvent, Case, HumanTask, User, db
from tests.helpers import engine_diagrams

ROUNDS = 25


@pytest.fixture
def case_id(app):
    with app.app_context():
        engine_diagrams.deploy("pruning_loop.bpmn")
        yield engine_diagrams.start_case("pruning_loop")
        engine_diagrams.remove("pruning_loop", "pruning_report")
        db.session.remove()


def act(case_id, name, username, note):
    user = User.query.filter_by(username=username).one()
    task = HumanTask.query.filter_by(case_id=case_id, name=name, completed_at=None).one()
    tasks.complete(user, task.id, {"note": note})


def saved(case_id):
    """The case and its workflow as the next request would load it."""
    case = db.session.get(Case, case_id)
    return case, instances.load(case)


def test_a_loop_run_many_times_saves_a_bounded_state_and_every_round_stays_in_inbox_and_trail(case_id):
    sizes = []
    for _ in range(ROUNDS):
        act(case_id, "check", "app-yuncheng", "again")
        sizes.append(len(db.session.get(Case, case_id).state_json))
    assert max(sizes[1:]) - min(sizes[1:]) < 100, sizes  # bytes: ids and timestamps vary a little
    rows = HumanTask.query.filter_by(case_id=case_id, name="check").all()
    assert sum(r.completed_at is not None for r in rows) == ROUNDS
    assert [r.completed_by for r in rows if r.completed_at is None] == [None]  # the next round is open
    completed = AuditEvent.query.filter_by(case_id=case_id, action="task_completed", task_name="check").count()
    assert completed == ROUNDS
    _, workflow = saved(case_id)  # what it saved: the open round, with the data of all rounds
    ready = instances.ready_user_tasks(workflow)
    assert [t.task_spec.bpmn_id for t in ready] == ["check"] and ready[0].data["rounds"] == ROUNDS
    assert [t for t in workflow.get_tasks(state=TaskState.COMPLETED) if t.task_spec.bpmn_id == "check"] == []


def test_a_called_process_is_saved_while_it_runs_and_leaves_once_it_ended(case_id):
    act(case_id, "check", "app-yuncheng", "done")
    case, workflow = saved(case_id)
    assert len(workflow.subprocesses) == 1 and case.status == "active"
    act(case_id, "sign", "prov-shanxi", "signed")
    assert len(saved(case_id)[1].subprocesses) == 1  # the report is still to be made
    act(case_id, "report", "app-yuncheng", "reported")
    case, workflow = saved(case_id)
    assert workflow.subprocesses == {}
    assert instances.ready_user_tasks(workflow)[0].data["report_note"] == "reported"  # its results stay
    row = HumanTask.query.filter_by(case_id=case_id, name="report").one()  # the inbox still shows it
    assert row.completed_at is not None
    act(case_id, "close", "prov-shanxi", "closed")
    case, _ = saved(case_id)
    assert (case.status, case.stage) == ("closed", "certified")
