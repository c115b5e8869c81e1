"""One clock for the whole system.

Everything asks `clock.now()`. SpiffWorkflow's timer module reads `datetime.now`
itself, so `install()` points that module at the same clock: BPMN timers and our
own deadlines then agree, also when tests and demos move time.
"""
from datetime import datetime, timedelta, timezone

from SpiffWorkflow.bpmn.specs.event_definitions import timer as _spiff_timer

CHINA = timezone(timedelta(hours=8), "Asia/Shanghai")


class Clock:
    adjustable = False

    def now(self) -> datetime:
        return datetime.now(timezone.utc)


class AdjustableClock(Clock):
    """Real time plus an offset that tests and demos can move forward or set."""
    adjustable = True

    def __init__(self):
        self.offset = timedelta(0)

    def now(self):
        return datetime.now(timezone.utc) + self.offset

    def advance(self, delta: timedelta):
        self.offset += delta

    def set(self, moment: datetime):
        self.offset = moment - datetime.now(timezone.utc)

    def reset(self):
        self.offset = timedelta(0)


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
    def now(cls, tz=None):
        moment = clock.now()
        return moment.astimezone(tz) if tz else moment.astimezone().replace(tzinfo=None)


def install():
    _spiff_timer.datetime = _ClockDatetime


install()


def parse_duration(text: str, start: datetime) -> timedelta:
    """An ISO 8601 duration from `start`, calendar-aware (P1M from 31 Jan ends in Feb)."""
    return _spiff_timer.TimerEventDefinition.get_timedelta_from_start(
        _spiff_timer.TimerEventDefinition.parse_iso_duration(text), start)
