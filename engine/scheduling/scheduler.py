"""The scheduler process: BPMN timers on time, periodic jobs, one active instance.

- Timers: the main thread sleeps until the earliest `cases.next_timer_at` (one
  indexed MIN query), fires what is due through engine.scheduling.timers (each case under its
  row lock, re-checked), and sleeps again. A save that makes a case's next timer
  earlier sends NOTIFY (PostgreSQL, engine/wakeup.py), which a listener thread turns
  into an immediate wake-up; on SQLite the sleep is capped at `poll` seconds.
  On start (or on taking over) everything already due fires once: catch-up.
- Periodic jobs (APScheduler BackgroundScheduler): escalation of overdue tasks,
  reminders before a round's deadlines, supervision checks, delivery of the mail outbox
  (engine/mail/) and of the webhook outbox (engine/webhooks/), the working-day calendar's coverage, pruning of job_runs. Mail a job or
  a timer has just written is sent right after its commit, in a pass of its own.
  Intervals are settings, re-read after each run.
- Only the lease holder (engine/scheduling/lease.py) acts; a standby polls the lease each
  second. Exactly-once never depends on the lease alone: every firing and every
  notice re-checks under the case lock.
- Every job run is a row in job_runs (outcome, duration, error); the timer loop
  records a run only when it fired something or failed, not every idle wake-up.

Jobs call engine services inside an application context from `context()`, a
callable the caller (web/cli.py) passes in; this module imports no Flask.
"""
import logging
import threading
import traceback
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime, timedelta
from time import monotonic, perf_counter
from typing import Any

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import delete, func, select

from engine import clock, thresholds, wakeup, workdays
from engine.mail import delivery, outbox
from engine.plans import reminders
from engine.scheduling import escalation, lease, round_deadlines, supervision, timers
from engine.webhooks import delivery as webhook_delivery
from engine.webhooks import outbox as webhook_outbox
from models import Case, JobRun, SchedulerJob, db

log = logging.getLogger(__name__)
TIMERS = "timers"
RETRY_FAILED_CASE = 60.0  # seconds before a case whose timer step failed is tried again
KEEP_RUNS = timedelta(days=30)


def _calendar_job() -> dict[str, Any]:
    return {"covered_until": workdays.check_coverage(clock.now(), thresholds.number("calendar.warn_days"))}


def _purge_job_runs() -> dict[str, Any]:
    cutoff = lease.wall_now() - KEEP_RUNS
    deleted = db.session.execute(delete(JobRun).where(JobRun.started_at < cutoff)).rowcount
    db.session.commit()
    return {"deleted": deleted}


def _escalation_job() -> dict[str, Any]:
    result = escalation.run()
    return {"reminded": len(result["reminded"]), "escalated": len(result["escalated"]),
            "tasks": [r["task_id"] for r in result["reminded"] + result["escalated"]][:100]}


def _supervision_job() -> dict[str, Any]:
    result = supervision.run()
    return {"checks_due": len(result["checks_due"]),
            "cases": [c["case_id"] for c in result["checks_due"]][:100]}


def _round_deadlines_job() -> dict[str, Any]:
    sent = round_deadlines.run()
    return {"reminded": len(sent), "tasks": [r["task_id"] for r in sent][:100]}


def _plans_job() -> dict[str, Any]:
    result = reminders.run()
    return {"opened": result["opened"], "reminded": len(result["reminded"]),
            "escalated": len(result["escalated"]),
            "cases": sorted({r["case_id"] for r in result["reminded"] + result["escalated"]})[:100]}


def _mail_job() -> dict[str, Any]:
    return delivery.deliver()


def _webhooks_job() -> dict[str, Any]:
    return webhook_delivery.deliver()


def deliver_ready() -> None:
    """A delivery pass for the mail and the webhooks the last commits wrote (the periodic
    jobs retry them)."""
    ready = outbox.take_ready()
    if ready:
        try:
            delivery.deliver(ready)
        except Exception:  # the rows stay due; the mail job takes them
            db.session.rollback()
            log.exception("mail delivery after commit failed")
    hooks = webhook_outbox.take_ready()
    if hooks:
        try:
            webhook_delivery.deliver(hooks)
        except Exception:  # the rows stay due; the webhooks job takes them
            db.session.rollback()
            log.exception("webhook delivery after commit failed")


