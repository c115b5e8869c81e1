"""One clock for the whole system.

Everything asks `clock.now()`. SpiffWorkflow's timer module reads `datetime.now`
itself, so `install()` points that module at the same clock: BPMN timers and our
own deadlines then agree, also when tests and demos move time. Every text that
names a time (a duration, a moment, a repeating interval) is parsed here, bounded.
"""
import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from time import monotonic

from SpiffWorkflow.bpmn.specs.event_definitions import timer as _spiff_timer
from sqlalchemy import select

from engine import wakeup
from models import ClockState, db

CHINA = timezone(timedelta(hours=8), "Asia/Shanghai")


class Clock:
    adjustable = False

    def now(self) -> datetime:
        return datetime.now(UTC)

    def refresh(self) -> None:
        """Forget what is cached (real time caches nothing)."""


class AdjustableClock(Clock):
    """Real time plus an offset that tests and demos can move forward or set.

    With a `store` the offset lives in the database, so that moving the clock in one
    web worker moves it for the other workers and the scheduler too; it is re-read at
    most every `ttl` seconds to keep now() cheap.
    """
    adjustable = True

    def __init__(self, store: "DatabaseOffset | None" = None, ttl: float = 0.5) -> None:
        self.offset = timedelta(0)
        self.store, self.ttl = store, ttl
        self._read_at = float("-inf")

    def now(self) -> datetime:
        if self.store is not None and monotonic() - self._read_at > self.ttl:
            loaded = self.store.load()
            if loaded is not None:
                self.offset = loaded
                self._read_at = monotonic()
        return datetime.now(UTC) + self.offset

    def refresh(self) -> None:
        self._read_at = float("-inf")

    def _changed(self) -> None:
        if self.store is not None:
            self.store.save(self.offset)
            self._read_at = monotonic()

    def advance(self, delta: timedelta) -> None:
        self.now()
        self.offset += delta
        self._changed()

    def set(self, moment: datetime) -> None:
        self.offset = moment - datetime.now(UTC)
        self._changed()

    def reset(self) -> None:
        self.offset = timedelta(0)
        self._changed()


