"""cases.measures: the management measures a case runs under (Art 24)

Revision ID: 0020
Revises: 0019

Cases already scored under the 2022 trial indicator system were approved while the trial
measures were in force and keep them; every other case runs under the current measures.
"""
from alembic import op
import sqlalchemy as sa

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = "0006"  # cases.indicator_system comes from that branch


def upgrade():
    # a plain ADD COLUMN (a constant default makes it valid on SQLite): recreating the table in
    # batch mode would drop the search triggers' neighbours' view of it
    op.add_column("cases", sa.Column("measures", sa.String(length=20), nullable=False, server_default="2024"))
    op.execute("UPDATE cases SET measures = '2022-trial' WHERE indicator_system = '2022-trial'")


def downgrade():
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("measures")
