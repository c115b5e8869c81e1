"""The step, time and memory budget of diagram code, and the size guards it runs with.

RestrictedPython keeps a script away from what it must not touch, not from running
for ever: `while True: pass` held the request (on SQLite the database's write lock,
so every other request waited), `'a' * 10**10` allocated 10 GB. The confined compiler
(engine.runtime.scripting) therefore puts `_step_()` at the top of every loop body,
function and lambda, sends every iteration through `_getiter_`, and turns the
operators that can build huge objects in one go (`*`, `**`, `<<`, `+`, `%`) into
calls of the guards below.

One budget covers one engine step (`instances.run`, or one evaluation outside one).
Steps are counted in C: `_step_` is the `__next__` of an endless chain of windows of
CHECKPOINT ticks, and `_getiter_` pairs each item with a tick (`compress`). Between
windows the clock and the process's resident memory are compared with the limits of
engine.config.settings. Going over fails the step (an incident) and stays failed: a
script that catches the error meets it again at its next step, and after it ends.
"""
import os
import re
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import chain, compress, islice, repeat
from time import perf_counter, thread_time
from typing import Any, NoReturn

from engine.config import settings

MAX_ITEMS = 1_000_000    # the longest sequence or text one operation may build
MAX_DATA = 2 * MAX_ITEMS  # task data a script leaves behind, as saved (shared parts counted each time)
MAX_INT_BITS = 65_536    # the largest integer (≈ 20 000 digits): beyond, arithmetic is slow
MAX_ROUND_DIGITS = 400   # round(5, -10**9) computes 10**(10**9)
CHECKPOINT = 256         # steps between looks at the clock and the memory
BIG = 1 << 16            # an operation building more items looks at the clock and memory first
_SEQUENCES = (str, bytes, list, tuple)
_SEQUENCE_TYPES = frozenset(_SEQUENCES)
_CONTAINERS = frozenset({dict, list, tuple, set, frozenset})
_TEXT_TYPES = frozenset({str, bytes})
_SPEC = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|[0-9]+)?(?:\.(\*|[0-9]+))?")
_local = threading.local()


class BudgetExceeded(Exception):
    """Diagram code went over its budget; the step fails (SpiffWorkflow wraps it with the element)."""


class _Memory:
    """The process's resident set size, read from /proc (one pread, ≈ 4 µs)."""

    def __init__(self) -> None:
        self.pid: int | None = None
        self.fd: int | None = None
        self.page = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096

    def resident(self) -> int:
        if self.pid != os.getpid():  # a forked worker must read its own file
            self.pid = os.getpid()
            try:
                self.fd = os.open("/proc/self/statm", os.O_RDONLY)
            except OSError:
                self.fd = None
        if self.fd is None:
            return 0  # no /proc: the size guards still bound each operation
        return int(os.pread(self.fd, 64, 0).split()[1]) * self.page


_memory = _Memory()


