"""`make mutate`: mutation testing of the modules that guard people's data and the scheduler,
with mutmut (pinned in requirements.txt; settings in pyproject.toml [tool.mutmut]).

    python -m tests.helpers.mutation                    # every module listed, then the scores
    python -m tests.helpers.mutation engine/access.py   # one module (others keep their last results)
    python -m tests.helpers.mutation --report           # the scores and survivors of the last runs
    python -m tests.helpers.mutation --again engine/access.py   # its survivors again, after new tests

Each module of pyproject.toml's [tool.mutmut.modules] is mutated in a process of its own, against
the tests listed for it; of those, each mutant runs only the ones that execute its function.

What mutmut 3.3.1 does not do by itself, done here:
- One module at a time with its own tests: of the `paths_to_mutate` (copied whole into
  mutants/ so the application imports), only that file is mutated, the others are copied.
- Functions decorated with the engine's own wrappers (@transactional, @incidents.recorded) are
  mutated too: mutmut skips every decorated function, and those are the ones that claim,
  complete and fire. Their decorators stay on each copy; the trampoline between them is plain.
- Its timeout check compares each child with the wrong mutant's time (`_timeout_checker`).
- Its test-to-function statistics read an attribute pytest 9 removed, and time a test by its
  teardown alone, so that every mutant's time limit (15 × its tests' time) fell to 15 s and
  slow-but-correct runs counted as timeouts (`_patch_stats`: setup, call and teardown summed).
"""
import contextlib
import json
import os
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WRAPPERS = {"transactional", "incidents.recorded"}  # decorators that only wrap the call
TIME_FACTOR = 15  # a mutant whose tests take 15 times as long as unmutated is a timeout (killed)


def _decorator_name(decorator) -> str:
    import libcst as cst
    node = decorator.decorator
    parts = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if isinstance(node, cst.Name):
        parts.append(node.value)
        return ".".join(reversed(parts))
    return ""  # a call (@x.checks("date")) or anything else: not a plain wrapper


def _patch_mutmut() -> None:
    import libcst as cst
    from mutmut import file_mutation

    original = file_mutation.MutationVisitor._skip_node_and_children

    def skip(self, node):
        if isinstance(node, cst.Decorator):
            return True  # decorators run at import: never mutated
        if isinstance(node, cst.FunctionDef) and node.decorators and \
                all(_decorator_name(d) in WRAPPERS for d in node.decorators):
            return node.name.value in file_mutation.NEVER_MUTATE_FUNCTION_NAMES
        return original(self, node)

    file_mutation.MutationVisitor._skip_node_and_children = skip
    _patch_stats()


def _patch_stats() -> None:
    """mutmut 3.3.1 reads `item._nodeid`, which pytest 9 no longer has: the same collector,
    reading `item.nodeid`."""
    import mutmut
    from mutmut import __main__ as main

    def run_stats(self, *, tests):
        class StatsCollector:
            def pytest_runtest_teardown(self, item, nextitem):
                for function in mutmut._stats:
                    mutmut.tests_by_mangled_function_name[function].add(
                        main.strip_prefix(item.nodeid, prefix="mutants/"))
                mutmut._stats.clear()

            def pytest_runtest_makereport(self, item, call):  # setup, call and teardown: all three
                if call.when == "setup":
                    mutmut.duration_by_test[item.nodeid] = 0.0
                mutmut.duration_by_test[item.nodeid] += call.duration

        args = ["-x", "-q", *(tests or mutmut.config.tests_dir)]
        with main.change_cwd("mutants"):
            return int(self.execute_pytest(args, plugins=[StatsCollector()]))

    main.PytestRunner.run_stats = run_stats
    main.timeout_checker = _timeout_checker


def _timeout_checker(mutants):
    """mutmut 3.3.1 measures every running child against the time of every mutant of its file,
    so any child older than 15 s was killed as a timeout; here each against its own tests' time."""
    import signal
    from datetime import datetime
    from time import sleep

    from mutmut import __main__ as main
    files = {id(m): m for m, _, _ in mutants}.values()

    def check():
        while True:
            sleep(1)
            now = datetime.now()
            for m in files:
                with main.START_TIMES_BY_PID_LOCK:
                    started = dict(m.start_time_by_pid)
                for pid, at in started.items():
                    if (now - at).total_seconds() > (m.estimated_time_of_tests_by_pid.get(pid, 0) + 1) * TIME_FACTOR:
                        with contextlib.suppress(ProcessLookupError):
                            os.kill(pid, signal.SIGXCPU)
    return check


def _settings() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["mutmut"]


def _configure(module: str) -> None:
    """Mutate `module` alone (the rest of paths_to_mutate is copied as it is, so that earlier
    runs' results of other modules stay), against its own tests."""
    import mutmut
    from mutmut.__main__ import load_config
    mutmut.config = load_config()
    mutmut.config.do_not_mutate = [str(p) for base in mutmut.config.paths_to_mutate
                                   for p in Path(base).rglob("*.py") if p != Path(module)]
    mutmut.config.tests_dir = list(_settings()["modules"][module])


