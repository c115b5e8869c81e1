"""Case search and saved inbox filters.

`case_search` holds one row per case: the text a search looks in (region, case data, and
whatever engine/casework/search.py adds), normalised (NFKC, case-folded). The database
indexes it for substring search: on SQLite FTS5 tables kept in step by triggers (trigrams of
`text` in `case_search_fts`, the tokens of `grams` in `case_search_grams`), on PostgreSQL a
pg_trgm GIN index and a tsvector GIN index (migration 0017).
"""
from models import db
from models.types import UTCDateTime

CASCADE = {"ondelete": "CASCADE"}


class CaseSearch(db.Model):
    __tablename__ = "case_search"
    case_id = db.Column(db.Integer, db.ForeignKey("cases.id", **CASCADE), primary_key=True,
                        autoincrement=False)
    text = db.Column(db.Text, nullable=False)
    # The case data part as of the last save: a re-index without the workflow (a comment
    # added) keeps it instead of deserialising the instance again.
    data_text = db.Column(db.Text, nullable=False, default="")
    # Tokens of character pairs, for words too short for a trigram index (engine/casework/search.py).
    grams = db.Column(db.Text, nullable=False, default="")


class SavedFilter(db.Model):
    """An inbox filter a user named, to open it again in one click; theirs only."""
    __tablename__ = "saved_filters"
    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id", **CASCADE), nullable=False, index=True)
    name = db.Column(db.String(60), nullable=False)
    params = db.Column(db.JSON, nullable=False)  # the inbox query arguments (not `query`: Model.query)
    created_at = db.Column(UTCDateTime, nullable=False)
