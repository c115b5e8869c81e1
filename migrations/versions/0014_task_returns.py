"""task_returns: send-backs (退回) and recalls (撤回) of human tasks

Revision ID: 0014
Revises: 0013
"""
from alembic import op
import sqlalchemy as sa

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "task_returns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("target", sa.String(length=100), nullable=False),
        sa.Column("reopened_task_id", sa.Integer(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("resolved_at", sa.DateTime(), nullable=True),
        sa.Column("back_task_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_task_returns_case_id_cases"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["task_id"], ["human_tasks.id"], name=op.f("fk_task_returns_task_id_human_tasks"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["reopened_task_id"], ["human_tasks.id"],
                                name=op.f("fk_task_returns_reopened_task_id_human_tasks"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["back_task_id"], ["human_tasks.id"],
                                name=op.f("fk_task_returns_back_task_id_human_tasks"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["actor_id"], ["users.id"], name=op.f("fk_task_returns_actor_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_task_returns")),
    )
    with op.batch_alter_table("task_returns") as batch_op:
        batch_op.create_index(batch_op.f("ix_task_returns_case_id"), ["case_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_task_returns_reopened_task_id"), ["reopened_task_id"], unique=False)


def downgrade():
    op.drop_table("task_returns")
