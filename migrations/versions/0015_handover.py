"""handover: delegation (委派) columns on human_tasks, case_copies (抄送)

Revision ID: 0015
Revises: 0014
"""
from alembic import op
import sqlalchemy as sa

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

COLUMNS = (("delegated_to_id", sa.Integer()), ("delegated_by_id", sa.Integer()),
           ("delegation_state", sa.String(length=16)))


def upgrade():
    # Plain ALTER TABLE ADD COLUMN: a batch recreation of human_tasks on SQLite would have to
    # rebuild its partial inbox indexes. The foreign keys are added where ALTER TABLE can.
    with op.batch_alter_table("human_tasks") as batch:
        for name, type_ in COLUMNS:
            batch.add_column(sa.Column(name, type_, nullable=True))
    if op.get_bind().dialect.name != "sqlite":
        for name, _ in COLUMNS[:2]:
            op.create_foreign_key(op.f(f"fk_human_tasks_{name}_users"), "human_tasks", "users", [name], ["id"])
    op.create_index(op.f("ix_human_tasks_delegated_to_id"), "human_tasks", ["delegated_to_id"])
    op.create_table(
        "case_copies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("by_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_copies_case_id_cases"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_case_copies_user_id_users")),
        sa.ForeignKeyConstraint(["by_id"], ["users.id"], name=op.f("fk_case_copies_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_copies")),
        sa.UniqueConstraint("case_id", "user_id", name="uq_case_copies_case_user"),
    )
    op.create_index(op.f("ix_case_copies_user_id"), "case_copies", ["user_id"])


def downgrade():
    op.drop_table("case_copies")
    op.drop_index(op.f("ix_human_tasks_delegated_to_id"), "human_tasks")
    if op.get_bind().dialect.name != "sqlite":
        for name, _ in COLUMNS[:2]:
            op.drop_constraint(op.f(f"fk_human_tasks_{name}_users"), "human_tasks", type_="foreignkey")
    with op.batch_alter_table("human_tasks") as batch:
        for name, _ in reversed(COLUMNS):
            batch.drop_column(name)
