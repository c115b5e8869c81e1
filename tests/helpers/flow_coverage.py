"""A pytest plugin (tests/conftest.py lists it in `pytest_plugins`): which sequence flows of
the diagrams in bpmn/ the tests took, through the real engine.

With `--flow-coverage`, after each test that used the app the cases it left in the database
are read back and every step of their task trees is mapped to a (process, source, target)
flow; the run fails if a flow of some diagram was never taken.
"""
from pathlib import Path

import pytest
from lxml import etree
from SpiffWorkflow.util.task import TaskState

BPMN = "{http://www.omg.org/spec/BPMN/20100524/MODEL}"
REACHED = TaskState.READY | TaskState.WAITING | TaskState.STARTED | TaskState.COMPLETED | TaskState.ERROR


def diagram_flows(directory):
    """{(process or sub-process id, source id, target id): (file, flow id)} for every flow."""
    flows = {}
    for path in sorted(Path(directory).glob("*.bpmn")):
        root = etree.parse(str(path)).getroot()
        for flow in root.iter(f"{BPMN}sequenceFlow"):
            container = flow.getparent()
            flows[(container.get("id"), flow.get("sourceRef"), flow.get("targetRef"))] = (path.name, flow.get("id"))
    return flows


def _reached(task):
    if task.state & REACHED:
        return True
    # a join copy that another branch completed was still reached by its own branch
    return task.state == TaskState.CANCELLED and type(task.task_spec).__name__.endswith("Gateway") \
        and task.parent is not None and task.parent.state == TaskState.COMPLETED


def taken_flows(workflow):
    taken = set()
    for sub in (workflow, *workflow.subprocesses.values()):
        process = sub.spec.name
        for task in sub.tasks.values():
            target = getattr(task.task_spec, "bpmn_id", None)
            if not target or not _reached(task):
                continue
            parent = task.parent
            while parent is not None and not getattr(parent.task_spec, "bpmn_id", None):
                parent = parent.parent
            if parent is not None and parent.task_spec.bpmn_id != target:
                taken.add((process, parent.task_spec.bpmn_id, target))
    return taken


class FlowCoverage:
    def __init__(self, directory):
        self.directory = directory
        self.taken = set()

    def watch_pruning(self):
        """The engine drops finished loop iterations and called processes before it saves
        (engine/runtime/pruning.py): read each workflow just before, so that no taken flow is missed."""
        from engine.runtime import pruning
        prune = pruning.prune

        def collecting(workflow):
            self.taken |= taken_flows(workflow)
            return prune(workflow)
        pruning.prune = collecting

    def collect(self):
        """Read back every case in the database (inside an app context)."""
        from engine.runtime import instances
        from models import Case
        for case in Case.query.all():
            self.taken |= taken_flows(instances.load(case))

    def missing(self):
        flows = diagram_flows(self.directory)
        return sorted(where for key, where in flows.items() if key not in self.taken)


# -- the plugin's hooks ---------------------------------------------------------------------
BPMN_DIR = Path(__file__).resolve().parents[2] / "bpmn"


def pytest_addoption(parser):
    parser.addoption("--flow-coverage", action="store_true",
                     help="fail unless the tests took every sequence flow of bpmn/")


def pytest_configure(config):
    config.flow_coverage = FlowCoverage(BPMN_DIR) if config.getoption("--flow-coverage") else None
    if config.flow_coverage is not None:
        config.flow_coverage.watch_pruning()


@pytest.fixture(autouse=True)
def collect_flows(request):
    """After the test, before the next one clears the case tables (tests/conftest.py)."""
    yield
    coverage = request.config.flow_coverage
    if coverage is not None and "app" in request.fixturenames:
        with request.getfixturevalue("app").app_context():
            coverage.collect()


def pytest_sessionfinish(session, exitstatus):
    coverage = session.config.flow_coverage
    if coverage is None or exitstatus != 0 or session.testscollected == 0:
        return
    missing = coverage.missing()
    if missing:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        reporter.write_line(f"flow coverage: {len(missing)} sequence flow(s) no test took:", red=True)
        for file, flow in missing:
            reporter.write_line(f"  {file}: {flow}")
        session.exitstatus = 1
