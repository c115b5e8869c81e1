"""lifecycle: evaluation round of a case, objections from the public

Revision ID: 0002
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("evaluation_round_id", sa.Integer(), nullable=True))
        batch.create_index("ix_cases_evaluation_round_id", ["evaluation_round_id"])
        batch.create_foreign_key("fk_cases_evaluation_round_id_rounds", "rounds",
                                 ["evaluation_round_id"], ["id"])
    op.create_table(
        "objections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("confirmation", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("contact", sa.String(length=200), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("received_at", sa.DateTime(), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_objections_case_id_cases"),
        sa.PrimaryKeyConstraint("id", name="pk_objections"),
        sa.UniqueConstraint("confirmation", name="uq_objections_confirmation"),
    )
    op.create_index("ix_objections_case_id", "objections", ["case_id"])


def downgrade():
    op.drop_index("ix_objections_case_id", table_name="objections")
    op.drop_table("objections")
    with op.batch_alter_table("cases") as batch:
        batch.drop_constraint("fk_cases_evaluation_round_id_rounds", type_="foreignkey")
        batch.drop_index("ix_cases_evaluation_round_id")
        batch.drop_column("evaluation_round_id")
