"""official documents of decisions: number patterns per issuer, counters, documents and
the cases each concerns

Revision ID: 0013
Revises: 0012
"""
from alembic import op
import sqlalchemy as sa

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "document_number_patterns",
        sa.Column("issuer_id", sa.Integer(), nullable=False),
        sa.Column("pattern", sa.String(length=100), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["issuer_id"], ["orgs.id"], name=op.f("fk_document_number_patterns_issuer_id_orgs")),
        sa.PrimaryKeyConstraint("issuer_id", name=op.f("pk_document_number_patterns")),
    )
    op.create_table(
        "document_number_counters",
        sa.Column("issuer_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["issuer_id"], ["orgs.id"], name=op.f("fk_document_number_counters_issuer_id_orgs")),
        sa.PrimaryKeyConstraint("issuer_id", "year", name=op.f("pk_document_number_counters")),
    )
    op.create_table(
        "official_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("issuer_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("serial", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=120), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("addressee", sa.String(length=300), nullable=False),
        sa.Column("task_name", sa.String(length=100), nullable=True),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
        sa.Column("issued_by", sa.String(length=64), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["issuer_id"], ["orgs.id"], name=op.f("fk_official_documents_issuer_id_orgs")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_official_documents")),
        sa.UniqueConstraint("issuer_id", "year", "serial", name="uq_official_documents_serial"),
    )
    op.create_table(
        "official_document_cases",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_official_document_cases_case_id_cases"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["document_id"], ["official_documents.id"],
                                name=op.f("fk_official_document_cases_document_id_official_documents"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("document_id", "case_id", name=op.f("pk_official_document_cases")),
    )
    op.create_index("ix_official_document_cases_case_id", "official_document_cases", ["case_id"])


def downgrade():
    op.drop_index("ix_official_document_cases_case_id", table_name="official_document_cases")
    op.drop_table("official_document_cases")
    op.drop_table("official_documents")
    op.drop_table("document_number_counters")
    op.drop_table("document_number_patterns")
