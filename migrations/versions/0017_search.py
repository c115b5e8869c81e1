"""case search index and saved inbox filters

Revision ID: 0017
Revises: 0014

SQLite: an FTS5 table with the trigram tokenizer over case_search.text (external content,
kept in step by triggers). PostgreSQL: the pg_trgm extension and a GIN trigram index, which
LIKE '%…%' uses. Existing cases get their region in the index here; their case data comes
in with their next save, or at once with `flask --app wsgi reindex-search`.

"""
from alembic import op
import sqlalchemy as sa

revision = "0017"
down_revision = "0014"
branch_labels = None
depends_on = None

FTS = """CREATE VIRTUAL TABLE case_search_fts USING fts5(
    text, content='case_search', content_rowid='case_id', tokenize='trigram')"""
TRIGGERS = (
    """CREATE TRIGGER case_search_ai AFTER INSERT ON case_search BEGIN
        INSERT INTO case_search_fts(rowid, text) VALUES (new.case_id, new.text); END""",
    """CREATE TRIGGER case_search_ad AFTER DELETE ON case_search BEGIN
        INSERT INTO case_search_fts(case_search_fts, rowid, text) VALUES ('delete', old.case_id, old.text); END""",
    """CREATE TRIGGER case_search_au AFTER UPDATE OF text ON case_search BEGIN
        INSERT INTO case_search_fts(case_search_fts, rowid, text) VALUES ('delete', old.case_id, old.text);
        INSERT INTO case_search_fts(rowid, text) VALUES (new.case_id, new.text); END""",
)


def upgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_table(
        "case_search",
        sa.Column("case_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("data_text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_search_case_id_cases"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_case_search")),
    )
    if dialect == "sqlite":
        op.execute(FTS)
        for trigger in TRIGGERS:
            op.execute(trigger)
    elif dialect == "postgresql":
        op.execute("CREATE INDEX ix_case_search_text_trgm ON case_search USING gin (text gin_trgm_ops)")
    # Region names of the cases already there (lower-cased as the engine writes them).
    op.execute("""INSERT INTO case_search (case_id, text, data_text)
                  SELECT cases.id, lower(orgs.name), '' FROM cases JOIN orgs ON orgs.id = cases.region_id""")
    op.create_table(
        "saved_filters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=60), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["users.id"], name=op.f("fk_saved_filters_user_id_users"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_saved_filters")),
    )
    op.create_index("ix_saved_filters_user_id", "saved_filters", ["user_id"])


def downgrade():
    op.drop_table("saved_filters")
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TABLE case_search_fts")  # its triggers go with case_search
    op.drop_table("case_search")
