"""experience reports, the experience library and support measures (Art 19-21)

Revision ID: 0025
Revises: 0024

Experience reports (经验总结) filed by creation objects and certified zones, curated by SAMR
into the public experience library; the support measures and pilots (先行先试) SAMR records
per zone. (Named 0021 beside a sibling branch's 0020: the merger re-chains down_revision.)
"""
from alembic import op
import sqlalchemy as sa

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "experience_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("highlights", sa.Text(), nullable=False),
        sa.Column("progress", sa.Text(), nullable=False),
        sa.Column("practice", sa.Text(), nullable=False),
        sa.Column("submitted_by", sa.String(length=64), nullable=False),
        sa.Column("submitted_at", sa.DateTime(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("library_title", sa.String(length=200), nullable=True),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("curated_by", sa.String(length=64), nullable=True),
        sa.Column("curated_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_experience_reports_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_experience_reports")),
    )
    with op.batch_alter_table("experience_reports") as batch_op:
        batch_op.create_index(batch_op.f("ix_experience_reports_case_id"), ["case_id"], unique=False)
    op.create_table(
        "support_measures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.String(length=64), nullable=False),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_support_measures_case_id_cases")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_support_measures")),
    )
    with op.batch_alter_table("support_measures") as batch_op:
        batch_op.create_index(batch_op.f("ix_support_measures_case_id"), ["case_id"], unique=False)


def downgrade():
    with op.batch_alter_table("support_measures") as batch_op:
        batch_op.drop_index(batch_op.f("ix_support_measures_case_id"))
    op.drop_table("support_measures")
    with op.batch_alter_table("experience_reports") as batch_op:
        batch_op.drop_index(batch_op.f("ix_experience_reports_case_id"))
    op.drop_table("experience_reports")
