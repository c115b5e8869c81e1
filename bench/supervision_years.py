"""Thirty years of supervision: does a certified zone load as fast as in its first year?

One case is driven in memory through the real diagrams (tests/helpers/lifecycle_driver.py)
to supervision, then through N years with a SAMR check and a provincial record each year
(decisions "none"), saved between steps by the engine's own serializer (the process spec
stored once per definition, as in the database). At year 1 and every tenth year it
measures the saved state, its task count, loading it, and one step (load, complete a
record, engine steps, prune, save). Baseline: the same case in its first year of
supervision. A second case runs the same years with pruning switched off, for comparison.

Run: `.venv/bin/python bench/supervision_years.py [--years 30] [--repeat 30]`
"""
import argparse
import copy
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._common import machine
from engine.runtime import pruning, serializer
from engine.runtime.scripting import script_engine
from tests.helpers.lifecycle_driver import SUPERVISION_RECORD, Case, Clock, load_specs, patched_clock, to_supervision

YEAR = [("supervision_check", SUPERVISION_RECORD), ("supervision_decision", {"decision": "none"}),
        ("province_supervision", SUPERVISION_RECORD), ("supervision_decision_province", {"decision": "none"})]


def measure(case, specs, repeat):
    """(state bytes, tasks, load ms, step ms): medians over `repeat` runs from the same state."""
    spec, subs = specs
    state = serializer.dump_workflow(case.wf)
    loads, steps = [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        workflow = serializer.load_workflow(state, spec, subs)
        loads.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        workflow = serializer.load_workflow(state, spec, subs)
        workflow.script_engine = script_engine()
        check = next(t for t in workflow.get_tasks(manual=True) if t.task_spec.bpmn_id == "supervision_check"
                     and t.state == 16)  # READY
        check.set_data(**copy.deepcopy(SUPERVISION_RECORD))
        check.run()
        workflow.do_engine_steps()
        pruning.prune(workflow)
        serializer.dump_workflow(workflow)
        steps.append(time.perf_counter() - t0)
    return len(state), case.task_count(), statistics.median(loads), statistics.median(steps)


def supervise(years, repeat, marks):
    specs = load_specs()
    clock = Clock(datetime(2026, 1, 5, 9, tzinfo=UTC))
    rows = {}
    with patched_clock(clock):
        case = Case(clock)
        to_supervision(case)
        for year in range(1, years + 1):
            clock.advance(days=365)
            for name, form in YEAR:
                case.complete(name, form)
            if year in marks:
                rows[year] = measure(case, specs, repeat)
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--years", type=int, default=30)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    marks = {1, *range(10, args.years + 1, 10), args.years}
    pruned = supervise(args.years, args.repeat, marks)
    prune, pruning.prune = pruning.prune, lambda workflow: 0
    try:
        unpruned = supervise(args.years, args.repeat, marks)
    finally:
        pruning.prune = prune
    print(f"supervision, {args.years} years × (SAMR check + provincial record), medians of {args.repeat}; {machine()}")
    print(f"{'year':>4} {'pruning':<8}{'state KB':>10}{'tasks':>7}{'load ms':>9}{'step ms':>9}"
          f"{'load × year 1':>15}{'step × year 1':>15}")
    for label, rows in (("on", pruned), ("off", unpruned)):
        base = pruned[1]
        for year in sorted(rows):
            size, tasks, load, step = rows[year]
            print(f"{year:>4} {label:<8}{size / 1024:>10.1f}{tasks:>7}{load * 1000:>9.2f}{step * 1000:>9.2f}"
                  f"{load / base[2]:>15.2f}{step / base[3]:>15.2f}")


if __name__ == "__main__":
    main()
