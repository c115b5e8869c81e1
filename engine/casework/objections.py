"""Public notice (Art 15): the list of notices, and objections arriving as BPMN messages."""
import secrets

from SpiffWorkflow.bpmn import BpmnEvent
from SpiffWorkflow.spiff.specs.event_definitions import MessageEventDefinition

from engine import clock, text
from engine.audit import record
from engine.errors import Conflict
from engine.runtime import instances
from engine.tx import lock_case, transactional
from models import Case, Objection, db

MESSAGE = "objection"
ACTOR = "public"


def notices() -> list[Case]:
    """Cases in public notice, soonest ending first; `next_timer_at` is the notice's end."""
    return (Case.query.filter(Case.stage == "public_notice", Case.status != "closed")
            .order_by(Case.next_timer_at.is_(None), Case.next_timer_at, Case.id).all())


@transactional
def submit(case_id: int, name: str, contact: str, content: str, client: str | None = None) -> Objection:
    """Deliver one objection to the case's notice; 409 once the notice has ended."""
    text.check({"name": name, "contact": contact, "content": content}, one_line=("name", "contact"))
    case = lock_case(case_id)
    if case.stage != "public_notice":
        raise Conflict("case {case_id} is not in public notice: objections are not accepted", case_id=case_id)
    now = clock.now()
    objection = Objection(case_id=case.id, confirmation=f"YY{now:%Y%m%d}{secrets.token_hex(4).upper()}",
                          name=name, contact=contact, content=content, received_at=now, client=client)
    db.session.add(objection)
    db.session.flush()
    workflow = instances.load(case)
    payload = {"id": objection.id, "name": name, "contact": contact, "content": content,
               "received_at": now.isoformat()}
    caught = []

    def deliver() -> None:
        event = BpmnEvent(MessageEventDefinition(MESSAGE), payload)
        caught.append(workflow.event_manager.catch(event, internal=False))

    instances.run(workflow, deliver)
    if not caught[0]:
        raise Conflict("the public notice has ended: objections are no longer accepted")
    instances.save(case, workflow, ACTOR)
    record(ACTOR, "objection_received", case, detail={
        "objection_id": objection.id, "confirmation": objection.confirmation})
    return objection
