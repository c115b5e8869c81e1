"""One clock for the whole system.

Everything asks `clock.now()`. SpiffWorkflow's timer module reads `datetime.now`
itself, so `install()` points that module at the same clock: BPMN timers and our
own deadlines then agree, also when tests and demos move time.
"""
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


MAX_DURATION_MONTHS = 12 * 1000


def parse_duration(text: str, start: datetime) -> timedelta:
    """An ISO 8601 duration from `start`, calendar-aware (P1M from 31 Jan ends in Feb).

    ValueError beyond a millennium: SpiffWorkflow walks the months one by one, so a
    duration of 10^12 years would hang the caller rather than fail."""
    try:
        parts = _spiff_timer.TimerEventDefinition.parse_iso_duration(text)
    except Exception as exc:  # SpiffWorkflow raises a bare Exception on a bad duration
        raise ValueError(f"{text} is not an ISO 8601 duration") from exc
    if parts.get("years", 0) * 12 + parts.get("months", 0) > MAX_DURATION_MONTHS:
        raise ValueError(f"duration {text} is longer than 1000 years")
    return _spiff_timer.TimerEventDefinition.get_timedelta_from_start(parts, start)


def local_text(moment: datetime | None, with_time: bool = True) -> str:
    """Beijing time as the programme writes deadlines ("2025-03-01 17:00"); "" for none."""
    if moment is None:
        return ""
    return moment.astimezone(CHINA).strftime("%Y-%m-%d %H:%M" if with_time else "%Y-%m-%d")
