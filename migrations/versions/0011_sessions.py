"""accounts: session versions (logout everywhere) and known clients (lockout nobody else can trigger)

`users.session_version` is part of every page session's id; raising it ends all of the
user's sessions. `known_clients` holds the hash of each browser's or script's key that
signed in as the user, with its own failure count and pause.

Revision ID: 0011_sessions
Revises: 0010
"""
from alembic import op
import sqlalchemy as sa

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("session_version", sa.Integer(), nullable=False, server_default="0"))
    op.create_table(
        "known_clients",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("last_used_at", sa.DateTime(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name="fk_known_clients_user_id_users",
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_known_clients"),
        sa.UniqueConstraint("user_id", "key_hash", name="uq_known_client"),
    )


def downgrade():
    op.drop_table("known_clients")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("session_version")
