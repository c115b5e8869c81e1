"""scheduler: settings, shared clock, lease, jobs and runs, notifications, working-day calendar

Revision ID: 0003
Revises: 0001
"""
from datetime import date

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0001"
branch_labels = None
depends_on = None

# Frozen copy of the defaults (engine/thresholds.py holds the live ones).
SETTINGS = [
    ("escalation.reminder_after", "PT0S", "逾期多久后提醒经办人或角色（ISO 8601 时长）"),
    ("escalation.grace", "P3D", "逾期多久后向上级督办（ISO 8601 时长）"),
    ("escalation.every_seconds", "60", "逾期检查的间隔（秒）"),
    ("supervision.check_interval", "P1Y", "示范区督促检查的周期（ISO 8601 时长）"),
    ("supervision.response_period", "P30D", "督促检查到期后完成检查的期限（ISO 8601 时长）"),
    ("supervision.every_seconds", "3600", "督促检查到期判断的间隔（秒）"),
    ("calendar.warn_days", "60", "工作日历覆盖不足多少天时报警"),
]


def upgrade():
    UTC = sa.DateTime()
    settings = op.create_table(
        "settings",
        sa.Column("key", sa.String(64), nullable=False),
        sa.Column("value", sa.String(200), nullable=False),
        sa.Column("description", sa.String(300)),
        sa.Column("updated_at", UTC),
        sa.Column("updated_by", sa.String(64)),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_settings")))
    op.create_table(
        "clock_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("offset_us", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_clock_state")))
    op.create_table(
        "scheduler_leases",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("holder", sa.String(128), nullable=False),
        sa.Column("acquired_at", UTC, nullable=False),
        sa.Column("expires_at", UTC, nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_scheduler_leases")))
    op.create_table(
        "scheduler_jobs",
        sa.Column("name", sa.String(64), nullable=False),
        sa.Column("description", sa.String(200)),
        sa.Column("trigger", sa.String(100)),
        sa.Column("next_run_at", UTC),
        sa.Column("holder", sa.String(128)),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_scheduler_jobs")))
    op.create_table(
        "job_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("job", sa.String(64), nullable=False),
        sa.Column("holder", sa.String(128)),
        sa.Column("started_at", UTC, nullable=False),
        sa.Column("duration_ms", sa.Float(), nullable=False),
        sa.Column("outcome", sa.String(16), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("error", sa.Text()),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_job_runs")))
    op.create_index("ix_job_runs_job_started", "job_runs", ["job", "started_at"])
    op.create_index(op.f("ix_job_runs_started_at"), "job_runs", ["started_at"])
    op.create_table(
        "notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("case_id", sa.Integer()),
        sa.Column("task_id", sa.Integer()),
        sa.Column("user_id", sa.Integer()),
        sa.Column("role", sa.String(32)),
        sa.Column("org_id", sa.Integer()),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("read_at", UTC),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_notifications_case_id_cases")),
        sa.ForeignKeyConstraint(["task_id"], ["human_tasks.id"], name=op.f("fk_notifications_task_id_human_tasks")),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_notifications_user_id_users")),
        sa.ForeignKeyConstraint(["org_id"], ["orgs.id"], name=op.f("fk_notifications_org_id_orgs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notifications")),
        sa.UniqueConstraint("task_id", "kind", name="uq_notifications_task_kind"))
    op.create_index(op.f("ix_notifications_case_id"), "notifications", ["case_id"])
    op.create_index(op.f("ix_notifications_user_id"), "notifications", ["user_id"])
    op.create_index("ix_notifications_role_org", "notifications", ["role", "org_id"])
    years = op.create_table(
        "calendar_years",
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(64), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_calendar_years")))
    days = op.create_table(
        "calendar_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("workday", sa.Boolean(), nullable=False),
        sa.Column("name", sa.String(64)),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_calendar_days")))

    op.bulk_insert(settings, [{"key": k, "value": v, "description": d} for k, v, d in SETTINGS])
    _seed_calendar(years, days)


def _seed_calendar(years, days):
    """Every year the pinned chinese-calendar package knows: its holidays that fall on
    weekdays and its swapped working weekends (调休)."""
    import chinese_calendar
    from chinese_calendar import constants

    source = f"chinese-calendar {chinese_calendar.__version__}"
    known = sorted({d.year for d in constants.holidays} | {d.year for d in constants.workdays})
    op.bulk_insert(years, [{"year": y, "source": source} for y in known])
    rows = [{"day": d, "workday": False, "name": str(n)} for d, n in constants.holidays.items()
            if isinstance(d, date) and d.weekday() < 5]
    rows += [{"day": d, "workday": True, "name": str(n)} for d, n in constants.workdays.items()
             if isinstance(d, date) and d.weekday() >= 5]
    op.bulk_insert(days, sorted(rows, key=lambda r: r["day"]))


def downgrade():
    for table in ("calendar_days", "calendar_years", "notifications", "job_runs",
                  "scheduler_jobs", "scheduler_leases", "clock_state", "settings"):
        op.drop_table(table)
