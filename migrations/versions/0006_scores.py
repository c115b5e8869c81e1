"""scores per indicator and source; the indicator system a case is scored under

Revision ID: 0006
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0006"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "scores",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("indicator_system", sa.String(length=50), nullable=False),
        sa.Column("indicator", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=80), nullable=False),
        sa.Column("value", sa.Numeric(precision=7, scale=3), nullable=False),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("auto", sa.Boolean(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=True),
        sa.Column("task_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("superseded_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_scores_case_id_cases"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_scores")),
    )
    op.create_index("ix_scores_case_current", "scores", ["case_id", "superseded_at", "source"])
    # A plain ADD COLUMN (no table rebuild on SQLite), so parallel migrations on cases compose.
    op.add_column("cases", sa.Column("indicator_system", sa.String(length=50), nullable=True))


def downgrade():
    with op.batch_alter_table("cases") as batch_op:
        batch_op.drop_column("indicator_system")
    op.drop_index("ix_scores_case_current", table_name="scores")
    op.drop_table("scores")
