"""Finding cases by words: in their region, their case data and (once merged) their comments.

Every case has one row of `case_search` (models/search.py): its text, normalised (NFKC,
case-folded), written in the same transaction as every save of the case
(engine/runtime/instances.py:save) and by `reindex_case` after anything else that adds to it.
The text is the parts of `_parts` joined, so a new source of words is one line there.

Matching is by substring, every term of the query (AND), on both databases:
- SQLite: terms of three characters and more go through the FTS5 trigram index (each
  quoted as a phrase, so `"`, `*`, `OR`, `NEAR` are plain text); shorter ones (two-character
  Chinese words such as 示范) through instr() on the rows the other terms left, or on all.
- PostgreSQL: LIKE '%term%' with %, _ and \\ escaped, served by a pg_trgm GIN index.
"""
import unicodedata
from collections.abc import Iterator
from typing import Any

from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from sqlalchemy import Select, column, func, select, text

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


def case_ids(q: str | None) -> Select[Any] | None:
    """SELECT of the ids of the cases whose text holds every word of `q`, or None for no
    search. Access is the caller's to add (engine.access.case_filter / task_filter)."""
    words = terms(q)
    if not words:
        return None
    query = select(CaseSearch.case_id)
    if db.session.get_bind().dialect.name == "sqlite":
        indexed = [w for w in words if len(w) >= TRIGRAM]
        if indexed:
            phrases = " ".join('"' + w.replace('"', '""') + '"' for w in indexed)
            hits = text("SELECT rowid FROM case_search_fts WHERE case_search_fts MATCH :phrases")
            query = query.where(CaseSearch.case_id.in_(hits.bindparams(phrases=phrases).columns(column("rowid"))))
        for w in words:
            if len(w) < TRIGRAM:
                query = query.where(func.instr(CaseSearch.text, w) > 0)
        return query
    for w in words:
        escaped = w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(CaseSearch.text.like(f"%{escaped}%", escape="\\"))
    return query


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
        db.session.add(CaseSearch(case_id=case.id, text=full, data_text=data))
    elif row.text != full or row.data_text != data:  # unchanged: no write, no FTS churn
        row.text, row.data_text = full, data