class Budget:
    """What one engine step's diagram code may still spend (one object per thread, reset per step)."""

    def __init__(self) -> None:
        self.guards: dict[str, Any] | None = None  # the script namespace bound to this budget (engine.runtime.scripting)
        self._new_chain()
        self.reset()

    def _new_chain(self) -> None:
        self.ticks = chain.from_iterable(map(self._window, repeat(None)))
        self.step = self.ticks.__next__  # `_step_`: one C call per loop round, call or lambda
        if self.guards is not None:
            self.guards["_step_"] = self.step
        self.window, self.broken = 0, False

    def reset(self) -> None:
        """Ready for the next engine step (what is left of the current window is spent there)."""
        if self.broken:
            self._new_chain()
        self.steps_left = settings.script_steps
        self.deadline = perf_counter() + settings.script_seconds
        self.cpu_start = thread_time()
        self.memory_limit: int | None = None  # set at the first look at the memory
        self.exceeded: str | None = None
        self.fresh = True

    # ------------------------------------------------------------ counting
    def _window(self, _: object) -> Iterator[bool]:
        """The next CHECKPOINT ticks, after a look at the limits; never raises itself (an
        exception would end the chain), it hands out a window that raises instead."""
        self.steps_left -= self.window
        fresh, self.fresh = self.fresh, False
        try:
            if self.steps_left < 0:
                self.fail(f"more than {settings.script_steps} steps")
            self.look(memory=not fresh)  # most steps end within their first window: no /proc read
        except BudgetExceeded as exc:
            self.window = 0
            return _raising(exc)
        self.window = max(1, min(CHECKPOINT, self.steps_left))
        return repeat(True, self.window)

    def look(self, memory: bool = True) -> None:
        """Compare the clock and the memory with the limits now."""
        if self.exceeded:
            raise BudgetExceeded(self.exceeded)
        # Wall time bounds how long the step holds its locks; the CPU floor keeps a step that
        # only waited for a busy machine (other threads, other processes) from failing.
        if perf_counter() > self.deadline and thread_time() - self.cpu_start > settings.script_seconds / 4:
            self.fail(f"longer than {settings.script_seconds:g} s")
        if not memory:
            return
        resident = _memory.resident()
        if self.memory_limit is None:
            self.memory_limit = resident + settings.script_memory_mb * 1024 * 1024
        elif resident > self.memory_limit:
            self.fail(f"more than {settings.script_memory_mb} MB of memory")

    def iterate(self, ob: Iterable[Any]) -> Iterator[Any]:
        """`_getiter_`: every item a loop, comprehension or unpacking takes is a step."""
        return compress(ob, self.ticks)

    def charge(self, steps: int) -> None:
        """Spend `steps` at once (items a builtin walks in C, instances a cardinality starts)."""
        if steps > 0:
            next(islice(self.ticks, steps - 1, None), None)

    def fail(self, why: str) -> NoReturn:
        self.exceeded = f"diagram code went over its budget: {why}"
        raise BudgetExceeded(self.exceeded)

    def settle(self) -> None:
        """After a script: if it caught the budget error and carried on, it still failed."""
        if self.exceeded:
            raise BudgetExceeded(self.exceeded)
        try:
            self.step()
        except StopIteration:  # an error raised while calling _window (RecursionError at the
            self.broken = True  # depth limit) ends the chain: its loops stopped short
            self.fail("recursion deeper than Python allows")

    # ------------------------------------------------------------ sizes
    def items(self, count: int, what: str = "a sequence") -> None:
        if count > MAX_ITEMS:
            self.fail(f"{what} of {count} items (at most {MAX_ITEMS})")
        if count > BIG:
            self.look()

    def mul(self, a: Any, b: Any) -> Any:
        if type(a) is int and type(b) is int:
            if a.bit_length() + b.bit_length() > MAX_INT_BITS:
                self.fail(f"an integer of more than {MAX_INT_BITS} bits")
        elif isinstance(a, _SEQUENCES) and isinstance(b, int):
            self.items(len(a) * max(b, 0))
        elif isinstance(b, _SEQUENCES) and isinstance(a, int):
            self.items(len(b) * max(a, 0))
        return a * b

    def add(self, a: Any, b: Any) -> Any:
        if type(a) in _SEQUENCE_TYPES and type(b) in _SEQUENCE_TYPES:
            self.items(len(a) + len(b))
        return a + b

    def pow(self, a: Any, b: Any, modulo: Any = None) -> Any:
        if type(b) is int and b > 0 and isinstance(a, int) and abs(a) > 1:
            bits = a.bit_length() * b if modulo is None else max(b.bit_length(), _bits(modulo))
            if bits > MAX_INT_BITS:
                self.fail(f"an integer of more than {MAX_INT_BITS} bits")
        return pow(a, b) if modulo is None else pow(a, b, modulo)

    def lshift(self, a: Any, b: Any) -> Any:
        if isinstance(a, int) and isinstance(b, int) and a and a.bit_length() + b > MAX_INT_BITS:
            self.fail(f"an integer of more than {MAX_INT_BITS} bits")
        return a << b

    def mod(self, a: Any, b: Any) -> Any:
        if isinstance(a, (str, bytes)):  # printf-style: a width of 10**9 is 1 GB of spaces
            args = b if isinstance(b, tuple) else (b,)
            texts = sum(len(x) for x in args if isinstance(x, _SEQUENCES))
            fields = a.count(b"%") if isinstance(a, bytes) else a.count("%")
            self.items(len(a) + _widest(a) * max(1, fields) + texts, "a formatted text")
        return a % b

    def range(self, *args: int) -> range:
        r = range(*args)
        try:
            self.items(len(r), "a range")
        except OverflowError:
            self.fail(f"{r!r} (at most {MAX_ITEMS} items)")
        return r

    def round(self, number: Any, ndigits: int | None = None) -> Any:
        if ndigits is not None and isinstance(ndigits, int) and abs(ndigits) > MAX_ROUND_DIGITS:
            self.fail(f"round() to {ndigits} digits (at most {MAX_ROUND_DIGITS})")
        return round(number) if ndigits is None else round(number, ndigits)

    def weigh(self, data: Any) -> None:
        """Refuse task data that would expand beyond MAX_DATA items when saved: `[a] * 1000`
        of a list `a` of 1000 lists of 1000 items is small in memory but 10^9 items in JSON.
        Each container is weighed once (post-order, memoised), so shared parts cost nothing."""
        weights: dict[int, int | None] = {}  # id → weight; None while on the current path
        stack = [(data, False)]
        while stack:
            value, expanded = stack.pop()
            if type(value) not in _CONTAINERS:
                continue
            key = id(value)
            children = value.values() if type(value) is dict else value
            if expanded:
                weight = 1 + len(value)
                for child in children:
                    if type(child) in _CONTAINERS:
                        if weights[id(child)] is None:
                            self.fail("task data that contains itself")
                        weight += weights[id(child)]  # type: ignore[operator]
                    elif type(child) in _TEXT_TYPES:
                        weight += len(child) // 64
                if weight > MAX_DATA:
                    self.fail(f"task data of more than {MAX_DATA} items")
                weights[key] = weight
            elif key not in weights:
                weights[key] = None
                stack.append((value, True))
                stack.extend((child, False) for child in children
                             if type(child) in _CONTAINERS and id(child) not in weights)


