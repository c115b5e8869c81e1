"""human_tasks: partial covering index over open rows for role-wide inboxes

Revision ID: 0009
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0009"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_human_tasks_open_by_role", "human_tasks",
                    ["role", "assignee_id", "stage", "region_id", "round_id", "due_at"], unique=False,
                    sqlite_where=sa.text("completed_at IS NULL"),
                    postgresql_where=sa.text("completed_at IS NULL"))


def downgrade():
    op.drop_index("ix_human_tasks_open_by_role", table_name="human_tasks")