class DatabaseOffset:
    """The clock offset in table clock_state (one row). Saving commits: moving the
    clock is a change of its own, and it wakes a waiting scheduler."""

    def load(self) -> timedelta | None:
        try:
            with db.session.no_autoflush:
                micros = db.session.execute(
                    select(ClockState.offset_us).where(ClockState.id == 1)).scalar()
        except RuntimeError:  # outside an application context: keep the cached offset
            return None
        return timedelta(microseconds=micros or 0)

    def save(self, offset: timedelta) -> None:
        db.session.merge(ClockState(id=1, offset_us=offset // timedelta(microseconds=1)))
        wakeup.notify("clock")
        db.session.commit()


clock: Clock = Clock()


def use(new_clock: Clock) -> Clock:
    global clock
    clock = new_clock
    return clock


def now() -> datetime:
    return clock.now()


class _ClockDatetime(datetime):
    """`datetime` whose now() is the system clock (for SpiffWorkflow's timers)."""

    @classmethod
    def now(cls, tz: tzinfo | None = None) -> datetime:  # type: ignore[override]  # plain datetimes
        moment = clock.now()
        return moment.astimezone(tz) if tz else moment.astimezone().replace(tzinfo=None)


def install() -> None:
    _spiff_timer.datetime = _ClockDatetime


install()


# ---------------------------------------------------------------- the one time-text parser
# Every duration and moment that reaches a timer or a deadline is read here first: form
# values, literal timers, timer expressions (engine.runtime.timers), `due` properties and
# settings. SpiffWorkflow walks a duration month by month (`for idx in range(months)`), so
# `P99999999999999Y` would run for hours inside the step that arms the timer, holding the
# case's lock (on SQLite the database's); a moment near year 1 or 9999 overflows instead.
# Beyond MAX_YEARS from now nothing is a deadline of this process: refused, not computed.
MAX_YEARS = 1000
MAX_DURATION_MONTHS = 12 * MAX_YEARS
MIN_INTERVAL = timedelta(minutes=1)  # a repeating timer faster than this would fire on every look
_NUMBER = r"[0-9]+(?:[.,][0-9]+)?"
# Years and months are whole (SpiffWorkflow's month walk fails on fractions of them).
_DURATION = re.compile(rf"P(?=[0-9T])(?:[0-9]+Y)?(?:[0-9]+M)?(?:{_NUMBER}W)?(?:{_NUMBER}D)?"
                       rf"(?:T(?=[0-9])(?:{_NUMBER}H)?(?:{_NUMBER}M)?(?:{_NUMBER}S)?)?", re.IGNORECASE)
_FRACTION_LAST = re.compile(r"[^.,]*(?:[.,][0-9]+[A-Z])?", re.IGNORECASE)  # only the last part may be fractional
_MAX_TEXT = 64
_YEARS_PER = {"years": 1, "months": 1 / 12, "weeks": 7 / 365.25, "days": 1 / 365.25,
              "hours": 1 / 8766, "minutes": 1 / 525960, "seconds": 1 / 31557600}


class TimeRefused(ValueError):
    """A duration, moment or interval that does not parse or lies beyond MAX_YEARS."""


def _text(value: object, what: str) -> str:
    if not isinstance(value, str):
        raise TimeRefused(f"{value!r} is not an ISO 8601 {what} (a text is expected)")
    value = value.strip()
    if len(value) > _MAX_TEXT:
        raise TimeRefused(f"{value[:_MAX_TEXT]}… is not an ISO 8601 {what} (too long)")
    return value


def _parts(text: object) -> dict[str, float]:
    text = _text(text, "duration")
    if not _DURATION.fullmatch(text) or not _FRACTION_LAST.fullmatch(text):
        raise TimeRefused(f"{text} is not an ISO 8601 duration such as P15D or P3Y")
    try:
        return _spiff_timer.TimerEventDefinition.parse_iso_duration(text)
    except Exception as exc:  # SpiffWorkflow raises a bare Exception on a bad duration
        raise TimeRefused(f"{text} is not an ISO 8601 duration") from exc


def duration_years(text: object) -> float:
    """About how many years a duration lasts (no calendar walk: cheap at any size)."""
    return sum(value * _YEARS_PER[name] for name, value in _parts(text).items())


def duration_parts(text: object) -> dict[str, float]:
    """The parts of an ISO 8601 duration ({"years": 2, "days": 3}) after the bound check."""
    parts = _parts(text)
    if sum(value * _YEARS_PER[name] for name, value in parts.items()) > MAX_YEARS:
        raise TimeRefused(f"duration {str(text).strip()} is longer than {MAX_YEARS} years")
    return parts


def parse_duration(text: str, start: datetime) -> timedelta:
    """An ISO 8601 duration from `start`, calendar-aware (P1M from 31 Jan ends in Feb);
    TimeRefused (a ValueError) when it does not parse or is longer than MAX_YEARS."""
    parts = duration_parts(text)
    return _spiff_timer.TimerEventDefinition.get_timedelta_from_start(parts, start)


def local_text(moment: datetime | None, with_time: bool = True) -> str:
    """Beijing time as the programme writes deadlines ("2025-03-01 17:00"); "" for none."""
    if moment is None:
        return ""
    return moment.astimezone(CHINA).strftime("%Y-%m-%d %H:%M" if with_time else "%Y-%m-%d")
def duration_before(text: str, end: datetime) -> timedelta:
    """The same, counted backwards from `end` (P1M before 31 Mar starts in Feb)."""
    parts = duration_parts(text)
    return _spiff_timer.TimerEventDefinition.get_timedelta_from_end(parts, end)


def parse_moment(text: object) -> datetime:
    """An ISO 8601 date-time (or week date) as UTC, within MAX_YEARS of now; a moment
    without an offset is read in the server's zone, as SpiffWorkflow reads it."""
    text = _text(text, "date-time")
    try:
        if "W" in text.upper():
            moment = _spiff_timer.TimerEventDefinition.parse_iso_week(text)
        else:
            moment = _spiff_timer.TimerEventDefinition.get_datetime(text)
    except Exception as exc:  # ValueError, OverflowError, or AttributeError on a bad week date
        raise TimeRefused(f"{text} is not an ISO 8601 date-time") from exc
    if abs(moment.year - now().year) > MAX_YEARS:
        raise TimeRefused(f"{text} is more than {MAX_YEARS} years away")
    return moment


def parse_time_or_duration(text: object) -> datetime | dict[str, float]:
    """A moment (datetime) or the parts of a duration (dict), as SpiffWorkflow's timers take them."""
    if isinstance(text, str) and text.strip().upper().startswith("P"):
        return duration_parts(text)
    return parse_moment(text)


def parse_recurrence(text: object) -> tuple[int, datetime, timedelta]:
    """(cycles, first moment, interval) of an ISO 8601 repeating interval (R3/P1D,
    R/2030-01-01T00:00:00+08:00/P1M, R2/P1D/2030-01-01T00:00:00Z); cycles -1 is endless."""
    text = _text(text, "repeating interval")
    components = text.upper().replace("--", "/").split("/")
    if len(components) not in (2, 3) or not re.fullmatch(r"R[0-9]{0,9}", components[0]):
        raise TimeRefused(f"{text} is not an ISO 8601 repeating interval such as R3/P1D")
    cycles = int(components[0][1:]) if components[0][1:] else -1
    first = parse_time_or_duration(components[1])
    second = parse_time_or_duration(components[2]) if len(components) == 3 else None
    timer = _spiff_timer.TimerEventDefinition
    if isinstance(first, datetime) and isinstance(second, dict):
        start, interval = first, timer.get_timedelta_from_start(second, first)
    elif isinstance(first, dict) and isinstance(second, datetime):
        interval = timer.get_timedelta_from_end(first, second)
        start = second - interval
    elif isinstance(first, dict) and second is None:
        interval = timer.get_timedelta_from_start(first, now())
        start = now() + interval
    else:
        raise TimeRefused(f"{text} is not an ISO 8601 repeating interval such as R3/P1D")
    if interval < MIN_INTERVAL:
        raise TimeRefused(f"{text} repeats more often than every {MIN_INTERVAL.seconds // 60} minute")
    return cycles, start, interval
