"""plans county: a prefecture's case with its counties' sub-plans (Art 5, Art 10); a plan's
document number, issuer and date; its targets and organisational measures, tracked

Revision ID: 0022
Revises: 0021

A plan is now unique per case and region (the case's own, and one per participating county)
instead of per case; the constraint keeps its name. case_counties records which counties
take part in which case.
"""
import sqlalchemy as sa
from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = "0007"  # the plans tables live on their own branch


def _fk(table, column, target, cascade=True):
    return sa.ForeignKeyConstraint([column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}"),
                                   ondelete="CASCADE" if cascade else None)


def upgrade():
    UTC = sa.DateTime()
    with op.batch_alter_table("plans") as batch_op:
        batch_op.drop_constraint("uq_plans_case_id", type_="unique")
        batch_op.create_unique_constraint("uq_plans_case_id", ["case_id", "region_id"])
        batch_op.add_column(sa.Column("document_number", sa.String(100)))
        batch_op.add_column(sa.Column("issuer", sa.String(200)))
        batch_op.add_column(sa.Column("issued_on", sa.Date()))
    op.create_table(
        "plan_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(20), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("value", sa.String(100), nullable=False),
        sa.Column("units", sa.JSON(), nullable=False),
        sa.Column("progress", sa.String(16), nullable=False),
        sa.Column("percent", sa.Integer()),
        sa.Column("note", sa.Text()),
        sa.Column("updated_at", UTC),
        sa.Column("updated_by", sa.String(64)),
        _fk("plan_items", "plan_id", "plans"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_items")),
        sa.UniqueConstraint("plan_id", "kind", "number", name=op.f("uq_plan_items_plan_id")))
    op.create_index(op.f("ix_plan_items_plan_id"), "plan_items", ["plan_id"])
    op.create_table(
        "case_counties",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("org_id", sa.Integer(), nullable=False),
        sa.Column("joined_at", UTC, nullable=False),
        sa.Column("joined_by", sa.String(64), nullable=False),
        _fk("case_counties", "case_id", "cases"), _fk("case_counties", "org_id", "orgs", False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_counties")),
        sa.UniqueConstraint("case_id", "org_id", name=op.f("uq_case_counties_case_id")))
    op.create_index(op.f("ix_case_counties_case_id"), "case_counties", ["case_id"])
    op.create_index(op.f("ix_case_counties_org_id"), "case_counties", ["org_id"])


def downgrade():
    op.drop_index(op.f("ix_case_counties_org_id"), table_name="case_counties")
    op.drop_index(op.f("ix_case_counties_case_id"), table_name="case_counties")
    op.drop_table("case_counties")
    op.drop_index(op.f("ix_plan_items_plan_id"), table_name="plan_items")
    op.drop_table("plan_items")
    op.execute("DELETE FROM plans WHERE region_id NOT IN (SELECT region_id FROM cases WHERE cases.id = plans.case_id)")
    with op.batch_alter_table("plans") as batch_op:
        batch_op.drop_column("issued_on")
        batch_op.drop_column("issuer")
        batch_op.drop_column("document_number")
        batch_op.drop_constraint("uq_plans_case_id", type_="unique")
        batch_op.create_unique_constraint("uq_plans_case_id", ["case_id"])
