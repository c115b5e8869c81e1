"""round calendar: deadlines, quota and SAMR's notice on rounds; the provinces'
recommendation lists (one per province and round); SAMR's list decisions

Revision ID: 0012
Revises: 0011
"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = "0003"  # the settings table the reminder thresholds live in

# Frozen copy of the defaults (engine/thresholds.py holds the live ones).
SETTINGS = [
    ("round.remind_before", "P3D", "批次截止日期前多久提醒尚未办理的经办人或角色（ISO 8601 时长）"),
    ("round.every_seconds", "3600", "批次截止日期提醒的检查间隔（秒）"),
]


def _fk(table, column, target):
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"))


def upgrade():
    UTC = sa.DateTime()
    with op.batch_alter_table("rounds") as batch:
        batch.add_column(sa.Column("submission_deadline", UTC, nullable=True))
        batch.add_column(sa.Column("provincial_review_deadline", UTC, nullable=True))
        batch.add_column(sa.Column("recommendation_deadline", UTC, nullable=True))
        batch.add_column(sa.Column("quota", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("notice_title", sa.String(300), nullable=True))
        batch.add_column(sa.Column("notice_text", sa.Text(), nullable=True))
        batch.add_column(sa.Column("notice_attachments", sa.JSON(), nullable=True))
    op.create_table(
        "recommendation_lists",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("province_id", sa.Integer(), nullable=False),
        sa.Column("submitted_at", UTC, nullable=False),
        sa.Column("submitted_by", sa.String(64), nullable=False),
        _fk("recommendation_lists", "round_id", "rounds"),
        _fk("recommendation_lists", "province_id", "orgs"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recommendation_lists")),
        sa.UniqueConstraint("round_id", "province_id", name="uq_recommendation_lists_round_province"))
    op.create_table(
        "recommendation_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("list_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(16), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=True),
        sa.Column("reasons", sa.Text(), nullable=True),
        _fk("recommendation_items", "list_id", "recommendation_lists"),
        _fk("recommendation_items", "case_id", "cases"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recommendation_items")),
        sa.UniqueConstraint("case_id", name=op.f("uq_recommendation_items_case_id")))
    op.create_index(op.f("ix_recommendation_items_list_id"), "recommendation_items", ["list_id"])
    op.create_table(
        "list_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("decided_at", UTC, nullable=False),
        sa.Column("decided_by", sa.String(64), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        _fk("list_decisions", "round_id", "rounds"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_list_decisions")))
    op.create_index(op.f("ix_list_decisions_round_id"), "list_decisions", ["round_id"])
    op.create_table(
        "list_decision_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("decision", sa.String(16), nullable=True),
        sa.Column("reasons", sa.Text(), nullable=True),
        _fk("list_decision_items", "decision_id", "list_decisions"),
        _fk("list_decision_items", "case_id", "cases"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_list_decision_items")),
        sa.UniqueConstraint("decision_id", "case_id", name="uq_list_decision_items_decision_case"))
    op.create_index(op.f("ix_list_decision_items_decision_id"), "list_decision_items", ["decision_id"])
    op.create_index(op.f("ix_list_decision_items_case_id"), "list_decision_items", ["case_id"])
    settings = sa.table("settings", sa.column("key", sa.String), sa.column("value", sa.String),
                        sa.column("description", sa.String))
    op.bulk_insert(settings, [{"key": k, "value": v, "description": d} for k, v, d in SETTINGS])


def downgrade():
    op.execute(sa.text("DELETE FROM settings WHERE key LIKE 'round.%'"))
    for table in ("list_decision_items", "list_decisions", "recommendation_items", "recommendation_lists"):
        op.drop_table(table)
    with op.batch_alter_table("rounds") as batch:
        for column in ("notice_attachments", "notice_text", "notice_title", "quota", "recommendation_deadline",
                       "provincial_review_deadline", "submission_deadline"):
            batch.drop_column(column)
