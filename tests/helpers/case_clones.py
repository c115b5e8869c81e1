"""Many cases waiting at the same step, made by copying one that got there through the API:
its state with every task id made new, and its open inbox row. Used where volume matters
more than variety (tests/faults, bench/throughput.py)."""
import re
import uuid

from sqlalchemy import insert

from models import Case, HumanTask, db

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def clone(case_id, n):
    """n copies of the case, as the engine would have saved them; returns
    [(case id, open task id)]. Needs an application context; commits."""
    case = db.session.get(Case, case_id)
    row = HumanTask.query.filter_by(case_id=case_id, completed_at=None).one()
    case_cols = {c.key: getattr(case, c.key) for c in Case.__table__.columns if c.key != "id"}
    row_cols = {c.key: getattr(row, c.key) for c in HumanTask.__table__.columns if c.key != "id"}
    made = []
    for _ in range(n):
        # every task id new (the next task's too: it is created from the state's ids)
        fresh = {}
        state = UUID.sub(lambda m: fresh.setdefault(m.group(0), str(uuid.uuid4())), case.state_json)  # noqa: B023  (called here)
        new_case = db.session.execute(insert(Case).values(**dict(case_cols, state_json=state))
                                      .returning(Case.id)).scalar()
        task = db.session.execute(insert(HumanTask).values(**dict(row_cols, case_id=new_case,
                                                                  task_guid=fresh[row.task_guid]))
                                  .returning(HumanTask.id)).scalar()
        made.append((new_case, task))
    db.session.commit()
    return made
