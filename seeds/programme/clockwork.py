"""Time in the demo: the programme's events in date order, the adjustable clock moved to
each one, and in between what the scheduler process would have done (fire BPMN timers when
they fall due, run the periodic jobs), so that deadlines, reminders and timers happen at
their own moments and not when the demo's author happened to look."""
from datetime import datetime, timedelta

from engine import clock
from engine.plans import reminders
from engine.scheduling import escalation, scheduler, supervision, timers

# The periodic jobs run every minute or hour in production. Once a week (Monday 09:00) is
# enough for the demo's reminders, 督办 and reporting periods, and keeps the build fast.
TICK = timedelta(days=7)
STEP = timedelta(seconds=1)


def at(text):
    """'2023-03-20 10:00' in Beijing time, as the programme's dates are written."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=clock.CHINA)


def periodic_jobs():
    """The scheduler's periodic jobs (engine/scheduling/scheduler.py:PERIODIC), less the
    housekeeping ones (calendar coverage, purge of job runs)."""
    escalation.run()
    supervision.run()
    reminders.run()


class Timeline:
    """Events (when, function, arguments) run in date order; equal dates keep their order."""

    def __init__(self, first_tick):
        self.events = []
        self.next_tick = at(first_tick)

    def add(self, when, fn, *args, **kwargs):
        self.events.append((at(when), len(self.events), fn, args, kwargs))

    def run(self, until):
        for moment, _, fn, args, kwargs in sorted(self.events, key=lambda e: e[:2]):
            self.advance_to(moment)
            fn(*args, **kwargs)
        self.advance_to(at(until))
        timers.run_due()
        periodic_jobs()

    def advance_to(self, moment):
        """Move the clock to `moment`, stopping at each timer and tick on the way."""
        while True:
            due = scheduler.next_due()
            stop = min(d for d in (due, self.next_tick) if d is not None)
            if stop > moment:
                break
            _set(stop + STEP)
            if due is not None and due <= stop:
                self._fire(due)
            if self.next_tick <= stop:
                periodic_jobs()
                self.next_tick += TICK
        _set(moment)

    @staticmethod
    def _fire(due):
        timers.run_due()
        if scheduler.next_due() == due:
            raise RuntimeError(f"a timer due at {due} did not fire (an incident?)")


def _set(moment):
    """Forward only: the real seconds the build takes are not taken back."""
    if moment > clock.now():
        clock.clock.set(moment)