def _raising(exc: BudgetExceeded) -> Iterator[bool]:
    raise exc
    yield  # a generator: the chain calls next() on it, and the error surfaces in the script


def _bits(value: object) -> int:
    return value.bit_length() if isinstance(value, int) else 0


def _widest(template: str | bytes) -> int:
    """The largest width or precision a printf-style template asks for."""
    text = template.decode("latin-1") if isinstance(template, bytes) else template
    widest = 0
    for width, precision in _SPEC.findall(text):
        for number in (width, precision):
            if number == "*" or len(number) > 9:  # a width from the arguments is not known before
                return MAX_ITEMS + 1
            widest = max(widest, int(number or 0))
    return widest


# ---------------------------------------------------------------- the budget of this thread
def current() -> Budget | None:
    """The budget of the engine step running in this thread, or None."""
    return _local.budget if getattr(_local, "active", False) else None


def enter() -> tuple[Budget, bool]:
    """(budget, whether this call began the step): the running step's, else a fresh one."""
    if getattr(_local, "active", False):
        return _local.budget, False
    budget = getattr(_local, "budget", None)
    if budget is None:
        budget = _local.budget = Budget()
    budget.reset()
    _local.active = True
    return budget, True


def leave() -> None:
    _local.active = False


@contextmanager
def engine_step() -> Iterator[Budget]:
    """One budget for the engine step run inside (the outer one if already inside one)."""
    budget, began = enter()
    try:
        yield budget
    finally:
        if began:
            leave()


@contextmanager
def isolated() -> Iterator[Budget]:
    """A budget of its own (deploy-time evaluation), whatever runs around it."""
    outer, was_active = getattr(_local, "budget", None), getattr(_local, "active", False)
    _local.budget, _local.active = Budget(), True
    try:
        yield _local.budget
    finally:
        _local.budget, _local.active = outer, was_active