# name: (function, description, interval setting or fixed seconds)
PERIODIC: dict[str, tuple[Callable[[], dict[str, Any]], str, str | float]] = {
    "escalation": (_escalation_job, "Remind and escalate overdue tasks", "escalation.every_seconds"),
    "supervision": (_supervision_job, "Call for periodic supervision checks", "supervision.every_seconds"),
    "round_deadlines": (_round_deadlines_job, "Remind the holders of tasks a round's deadline binds before it",
                        "round.every_seconds"),
    "plans": (_plans_job, "Open plan reporting periods; remind and escalate overdue progress reports",
              "plan.every_seconds"),
    "mail": (_mail_job, "Send the mail of notifications; retry what failed; daily digests",
             "mail.every_seconds"),
    "webhooks": (_webhooks_job, "Send webhook deliveries to other systems; retry what failed",
                 "webhooks.every_seconds"),
    "calendar": (_calendar_job, "Check the working-day calendar covers the coming months", 86400),
    "purge_runs": (_purge_job_runs, "Delete job runs older than 30 days", 86400),
}
DESCRIPTIONS = {TIMERS: "Fire BPMN timers when due", **{k: v[1] for k, v in PERIODIC.items()}}


def record_run(job: str, holder: str, started: datetime, duration_ms: float, outcome: str,
               detail: dict[str, Any] | None = None, error: str | None = None) -> None:
    db.session.add(JobRun(job=job, holder=holder, started_at=started, duration_ms=duration_ms,
                          outcome=outcome, detail=detail or {}, error=error))
    db.session.commit()


def run_job(name: str, holder: str = "manual") -> dict[str, Any]:
    """Run one periodic job now, recorded like a scheduled run (admin 'run now')."""
    function = PERIODIC[name][0]
    started, t0 = lease.wall_now(), perf_counter()
    try:
        detail, outcome, error = function(), "ok", None
    except Exception as exc:  # recorded, shown on the admin page; the loop goes on
        db.session.rollback()
        detail, outcome, error = {}, "error", _error_text(exc)
        log.warning("job %s failed: %s", name, error)
    deliver_ready()
    record_run(name, holder, started, (perf_counter() - t0) * 1000, outcome, detail, error)
    return {"job": name, "outcome": outcome, "detail": detail, "error": error}


def _error_text(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}\n" + "".join(traceback.format_tb(exc.__traceback__)[-3:])


def next_due() -> datetime | None:
    """The earliest timer the scheduler may fire (as timers.due_case_ids sees cases: held
    cases wait for an administrator and must not keep the scheduler awake)."""
    return db.session.execute(select(func.min(Case.next_timer_at))
                              .where(Case.status != "closed", Case.hold.is_(None))).scalar()


