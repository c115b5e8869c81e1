"""What engine/runtime/pruning.py cuts from a workflow and what it keeps, on a real
SpiffWorkflow workflow of tests/engine/diagrams/pruning_loop.bpmn (parsed and linted by the
engine's registry), saved and loaded with the engine's serializer between steps like a case.
The lifecycle's own growth over the years is tested with the real diagrams in tests/bpmn."""
from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.util.task import TaskState

from engine.definitions import registry
from engine.runtime import pruning, serializer
from engine.runtime.scripting import script_engine
from tests.helpers import engine_diagrams

KEY = "pruning_loop"
ROUNDS = 30
FINISHED = TaskState.COMPLETED | TaskState.CANCELLED


class Walk:
    """One workflow of the test diagram. Each step ends as instances.save and load do:
    engine steps, prune, serialise without the spec, load again."""

    def __init__(self, prune=True):
        bundle = registry.parse_bundle(engine_diagrams.read("pruning_loop.bpmn"), engine_diagrams.FORMS)
        self.spec, self.subs, _ = bundle[KEY]
        self.prune = prune
        self.workflow = BpmnWorkflow(self.spec, self.subs, script_engine=script_engine())
        self.removed, self.sizes = [], []
        self._save()

    def _save(self):
        self.workflow.do_engine_steps()
        self.removed.append(pruning.prune(self.workflow) if self.prune else 0)
        state = serializer.dump_workflow(self.workflow)
        self.sizes.append(len(state))
        self.workflow = serializer.load_workflow(state, self.spec, self.subs)
        self.workflow.script_engine = script_engine()

    def ready(self):
        return sorted(t.task_spec.bpmn_id for t in self.workflow.get_tasks(state=TaskState.READY, manual=True))

    def task(self, name):
        found = [t for t in self.workflow.get_tasks(state=TaskState.READY, manual=True) if t.task_spec.bpmn_id == name]
        assert len(found) == 1, self.ready()
        return found[0]

    def complete(self, name, note):
        task = self.task(name)
        task.set_data(note=note)
        task.run()
        self._save()
        return self

    def tasks_of(self, name, state=TaskState.ANY_MASK):
        """The tasks of element `name` the main process still holds, in `state`."""
        return [t for t in self.workflow.tasks.values()
                if getattr(t.task_spec, "bpmn_id", None) == name and t.state & state]

    def pending(self):
        """What is still to happen, as a person or the engine would read it: every unfinished
        task (called processes too) by element and state, and the data of the ready ones."""
        tasks = self.workflow.get_tasks(state=TaskState.NOT_FINISHED_MASK)
        return (sorted((t.task_spec.name, t.state) for t in tasks),
                sorted(repr(sorted(t.data.items())) for t in tasks if t.state == TaskState.READY))

    def loop(self, rounds):
        for _ in range(rounds):
            self.complete("check", "again")
        return self


def test_a_loop_run_many_times_keeps_the_saved_state_bounded():
    pruned, kept = Walk().loop(ROUNDS), Walk(prune=False).loop(ROUNDS)
    # from the second round on, the state neither grows nor holds more tasks
    assert max(pruned.sizes[2:]) - min(pruned.sizes[2:]) < 50, pruned.sizes
    assert len(pruned.workflow.tasks) == len(Walk().loop(2).workflow.tasks)
    # the same walk without pruning grows with every round (what the cut saves)
    assert kept.sizes[-1] > 4 * pruned.sizes[-1]
    assert len(kept.tasks_of("check", TaskState.COMPLETED)) == ROUNDS
    assert all(removed > 0 for removed in pruned.removed[2:])


def test_the_ready_iteration_and_the_case_data_are_kept_the_finished_ones_go():
    walk, unpruned = Walk().loop(ROUNDS), Walk(prune=False).loop(ROUNDS)
    assert walk.pending() == unpruned.pending()  # nothing still to happen was lost
    assert walk.tasks_of("check", FINISHED) == []  # no finished iteration is left
    ready = walk.task("check")
    assert ready.data["rounds"] == ROUNDS and ready.data["note"] == "again"  # data carried forward
    node = ready  # still hangs from the root, through tasks the workflow holds
    while node.parent is not None:
        assert node.parent.id in walk.workflow.tasks
        node = node.parent
    assert node is walk.workflow.task_tree
    assert walk.workflow.last_task.id in walk.workflow.tasks
    walk.complete("check", "done")  # the pruned workflow goes on: out of the loop, into the fork
    unpruned.complete("check", "done")
    assert walk.ready() == ["report", "sign"] and walk.pending() == unpruned.pending()


def test_a_running_called_process_is_kept_and_an_ended_one_leaves_with_its_results_in_the_caller():
    walk, unpruned = Walk().loop(3).complete("check", "done"), Walk(prune=False).loop(3).complete("check", "done")
    assert len(walk.workflow.subprocesses) == 1  # running: the report waits in it
    walk.complete("sign", "signed")  # the join now waits for the called process
    unpruned.complete("sign", "signed")
    assert walk.pending() == unpruned.pending()
    assert walk.tasks_of("sign")[0].state == TaskState.COMPLETED  # a waiting join's finished branch stays
    assert len(walk.workflow.subprocesses) == 1 and walk.ready() == ["report"]
    walk.complete("report", "reported")
    assert walk.workflow.subprocesses == {}  # ended and its call activity finished: gone
    assert walk.removed[-1] > 0
    close = walk.task("close")  # the join fired
    assert close.data["report_note"] == "reported" and close.data["rounds"] == 4
    walk.complete("close", "closed")
    assert walk.workflow.completed and walk.workflow.data["report_note"] == "reported"
