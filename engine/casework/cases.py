"""Starting cases (Art 5–7) and reading them."""
from sqlalchemy.orm import Query

from engine import access, clock
from engine.audit import record
from engine.casework import rounds, search
from engine.config import settings
from engine.definitions import registry
from engine.errors import Conflict, Forbidden, NotFound
from engine.runtime import instances
from engine.tx import transactional
from models import Case, Org, Round, User, db
from models.process import CaseStatus, Stage
from models.rounds import Deadline, RoundKind


@transactional
def start(actor: User, round_id: int, key: str | None = None) -> Case:
    """Start a case for the actor's region in an open application round."""
    regions = actor.orgs_for("applicant")
    if not regions:
        raise Forbidden("only a candidate region's account can apply")
    region = regions[0]
    if region.level == "county" and region.parent is not None:
        _refuse_county(region, round_id)
    if not region.may_apply:
        raise Forbidden(
            "{region} may not apply on its own: only sub-provincial cities, prefecture-level "
            "cities and districts or counties of municipalities may apply (Art 5); a county-level "
            "city takes part in its city's case", region=region.name)
    round_ = db.session.get(Round, round_id) if round_id is not None else None
    if round_ is None or round_.kind != RoundKind.APPLICATION:
        raise NotFound("application round {round_id} does not exist", round_id=round_id)
    now = clock.now()
    if not round_.is_open(now):
        raise Conflict("round {round} is not open for applications", round=round_.name)
    if round_.submission_deadline is not None and now > round_.submission_deadline:
        rounds.refuse_late(round_, Deadline.SUBMISSION)
    if Case.query.filter(Case.region_id == region.id, Case.round_id == round_.id,
                         Case.status != CaseStatus.CLOSED).first():
        raise Conflict("{region} already has an open case in round {round}", region=region.name, round=round_.name)

    definition = registry.latest(key or settings.main_process)
    case = Case(region_id=region.id, province_id=region.province.id, round_id=round_.id,
                definition_id=definition.id, stage=Stage.APPLICATION, status=CaseStatus.ACTIVE,
                state_json="{}", created_at=now, updated_at=now, created_by=actor.username,
                measures=settings.measures)  # Art 24: kept when the measures change
    db.session.add(case)
    db.session.flush()
    workflow = instances.new(definition)
    # Scripts see task data, not workflow.data: seed the start task.
    instances.start_task(workflow).data.update(
        settings.case_defaults, case_id=case.id, region_id=region.id, round_id=round_.id)
    instances.run(workflow)
    instances.save(case, workflow, actor)
    record(actor, "case_started", case, detail={
        "region": region.code, "round": round_.name, "measures": case.measures,
        "definition": {"key": definition.key, "version": definition.version}})
    return case


def _refuse_county(county: Org, round_id: int | None) -> None:
    """A county takes part in its prefecture's case (Art 5, Art 10): name that case."""
    from engine.plans.counties import case_to_join  # plans build on casework, not the reverse
    join = case_to_join(county, round_id if isinstance(round_id, int) else None)
    if join is not None:
        raise Forbidden(
            "{county} may not apply on its own (Art 5): a county-level city takes part in its city's case; "
            "join {prefecture}'s case {case}, which {prefecture}'s office includes its counties in (Art 10)",
            county=county.name, prefecture=county.parent.name, case=join.id)
    raise Forbidden(
        "{county} may not apply on its own (Art 5): a county-level city takes part in its city's case; "
        "{prefecture} has no open case yet to join: once it applies, its office includes {county} (Art 10)",
        county=county.name, prefecture=county.parent.name)


def get(actor: User, case_id: int) -> Case:
    case = db.session.get(Case, case_id)
    if case is None:
        raise NotFound("case {case_id} does not exist", case_id=case_id)
    if not access.may_see_case(actor, case):
        raise Forbidden("this case belongs to another region")
    return case


def query(actor: User, stage: str | None = None, province_id: int | None = None,
          region_id: int | None = None, words: str | None = None) -> Query[Case]:
    """The cases the actor may see, filtered; `words` searches them (engine/casework/search.py)."""
    q = Case.query.filter(access.case_filter(actor))
    found = search.narrowed(Case.id, words)
    if found is not None:
        q = q.filter(found)
    if stage:
        q = q.filter(Case.stage == stage)
    if province_id:
        q = q.filter(Case.province_id == province_id)
    if region_id:
        q = q.filter(Case.region_id == region_id)
    return q.order_by(Case.id.desc())