def run_module(module: str, names: list[str] | None = None) -> None:
    """One module's mutants, in this process (mutmut keeps its state in globals). With `names`
    (mutant names or patterns) only those run again; the module's other results are kept."""
    os.chdir(ROOT)
    _patch_mutmut()
    _configure(module)
    Path("mutants/mutmut-stats.json").unlink(missing_ok=True)  # another module's tests
    meta = Path("mutants") / (module + ".meta")
    before = json.loads(meta.read_text())["exit_code_by_key"] if names and meta.exists() else {}
    from mutmut.__main__ import _run
    try:
        _run(names or [], max_children=int(os.environ.get("MUTATE_CHILDREN", "2")))
    except SystemExit as exc:
        if exc.code not in (0, None):
            raise
    finally:
        if before:  # mutmut reset every result of the file it generated anew
            data = json.loads(meta.read_text())
            for key, code in data["exit_code_by_key"].items():
                if code is None and before.get(key) is not None:
                    data["exit_code_by_key"][key] = before[key]
            meta.write_text(json.dumps(data, indent=4))


def report() -> int:
    """Per module: killed / mutants (score), and the survivors by name."""
    from mutmut.__main__ import status_by_exit_code
    total_killed = total = 0
    rows, survivors = [], []
    for path in _settings()["modules"]:
        meta = ROOT / "mutants" / (path + ".meta")
        if not meta.exists():
            rows.append((path, None, None, {}))
            continue
        results = json.loads(meta.read_text())["exit_code_by_key"]
        statuses = {name: status_by_exit_code.get(code, "not checked") if code is not None else "not checked"
                    for name, code in results.items()}
        counted = {n: s for n, s in statuses.items() if s not in ("not checked", "skipped")}
        killed = sum(1 for s in counted.values() if s in ("killed", "timeout", "segfault"))
        survivors += [(n, s) for n, s in counted.items() if s in ("survived", "no tests", "suspicious")]
        rows.append((path, killed, len(counted), {s: sum(1 for v in statuses.values() if v == s)
                                                  for s in set(statuses.values())}))
        total_killed, total = total_killed + killed, total + len(counted)
    print(f"{'module':40} {'killed':>7} {'mutants':>8} {'score':>7}")
    for path, killed, count, by_status in rows:
        if count is None:
            print(f"{path:40} {'-':>7} {'-':>8} {'not run':>7}")
        else:
            score = f"{100 * killed / count:.0f} %" if count else "-"
            print(f"{path:40} {killed:>7} {count:>8} {score:>7}   {by_status}")
    if total:
        print(f"{'all':40} {total_killed:>7} {total:>8} {100 * total_killed / total:.0f} %")
    if survivors:
        print("\nsurvivors (`python -m tests.helpers.mutation --show NAME` shows the change):")
        for name, status in sorted(survivors):
            print(f"  {status:9} {name}")
    return 0


def show(name: str) -> str:
    """The diff of one mutant (`engine.access.x_task_filter__mutmut_3`), from the source as it
    is now (mutmut's own `show` needs the mutants/ copy of that module's last run)."""
    import difflib

    import libcst as cst
    from mutmut import file_mutation
    _patch_mutmut()
    module, _, function = name.rpartition(".")
    path = ROOT / (module.replace(".", "/") + ".py")
    code, _ = file_mutation.mutate_file_contents(str(path), path.read_text("utf-8"))
    tree = cst.parse_module(code)
    stem = function.rpartition("__mutmut_")[0]
    bodies = {}
    for node in tree.body:
        nodes = node.body.body if isinstance(node, cst.ClassDef) else [node]
        for n in nodes:
            if isinstance(n, cst.FunctionDef) and n.name.value in (function, stem + "__mutmut_orig"):
                bodies[n.name.value] = tree.code_for_node(n).replace(n.name.value, stem).splitlines()
    return "\n".join(difflib.unified_diff(bodies[stem + "__mutmut_orig"], bodies[function], lineterm="", n=1))


def main(argv: list[str]) -> int:
    import subprocess
    import time
    if argv[:1] == ["--report"]:
        return report()
    if argv[:1] == ["--show"]:
        for name in argv[1:]:
            print(f"# {name}\n{show(name)}")
        return 0
    if argv[:1] == ["--one"]:
        run_module(argv[1], argv[2:])
        return 0
    if argv[:1] == ["--again"]:  # the survivors of one module's last run, against today's tests
        module = argv[1]
        results = json.loads((ROOT / "mutants" / (module + ".meta")).read_text())["exit_code_by_key"]
        again = [name for name, code in results.items() if code in (0, 33, 5)]
        subprocess.run([sys.executable, "-m", "tests.helpers.mutation", "--one", module, *again], cwd=ROOT)
        return report()
    modules = argv or list(_settings()["modules"])
    for module in modules:
        began = time.monotonic()
        print(f"== {module}: mutants against {', '.join(_settings()['modules'][module])}", flush=True)
        done = subprocess.run([sys.executable, "-m", "tests.helpers.mutation", "--one", module], cwd=ROOT)
        print(f"== {module}: {time.monotonic() - began:.0f} s (exit {done.returncode})", flush=True)
    return report()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
