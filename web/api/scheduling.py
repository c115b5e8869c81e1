"""Scheduler administration (jobs, runs, thresholds, working-day calendar) and the
notifications inbox. Unlike the clock endpoints these exist in production."""
from flask import g

from engine import clock, thresholds, workdays
from engine.casework import notifications
from engine.errors import InvalidInput, NotFound
from engine.scheduling import lease, scheduler, timers
from models import JobRun, SchedulerJob, SchedulerLease, db
from web.api import Blueprint, page, protected, requires
from web.api.schemas.scheduling import (
    CalendarChangeSchema,
    CalendarYearSchema,
    DeadlineQuerySchema,
    DeadlineSchema,
    JobListSchema,
    JobRunListSchema,
    JobRunQuerySchema,
    JobRunResultSchema,
    NotificationListSchema,
    NotificationQuerySchema,
    NotificationSchema,
    SettingChangeSchema,
    SettingListSchema,
    SettingSchema,
)

blp = protected(Blueprint("api_scheduling", __name__, url_prefix="/api/v1",
                          description="Scheduler, thresholds, working-day calendar, notifications"))
LAST_RUNS = 5


def jobs_overview():
    """Jobs as the active scheduler published them, with their last runs (pages share it)."""
    published = {j.name: j for j in SchedulerJob.query.all()}
    items = []
    for name, description in scheduler.DESCRIPTIONS.items():
        job = published.get(name)
        runs = (JobRun.query.filter_by(job=name).order_by(JobRun.started_at.desc(), JobRun.id.desc())
                .limit(LAST_RUNS).all())
        items.append({"name": name, "description": description,
                      "trigger": job.trigger if job else None,
                      "next_run_at": job.next_run_at if job else None,
                      "holder": job.holder if job else None, "last_runs": runs})
    row = db.session.get(SchedulerLease, lease.NAME)
    active = None if row is None else {"holder": row.holder, "acquired_at": row.acquired_at,
                                       "expires_at": row.expires_at,
                                       "active": row.expires_at > lease.wall_now()}
    return {"items": items, "total": len(items), "scheduler": active}


@blp.route("/admin/jobs")
@requires("admin")
@blp.response(200, JobListSchema)
def list_jobs():
    """Scheduled jobs, their next run, their last runs, and which scheduler is active."""
    return jobs_overview()


@blp.route("/admin/jobs/runs")
@requires("admin")
@blp.arguments(JobRunQuerySchema, location="query")
@blp.response(200, JobRunListSchema)
def list_runs(args):
    """Past runs, newest first; `?outcome=error` lists the failures."""
    q = JobRun.query
    if args.get("job"):
        q = q.filter(JobRun.job == args["job"])
    if args.get("outcome"):
        q = q.filter(JobRun.outcome == args["outcome"])
    return page(q.order_by(JobRun.started_at.desc(), JobRun.id.desc()), args)


@blp.route("/admin/jobs/<name>/run", methods=["POST"])
@requires("admin")
@blp.response(200, JobRunResultSchema)
def run_job(name):
    """Run a job now in this process (recorded like a scheduled run)."""
    if name == scheduler.TIMERS:
        return {"job": name, "outcome": "ok", "detail": timers.run_due(), "error": None}
    if name not in scheduler.PERIODIC:
        raise NotFound("no job {name}", name=name)
    return scheduler.run_job(name, holder=f"api:{g.user.username}")


@blp.route("/admin/settings")
@requires("admin")
@blp.response(200, SettingListSchema)
def list_settings():
    """Thresholds of escalation and supervision, and job intervals."""
    items = thresholds.all_settings()
    return {"items": items, "total": len(items)}


@blp.route("/admin/settings/<key>", methods=["PUT"])
@requires("admin")
@blp.arguments(SettingChangeSchema)
@blp.response(200, SettingSchema)
def put_setting(args, key):
    thresholds.put(key, args["value"], g.user)
    db.session.commit()
    return next(s for s in thresholds.all_settings() if s["key"] == key)


@blp.route("/admin/calendar/<int:year>")
@requires("admin")
@blp.response(200, CalendarYearSchema)
def get_calendar(year):
    """A year of the working-day calendar: covered or not, and its exceptions."""
    return workdays.year_view(year)


@blp.route("/admin/calendar/<int:year>", methods=["PUT"])
@requires("admin")
@blp.arguments(CalendarChangeSchema)
@blp.response(200, CalendarYearSchema)
def put_calendar(args, year):
    """Replace a year's public holidays and swapped working days; the year becomes covered."""
    view = workdays.put_year(year, args["days"], g.user)
    db.session.commit()
    return view


@blp.route("/calendar/deadline")
@blp.arguments(DeadlineQuerySchema, location="query")
@blp.response(200, DeadlineSchema)
def deadline(args):
    """End of the N-th working day after `from` (default now), China time, e.g. to propose
    an amendment deadline."""
    start = args.get("start") or clock.now()
    try:
        end = workdays.deadline(start, args["working_days"])
    except workdays.CalendarMissing as exc:  # a question about an uncovered year: the caller's input
        raise InvalidInput(exc.message, fields={"from": [exc.message]}) from exc
    except OverflowError:
        raise InvalidInput("the deadline falls beyond the calendar's last year", fields={"from": ["too late"]}) from None
    return {"start": start, "working_days": args["working_days"], "deadline": end}


@blp.route("/notifications")
@blp.arguments(NotificationQuerySchema, location="query")
@blp.response(200, NotificationListSchema)
def list_notifications(args):
    """Reminders, supervision notices (督办) and checks due, addressed to the caller."""
    return page(notifications.addressed_to(g.user, args.get("case_id"), args["unread"]), args)


@blp.route("/notifications/<int:note_id>/read", methods=["POST"])
@blp.response(200, NotificationSchema)
def read_notification(note_id):
    return notifications.mark_read(g.user, note_id)
