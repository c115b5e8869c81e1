"""human_tasks: open-row indexes in inbox order (due date, then id) per role scope

The inboxes page `ORDER BY due_at NULLS LAST, id LIMIT 50`: with the scope's columns
first and the order's after them, PostgreSQL reads the first page straight from the
index instead of sorting every open row of the scope (SAMR: 3,333 rows per page view
with 10,000 cases). They replace the (role, region|province, completed_at) indexes.
They also replace 0009's covering index: the inbox summary (tab counts and filter
choices: open rows grouped by stage, region and round) reads the scope's index alone.

Revision ID: 0010
Revises: 0009
"""
from alembic import op
import sqlalchemy as sa

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

OPEN = sa.text("completed_at IS NULL")
# Trailing columns make each cover its scope's inbox summary (tab counts, filter choices).
NEW = {"ix_human_tasks_open_due": ["role", "due_at", "id", "stage", "region_id", "round_id", "assignee_id"],
       "ix_human_tasks_open_province_due": ["role", "province_id", "due_at", "id", "stage", "region_id", "round_id",
                                            "assignee_id"],
       "ix_human_tasks_open_region_due": ["role", "region_id", "due_at", "id", "stage", "round_id", "assignee_id"]}
OLD = {"ix_human_tasks_open_role_region": (["role", "region_id", "completed_at"], None),
       "ix_human_tasks_open_role_province": (["role", "province_id", "completed_at"], None),
       "ix_human_tasks_open_by_role": (["role", "assignee_id", "stage", "region_id", "round_id", "due_at"], OPEN)}


def upgrade():
    for name in OLD:
        op.drop_index(name, table_name="human_tasks")
    for name, columns in NEW.items():
        op.create_index(name, "human_tasks", columns, sqlite_where=OPEN, postgresql_where=OPEN)


def downgrade():
    for name in NEW:
        op.drop_index(name, table_name="human_tasks")
    for name, (columns, where) in OLD.items():
        op.create_index(name, "human_tasks", columns, sqlite_where=where, postgresql_where=where)
