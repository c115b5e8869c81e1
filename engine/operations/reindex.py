"""Rebuilding the case search index from the saved instances: after the migration that adds
it (cases saved before have their region only), or after the indexed parts change."""
from engine.casework import search
from engine.runtime import instances
from models import Case, db

BATCH = 200


def reindex_all() -> int:
    """Re-index every case, committing every BATCH cases (a long rebuild never holds the
    write lock for long); returns how many."""
    done, last = 0, 0
    while True:
        batch = Case.query.filter(Case.id > last).order_by(Case.id).limit(BATCH).all()
        if not batch:
            return done
        for case in batch:
            search.reindex_case(case, instances.load(case))
        db.session.commit()
        done, last = done + len(batch), batch[-1].id