class Scheduler:
    def __init__(self, context: Callable[[], AbstractContextManager[Any]], holder: str | None = None,
                 poll: float | None = None, lease_ttl: float = 15.0, standby_poll: float = 1.0) -> None:
        self.context = context
        self.holder = holder or lease.holder_name()
        self.poll, self.lease_ttl, self.standby_poll = poll, lease_ttl, standby_poll
        self.leading = False
        self._stop, self._wake = threading.Event(), threading.Event()
        self._retry_at: dict[int, float] = {}
        self._fired_last = 0
        self._published_due = object()
        self._aps = BackgroundScheduler(timezone=UTC, job_defaults={
            "coalesce": True, "max_instances": 1, "misfire_grace_time": None})

    # -- the main loop -------------------------------------------------------------
    def run(self) -> None:
        with self.context():
            self._lease = lease.for_database(self.holder, self.lease_ttl)
            postgres = db.engine.dialect.name == "postgresql"
            url = db.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
            self._intervals = {name: self._interval(spec[2]) for name, spec in PERIODIC.items()}
            db.session.remove()
        if self.poll is None:
            self.poll = 5.0 if postgres else 1.0  # PostgreSQL is woken by NOTIFY
        if postgres:
            threading.Thread(target=self._listen, args=(url,), daemon=True, name="listen").start()
        for name, seconds in self._intervals.items():
            self._aps.add_job(self._periodic, "interval", seconds=seconds, args=[name], id=name)
        self._aps.start(paused=True)
        log.info("scheduler %s started (poll %.1fs)", self.holder, self.poll)
        try:
            while not self._stop.is_set():
                with self.context():
                    try:
                        timeout = self._step()
                    except Exception:
                        log.exception("scheduler step failed")
                        db.session.rollback()
                        timeout = self.poll
                    finally:
                        db.session.remove()
                self._wake.wait(max(timeout, 0.0))
                self._wake.clear()
        finally:
            # wait=False: shutdown holds APScheduler's job-store lock while it waits, and a
            # running job needs that lock to reschedule itself — a deadlock with wait=True.
            self._aps.shutdown(wait=False)
            with self.context():
                self._lease.release()
                db.session.remove()
            log.info("scheduler %s stopped", self.holder)

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    def _step(self) -> float:
        """Hold or wait for the lease; when leading, one timer wake-up. Returns how
        long to sleep."""
        assert self.poll is not None  # run() has chosen it
        was_leading = self.leading
        self.leading = self._lease.acquire()
        if not self.leading:
            if was_leading:
                log.warning("scheduler %s lost the lease; standing by", self.holder)
                self._aps.pause()
            return self.standby_poll
        if not was_leading:
            log.info("scheduler %s is active; catching up on what fell due", self.holder)
            self._aps.resume()
            for job in self._aps.get_jobs():  # periodic catch-up too, once, right now
                job.modify(next_run_time=datetime.now(UTC))
            self._publish_jobs()
        due = self.wake(catch_up=not was_leading)
        now = clock.now()
        if due is None:
            return self.poll
        if due <= now:  # fell due during the pass: go on at once; only failures back off
            return 0.0 if self._fired_last else min(self.poll, 0.2)
        return min(self.poll, (due - now).total_seconds() + 0.001)

    def wake(self, catch_up: bool = False) -> datetime | None:
        """Fire what is due now; return the next due time. One indexed query when idle."""
        started, t0 = lease.wall_now(), perf_counter()
        now = clock.now()
        skip = {i for i, at in self._retry_at.items() if at > monotonic()}
        ids = [i for i in timers.due_case_ids(now) if i not in skip]
        db.session.commit()
        fired, errors = [], []
        for case_id in ids:
            try:
                result = timers.fire(case_id, now)
            except Exception as exc:
                self._retry_at[case_id] = monotonic() + RETRY_FAILED_CASE
                errors.append({"case_id": case_id, "error": _error_text(exc)})
                log.warning("timer of case %s failed: %s", case_id, exc)
                continue
            self._retry_at.pop(case_id, None)
            if result:
                fired.append(result)
        due = next_due()
        db.session.commit()
        deliver_ready()
        self._fired_last = len(fired)
        if fired or errors:
            lags = [(now - datetime.fromisoformat(f["due_at"])).total_seconds() for f in fired]
            detail = {"fired": len(fired), "cases": [f["case_id"] for f in fired][:100],
                      "failed": [e["case_id"] for e in errors], "catch_up": catch_up,
                      "max_lag_s": round(max(lags), 3) if lags else None}
            record_run(TIMERS, self.holder, started, (perf_counter() - t0) * 1000,
                       "error" if errors else "ok", detail,
                       "\n".join(f"case {e['case_id']}: {e['error']}" for e in errors) or None)
        if due != self._published_due:
            self._publish(TIMERS, "next BPMN timer due", due)
            self._published_due = due
        return due

    # -- periodic jobs ---------------------------------------------------------------
    def _periodic(self, name: str) -> None:
        if not self.leading or self._stop.is_set():
            return
        with self.context():
            try:
                run_job(name, self.holder)
                if self._stop.is_set():
                    return
                seconds = self._interval(PERIODIC[name][2])
                if seconds != self._intervals[name]:  # the administrator changed it
                    self._intervals[name] = seconds
                    self._aps.reschedule_job(name, trigger="interval", seconds=seconds)
                job = self._aps.get_job(name)
                self._publish(name, f"every {seconds:g} s", job.next_run_time if job else None)
            except Exception:
                log.exception("job %s could not be recorded", name)
                db.session.rollback()
            finally:
                db.session.remove()

    @staticmethod
    def _interval(spec: str | float) -> float:
        return float(spec) if isinstance(spec, (int, float)) else thresholds.number(spec)

    def _publish_jobs(self) -> None:
        for job in self._aps.get_jobs():
            self._publish(job.id, f"every {self._intervals[job.id]:g} s", job.next_run_time)

    def _publish(self, name: str, trigger: str, next_run_at: datetime | None) -> None:
        db.session.merge(SchedulerJob(name=name, description=DESCRIPTIONS[name], trigger=trigger,
                                      next_run_at=next_run_at, holder=self.holder))
        db.session.commit()

    # -- PostgreSQL LISTEN -------------------------------------------------------------
    def _listen(self, url: str) -> None:
        import psycopg
        while not self._stop.is_set():
            try:
                with psycopg.connect(url, autocommit=True) as conn:
                    conn.execute(f"LISTEN {wakeup.CHANNEL}")
                    while not self._stop.is_set():
                        for note in conn.notifies(timeout=1.0):
                            if note.payload == "clock" and clock.clock.adjustable:
                                clock.clock.refresh()
                            self._wake.set()
            except psycopg.Error:
                log.exception("LISTEN connection lost; polling until it is back")
                self._stop.wait(1.0)
