"""event waits: the waiting intermediate catch events and receive tasks of each case

Revision ID: 0019
Revises: 0018

A projection beside human_tasks (engine/runtime/instances.py keeps both on every save) so that
process analytics count the time cases spend in timers and message waits. Cases waiting in an
event when this runs get their row at their next save.
"""
from alembic import op
import sqlalchemy as sa

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "event_waits",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("task_guid", sa.String(length=36), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("due_at", sa.DateTime(), nullable=True),
        sa.Column("completed_at", sa.DateTime(), nullable=True),
        sa.Column("passed", sa.Boolean(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_event_waits_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_event_waits")),
        sa.UniqueConstraint("task_guid", name=op.f("uq_event_waits_task_guid")),
    )
    with op.batch_alter_table("event_waits") as batch_op:
        batch_op.create_index(batch_op.f("ix_event_waits_case_id"), ["case_id"], unique=False)


def downgrade():
    with op.batch_alter_table("event_waits") as batch_op:
        batch_op.drop_index(batch_op.f("ix_event_waits_case_id"))
    op.drop_table("event_waits")
