"""round_attachments: files SAMR attaches to a round's notice (通知)

Revision ID: 0026
Revises: 0025

The notice's links stay in rounds.notice_attachments; its files are rows here, their bytes
in the files directory under their SHA-256 (as the documents').
"""
from alembic import op
import sqlalchemy as sa

revision = "0026"
down_revision = "0025"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "round_attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("round_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("content_type", sa.String(length=100), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("uploaded_by", sa.String(length=64), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["round_id"], ["rounds.id"], name=op.f("fk_round_attachments_round_id_rounds")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_round_attachments")),
    )
    with op.batch_alter_table("round_attachments") as batch:
        batch.create_index(batch.f("ix_round_attachments_round_id"), ["round_id"], unique=False)


def downgrade():
    op.drop_table("round_attachments")
