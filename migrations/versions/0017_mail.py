"""mail: users' addresses and mail preferences, the outbox of notification mail

Revision ID: 0017
Revises: 0016
"""
from alembic import op
import sqlalchemy as sa

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("email", sa.String(length=254), nullable=True))
        batch.add_column(sa.Column("mail_mode", sa.String(length=16), nullable=False, server_default="immediate"))
    op.create_table(
        "mail_outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dedupe_key", sa.String(length=64), nullable=False),
        sa.Column("notification_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("digest", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(), nullable=False),
        sa.Column("lease_until", sa.DateTime(), nullable=True),
        sa.Column("claimed_by", sa.String(length=64), nullable=True),
        sa.Column("sent_at", sa.DateTime(), nullable=True),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(["notification_id"], ["notifications.id"],
                                name=op.f("fk_mail_outbox_notification_id_notifications"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_mail_outbox_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mail_outbox")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_mail_outbox_dedupe_key")),
    )
    with op.batch_alter_table("mail_outbox") as batch:
        batch.create_index("ix_mail_outbox_due", ["status", "next_attempt_at"], unique=False)
        batch.create_index(batch.f("ix_mail_outbox_notification_id"), ["notification_id"], unique=False)
        batch.create_index(batch.f("ix_mail_outbox_user_id"), ["user_id"], unique=False)


def downgrade():
    op.drop_table("mail_outbox")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("mail_mode")
        batch.drop_column("email")
