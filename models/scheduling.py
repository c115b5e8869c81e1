"""What the scheduler needs in the database: thresholds as data, the shared clock
offset, the lease that keeps one scheduler active, and a record of every job run."""
from models import db
from models.types import UTCDateTime


class Setting(db.Model):
    """A threshold an administrator may change (ISO durations, numbers), by key."""
    __tablename__ = "settings"
    key = db.Column(db.String(64), primary_key=True)
    value = db.Column(db.String(200), nullable=False)
    description = db.Column(db.String(300))
    updated_at = db.Column(UTCDateTime)
    updated_by = db.Column(db.String(64))


class ClockState(db.Model):
    """The adjustable clock's offset (demos, tests), shared by web and scheduler processes."""
    __tablename__ = "clock_state"
    id = db.Column(db.Integer, primary_key=True)  # always 1
    offset_us = db.Column(db.BigInteger, nullable=False, default=0)


class SchedulerLease(db.Model):
    """Who is the active scheduler (a row lease on SQLite; informative on PostgreSQL,
    where a session advisory lock decides)."""
    __tablename__ = "scheduler_leases"
    name = db.Column(db.String(64), primary_key=True)
    holder = db.Column(db.String(128), nullable=False)
    acquired_at = db.Column(UTCDateTime, nullable=False)
    expires_at = db.Column(UTCDateTime, nullable=False)  # wall time, never the adjustable clock


class SchedulerJob(db.Model):
    """A scheduled job as the active scheduler last published it (for the admin page)."""
    __tablename__ = "scheduler_jobs"
    name = db.Column(db.String(64), primary_key=True)
    description = db.Column(db.String(200))
    trigger = db.Column(db.String(100))
    next_run_at = db.Column(UTCDateTime)
    holder = db.Column(db.String(128))


class JobRun(db.Model):
    __tablename__ = "job_runs"
    __table_args__ = (db.Index("ix_job_runs_job_started", "job", "started_at"),)
    id = db.Column(db.Integer, primary_key=True)
    job = db.Column(db.String(64), nullable=False)
    holder = db.Column(db.String(128))
    started_at = db.Column(UTCDateTime, nullable=False, index=True)  # wall time
    duration_ms = db.Column(db.Float, nullable=False)
    outcome = db.Column(db.String(16), nullable=False)  # ok | error
    detail = db.Column(db.JSON, nullable=False, default=dict)
    error = db.Column(db.Text)
