"""Finding cases by words: in their region, their case data and (once merged) their comments.

Every case has one row of `case_search` (models/search.py): its text, normalised (NFKC,
case-folded), written in the same transaction as every save of the case
(engine/runtime/instances.py:save) and by `reindex_case` after anything else that adds to it.
The text is the parts of `_parts` joined, so a new source of words is one line there.

Matching is by substring, every word of the query (AND), on both databases, each word
through an index:
- three characters and more: SQLite's FTS5 trigram index (`case_search_fts`; each word
  quoted as a phrase, so `"`, `*`, `OR`, `NEAR` are plain text), PostgreSQL's pg_trgm GIN
  index (LIKE '%word%' with %, _ and \\ escaped);
- one or two characters (Chinese words are mostly two: 示范, 电商), which no trigram index
  finds: the `grams` column, one token per character of the text naming it and the next
  (code points spelt in letters, so no tokenizer or query syntax reads them otherwise), in an FTS5
  table (SQLite) or a `simple` tsvector GIN index (PostgreSQL): a two-character word is
  one token, a single character a prefix.
"""
import unicodedata
from collections.abc import Iterator
from typing import Any

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from sqlalchemy import ColumnElement, Select, TextualSelect, column, func, literal_column, select, text

from engine.errors import InvalidInput
from models import Case, CaseSearch, Org, db

MAX_QUERY = 200  # characters of a query
MAX_TERMS = 10
MAX_VALUE = 2_000  # characters taken of one data value
MAX_DATA = 20_000  # characters of case data in the index
TRIGRAM = 3  # FTS5's trigram tokenizer finds nothing shorter


def normalise(value: str) -> str:
    """What is indexed and what is looked for: full-width forms folded, case ignored."""
    return unicodedata.normalize("NFKC", value).casefold()


def terms(q: str | None) -> list[str]:
    """The query's words, normalised and once each; 400 naming `q` beyond the bounds."""
    if not q or not q.strip():
        return []
    if len(q) > MAX_QUERY:
        raise InvalidInput(f"a search is at most {MAX_QUERY} characters", {"q": [f"longer than {MAX_QUERY} characters"]})
    words = list(dict.fromkeys(normalise(q).split()))
    if len(words) > MAX_TERMS:
        raise InvalidInput(f"a search has at most {MAX_TERMS} words", {"q": [f"more than {MAX_TERMS} words"]})
    return words


GRAM_DIGITS = str.maketrans("0123456789abcdef", "abcdefghijklmnop")  # letters only: one plain word
GRAM_END = "aaaaaa"


def _hex(char: str) -> str:
    """A code point as six letters (hex digits spelt a–p)."""
    return f"{ord(char):06x}".translate(GRAM_DIGITS)


def grams(value: str) -> str:
    """The tokens of the short-word index: for each character of each word, its code point
    and the next one's (GRAM_END at a word's end), each token once."""
    tokens = dict.fromkeys(_hex(w[i]) + (_hex(w[i + 1]) if i + 1 < len(w) else GRAM_END)
                           for w in value.split() for i in range(len(w)))
    return " ".join(tokens)


def _gram_query(words: list[str]) -> list[str]:
    """Short words as tokens to match: two characters one token, one character a prefix."""
    return [_hex(w[0]) + _hex(w[1]) if len(w) == 2 else _hex(w) + "*" for w in words]


def case_ids(q: str | None) -> Select[Any] | TextualSelect | None:
    """SELECT of the ids of the cases whose text holds every word of `q`, or None for no
    search. Access is the caller's to add (engine.access.case_filter / task_filter)."""
    words = terms(q)
    if not words:
        return None
    long, short = [w for w in words if len(w) >= TRIGRAM], _gram_query([w for w in words if len(w) < TRIGRAM])
    if db.session.get_bind().dialect.name == "sqlite":
        selects, params = [], {}
        if long:
            selects.append("SELECT rowid FROM case_search_fts WHERE case_search_fts MATCH :phrases")
            params["phrases"] = " ".join('"' + w.replace('"', '""') + '"' for w in long)
        if short:
            selects.append("SELECT rowid FROM case_search_grams WHERE case_search_grams MATCH :grams")
            params["grams"] = " AND ".join(short)
        return text(" INTERSECT ".join(selects)).bindparams(**params).columns(column("rowid"))
    query = select(CaseSearch.case_id)
    for w in long:
        escaped = w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(CaseSearch.text.like(f"%{escaped}%", escape="\\"))
    if short:
        query = query.where(func.to_tsvector(literal_column("'simple'"), CaseSearch.grams).bool_op("@@")(
            func.to_tsquery(literal_column("'simple'"), " & ".join(t.replace("*", ":*") for t in short))))
    return query


FEW = 200  # found cases up to which the caller's rows are read by id


def narrowed(id_column: ColumnElement[int], q: str | None) -> ColumnElement[bool] | None:
    """Condition keeping the rows whose case `q` finds (`id_column`: cases.id or a case_id),
    or None for no search. A few found cases are named by id (their rows read through the
    index on that column); more are probed while the caller's own index is walked (`+ 0`
    keeps the planner off the id index, which would read every finished task of thousands
    of found cases)."""
    found = case_ids(q)
    if found is None:
        return None
    ids = db.session.execute(found.limit(FEW + 1) if isinstance(found, Select) else
                             select(column("rowid")).select_from(found.subquery()).limit(FEW + 1)).scalars().all()
    if len(ids) <= FEW:
        return id_column.in_(ids)
    return (id_column + 0).in_(found)


# -- writing the index ------------------------------------------------------------------------

def _values(value: Any, depth: int = 0) -> Iterator[str]:
    """The text values in a piece of case data (nested lists and objects included)."""
    if isinstance(value, str):
        if value.strip():
            yield value[:MAX_VALUE]
    elif isinstance(value, dict) and depth < 8:
        for item in value.values():
            yield from _values(item, depth + 1)
    elif isinstance(value, list | tuple) and depth < 8:
        for item in value:
            yield from _values(item, depth + 1)


def data_text(workflow: BpmnWorkflow) -> str:
    """The case data's text values, each once: the workflow's and every task's (a task's
    data is what was submitted up to it), at most MAX_DATA characters."""
    seen: dict[str, None] = dict.fromkeys(_values(workflow.data))
    for task in workflow.get_tasks():
        seen.update(dict.fromkeys(_values(task.data)))
    return normalise("\n".join(seen))[:MAX_DATA]


def _region_text(case: Case) -> str:
    region = db.session.get(Org, case.region_id)
    province = db.session.get(Org, case.province_id)
    return " ".join(o.name for o in (region, province) if o is not None)


def _parts(case: Case, data: str) -> list[str]:
    """What a case is found by, in order. Comments join here (one line) when they merge."""
    return [_region_text(case), data]


def reindex_case(case: Case, workflow: BpmnWorkflow | None = None) -> None:
    """Write the case's search text in the caller's transaction. Without `workflow`, the
    case data part of the last save is kept (no instance is deserialised)."""
    row = db.session.get(CaseSearch, case.id)
    data = data_text(workflow) if workflow is not None else (row.data_text if row else "")
    full = normalise("\n".join(p for p in _parts(case, data) if p))
    if row is None:
        db.session.add(CaseSearch(case_id=case.id, text=full, data_text=data, grams=grams(full)))
    elif row.text != full or row.data_text != data:  # unchanged: no write, no index churn
        row.text, row.data_text, row.grams = full, data, grams(full)
