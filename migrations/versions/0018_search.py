"""case search index and saved inbox filters

Revision ID: 0018
Revises: 0017

case_search holds each case's normalised search text and `grams` (tokens of character
pairs, for words shorter than a trigram: engine/casework/search.py). SQLite: FTS5 tables
over both (external content, kept in step by triggers): `case_search_fts` (trigram
tokenizer) and `case_search_grams` (plain tokens, a prefix index for single characters).
PostgreSQL: the pg_trgm extension with a GIN trigram index on the text (LIKE '%…%' uses it)
and a GIN index on the grams' `simple` tsvector (a generated column, `grams_tsv`). Existing cases get their region in the
index here; their case data comes with their next save, or at once with
`flask --app wsgi reindex-search`.
"""
from alembic import op
import sqlalchemy as sa

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

SQLITE = (
    """CREATE VIRTUAL TABLE case_search_fts USING fts5(
        text, content='case_search', content_rowid='case_id', tokenize='trigram')""",
    """CREATE VIRTUAL TABLE case_search_grams USING fts5(
        grams, content='case_search', content_rowid='case_id', tokenize='ascii', prefix='6', detail='none')""",
    """CREATE TRIGGER case_search_ai AFTER INSERT ON case_search BEGIN
        INSERT INTO case_search_fts(rowid, text) VALUES (new.case_id, new.text);
        INSERT INTO case_search_grams(rowid, grams) VALUES (new.case_id, new.grams); END""",
    """CREATE TRIGGER case_search_ad AFTER DELETE ON case_search BEGIN
        INSERT INTO case_search_fts(case_search_fts, rowid, text) VALUES ('delete', old.case_id, old.text);
        INSERT INTO case_search_grams(case_search_grams, rowid, grams) VALUES ('delete', old.case_id, old.grams); END""",
    """CREATE TRIGGER case_search_au AFTER UPDATE OF text, grams ON case_search BEGIN
        INSERT INTO case_search_fts(case_search_fts, rowid, text) VALUES ('delete', old.case_id, old.text);
        INSERT INTO case_search_grams(case_search_grams, rowid, grams) VALUES ('delete', old.case_id, old.grams);
        INSERT INTO case_search_fts(rowid, text) VALUES (new.case_id, new.text);
        INSERT INTO case_search_grams(rowid, grams) VALUES (new.case_id, new.grams); END""",
)
POSTGRESQL = (
    "CREATE INDEX ix_case_search_text_trgm ON case_search USING gin (text gin_trgm_ops)",
    # Stored, not an index on the expression: a word in thousands of cases is read from the
    # vectors, never by calling to_tsvector on every row again (2 s for SAMR's inbox).
    "ALTER TABLE case_search ADD COLUMN grams_tsv tsvector GENERATED ALWAYS AS (to_tsvector('simple', grams)) STORED",
    "CREATE INDEX ix_case_search_grams ON case_search USING gin (grams_tsv)",
)


def _grams(value):
    """engine/casework/search.py:grams as of this revision (migrations do not import the engine)."""
    spell = str.maketrans("0123456789abcdef", "abcdefghijklmnop")
    code = lambda c: f"{ord(c):06x}".translate(spell)  # noqa: E731
    return " ".join(dict.fromkeys(code(w[i]) + (code(w[i + 1]) if i + 1 < len(w) else "aaaaaa")
                                  for w in value.split() for i in range(len(w))))


def upgrade():
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.create_table(
        "case_search",
        sa.Column("case_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("data_text", sa.Text(), nullable=False),
        sa.Column("grams", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name=op.f("fk_case_search_case_id_cases"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("case_id", name=op.f("pk_case_search")),
    )
    for statement in {"sqlite": SQLITE, "postgresql": POSTGRESQL}.get(bind.dialect.name, ()):
        op.execute(statement)
    # The region and province names of the cases already there, as the engine writes them.
    rows = bind.execute(sa.text("""SELECT cases.id, region.name, province.name FROM cases
        JOIN orgs region ON region.id = cases.region_id JOIN orgs province ON province.id = cases.province_id""")).all()
    table = sa.table("case_search", sa.column("case_id"), sa.column("text"), sa.column("data_text"), sa.column("grams"))
    texts = [(case_id, f"{region} {province}".casefold()) for case_id, region, province in rows]
    if texts:
        op.bulk_insert(table, [{"case_id": i, "text": t, "data_text": "", "grams": _grams(t)} for i, t in texts])
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
        op.execute("DROP TABLE case_search_fts")  # the triggers go with case_search
        op.execute("DROP TABLE case_search_grams")
    op.drop_table("case_search")
