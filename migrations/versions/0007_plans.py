"""creation plans: tasks for member units, indicator decomposition, progress reports, evidence

Revision ID: 0007
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0001"
branch_labels = None
depends_on = "0003"  # the settings table the plan thresholds live in

# Frozen copy of the defaults (engine/thresholds.py holds the live ones).
SETTINGS = [
    ("plan.reminder_after", "PT0S", "创建方案进展报告逾期多久后提醒成员单位（ISO 8601 时长）"),
    ("plan.grace", "P5D", "创建方案进展报告逾期多久后向创建办督办（ISO 8601 时长）"),
    ("plan.every_seconds", "3600", "创建方案报告期开启与逾期检查的间隔（秒）"),
]


def _fk(table, column, target, cascade=True):
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"),
                                   ondelete="CASCADE" if cascade else None)


def upgrade():
    UTC = sa.DateTime()
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("indicator_system", sa.String(50)),
        sa.Column("cadence", sa.String(20), nullable=False),
        sa.Column("starts_at", UTC, nullable=False),
        sa.Column("ends_at", UTC),
        sa.Column("opened_periods", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(200)),
        sa.Column("created_at", UTC, nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
        sa.Column("updated_at", UTC, nullable=False),
        _fk("plans", "case_id", "cases"), _fk("plans", "region_id", "orgs", False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plans")),
        sa.UniqueConstraint("case_id", name=op.f("uq_plans_case_id")))
    op.create_index(op.f("ix_plans_region_id"), "plans", ["region_id"])
    op.create_table(
        "plan_tasks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(20), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("section", sa.String(200), nullable=False),
        sa.Column("horizon", sa.String(100), nullable=False),
        sa.Column("due_at", UTC),
        sa.Column("indicators", sa.JSON(), nullable=False),
        sa.Column("milestones", sa.JSON(), nullable=False),
        _fk("plan_tasks", "plan_id", "plans"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_tasks")),
        sa.UniqueConstraint("plan_id", "number", name="uq_plan_tasks_plan_number"))
    op.create_index(op.f("ix_plan_tasks_plan_id"), "plan_tasks", ["plan_id"])
    op.create_table(
        "plan_task_units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        _fk("plan_task_units", "task_id", "plan_tasks"), _fk("plan_task_units", "org_id", "orgs", False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_task_units")),
        sa.UniqueConstraint("task_id", "org_id", name="uq_plan_task_units_task_org"))
    op.create_index(op.f("ix_plan_task_units_task_id"), "plan_task_units", ["task_id"])
    op.create_index(op.f("ix_plan_task_units_org_id"), "plan_task_units", ["org_id"])
    op.create_table(
        "plan_indicator_units",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("indicator", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("measures", sa.String(200), nullable=False),
        _fk("plan_indicator_units", "plan_id", "plans"), _fk("plan_indicator_units", "org_id", "orgs", False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_indicator_units")),
        sa.UniqueConstraint("plan_id", "indicator", "org_id", "role", name="uq_plan_indicator_units_row"))
    op.create_index(op.f("ix_plan_indicator_units_plan_id"), "plan_indicator_units", ["plan_id"])
    op.create_table(
        "plan_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("period", sa.Integer(), nullable=False),
        sa.Column("period_start", UTC, nullable=False),
        sa.Column("period_end", UTC, nullable=False),
        sa.Column("due_at", UTC, nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("progress", sa.String(16)),
        sa.Column("percent", sa.Integer()),
        sa.Column("narrative", sa.Text()),
        sa.Column("figures", sa.JSON(), nullable=False),
        sa.Column("consolidation", sa.Text()),
        sa.Column("submitted_at", UTC),
        sa.Column("submitted_by", sa.String(64)),
        sa.Column("reminded_at", UTC),
        sa.Column("escalated_at", UTC),
        _fk("plan_reports", "plan_id", "plans"), _fk("plan_reports", "task_id", "plan_tasks"),
        _fk("plan_reports", "org_id", "orgs", False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_reports")),
        sa.UniqueConstraint("task_id", "org_id", "period", name="uq_plan_reports_task_org_period"))
    op.create_index(op.f("ix_plan_reports_plan_id"), "plan_reports", ["plan_id"])
    op.create_index(op.f("ix_plan_reports_task_id"), "plan_reports", ["task_id"])
    op.create_index("ix_plan_reports_open_due", "plan_reports", ["status", "due_at"])
    op.create_index("ix_plan_reports_org_status", "plan_reports", ["org_id", "status"])
    op.create_table(
        "plan_evidence",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("content_type", sa.String(100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("uploaded_at", UTC, nullable=False),
        sa.Column("uploaded_by", sa.String(64), nullable=False),
        _fk("plan_evidence", "report_id", "plan_reports"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_evidence")))
    op.create_index(op.f("ix_plan_evidence_report_id"), "plan_evidence", ["report_id"])
    settings = sa.table("settings", sa.column("key", sa.String), sa.column("value", sa.String),
                        sa.column("description", sa.String))
    op.bulk_insert(settings, [{"key": k, "value": v, "description": d} for k, v, d in SETTINGS])


def downgrade():
    op.execute(sa.text("DELETE FROM settings WHERE key LIKE 'plan.%'"))
    for table in ("plan_evidence", "plan_reports", "plan_indicator_units", "plan_task_units",
                  "plan_tasks", "plans"):
        op.drop_table(table)
