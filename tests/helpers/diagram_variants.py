"""Edited versions of the walking skeleton, deployed for a test and removed after it.

Definitions outlive a test (the suite shares one database): a test that deploys asks for
the `versions` fixture (tests/conftest.py), which deletes what it deployed, and the cases on
it, when the test ends.
"""
from pathlib import Path

from engine.casework import cases
from engine.definitions import registry
from models import Round, User, db

KEY = "walking_skeleton"
APPLICATION = {  # bpmn/forms/application.json, the skeleton's first form
    "contact_person": "张明", "contact_phone": "0359-2021234",
    "plan_summary": "以数字经济引领网络经济发展，建设网络市场监管与服务示范区。",
    "creation_period": "P2Y",
    "condition_platform_economy": "2023年网络零售额同比增长18%，证明材料见附件一。",
    "condition_regulation": "已建成网络交易监测平台，证明材料见附件二。",
    "condition_no_major_incident": "近三年未发生重大网络市场安全事件。",
}
SKELETON = Path(__file__).resolve().parents[2] / "bpmn" / "walking_skeleton.bpmn"

LEGAL_REVIEW = b'''<bpmn:userTask id="legal_review" name="\xe5\x90\x88\xe6\xb3\x95\xe6\x80\xa7\xe5\xae\xa1\xe6\x9f\xa5">
      <bpmn:extensionElements>
        <spiffworkflow:properties>
          <spiffworkflow:property name="form" value="creation_approval" />
          <spiffworkflow:property name="stage" value="approval" />
        </spiffworkflow:properties>
      </bpmn:extensionElements>
      <bpmn:incoming>flow_review_pass</bpmn:incoming>
      <bpmn:outgoing>flow_legal</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="flow_legal" sourceRef="legal_review" targetRef="creation_approval" />
    '''
LEGAL_REVIEW_DI = (b'<bpmndi:BPMNShape id="legal_review_di" bpmnElement="legal_review">'
                   b'<dc:Bounds x="420" y="440" width="100" height="80" /></bpmndi:BPMNShape>'
                   b'<bpmndi:BPMNEdge id="flow_legal_di" bpmnElement="flow_legal">'
                   b'<di:waypoint x="520" y="480" /><di:waypoint x="680" y="480" /></bpmndi:BPMNEdge>\n'
                   b'    </bpmndi:BPMNPlane>')


def original() -> bytes:
    return SKELETON.read_bytes()


def with_legal_review(xml: bytes) -> bytes:
    """A "legal review" step (SAMR) between a passed initial review and creation approval."""
    xml = xml.replace(b'sourceRef="gw_initial_review" targetRef="creation_approval"',
                      b'sourceRef="gw_initial_review" targetRef="legal_review"')
    xml = xml.replace(b'<bpmn:userTask id="creation_approval"',
                      LEGAL_REVIEW + b'<bpmn:userTask id="creation_approval"')
    xml = xml.replace(b'<bpmn:incoming>flow_review_pass</bpmn:incoming>\n      <bpmn:outgoing>flow_decided',
                      b'<bpmn:incoming>flow_legal</bpmn:incoming>\n      <bpmn:outgoing>flow_decided')
    xml = xml.replace(b'<bpmn:flowNodeRef>creation_approval</bpmn:flowNodeRef>',
                      b'<bpmn:flowNodeRef>legal_review</bpmn:flowNodeRef>\n'
                      b'        <bpmn:flowNodeRef>creation_approval</bpmn:flowNodeRef>')
    xml = xml.replace(b'<di:waypoint x="605" y="345" /><di:waypoint x="605" y="480" /><di:waypoint x="680" y="480" />',
                      b'<di:waypoint x="605" y="345" /><di:waypoint x="605" y="400" />'
                      b'<di:waypoint x="470" y="400" /><di:waypoint x="470" y="440" />')
    xml = xml.replace(b'</bpmndi:BPMNPlane>', LEGAL_REVIEW_DI)
    assert xml.count(b"legal_review") >= 6
    return xml


def with_initial_review_due(xml: bytes, due=b"P10D") -> bytes:
    return xml.replace(b'value="P20D"', b'value="' + due + b'"')


def with_broken_pass_condition(xml: bytes) -> bytes:
    """Passes every deploy check, fails when a token reaches the gateway (unknown name)."""
    return xml.replace(b'decision == "pass"', b'decision == "pass" and legal_opinion == "ok"')


def without_amendment_deadline(xml: bytes) -> bytes:
    """Removes the amendment deadline timer (an element a returned case stands on)."""
    start = xml.index(b'<bpmn:boundaryEvent id="amendment_deadline"')
    xml = xml[:start] + xml[xml.index(b"</bpmn:boundaryEvent>") + len(b"</bpmn:boundaryEvent>"):]
    start = xml.index(b'<bpmn:endEvent id="end_amendment_expired"')
    xml = xml[:start] + xml[xml.index(b"</bpmn:endEvent>", start) + len(b"</bpmn:endEvent>"):]
    for element in (b"amendment_deadline", b"end_amendment_expired", b"flow_amendment_expired"):
        xml = b"\n".join(line for line in xml.split(b"\n") if element not in line)
    return xml


def deploy(xml: bytes, actor="admin") -> int:
    """Deploy an edited skeleton; returns its version."""
    _, forms = registry.read_directory(SKELETON.parent)
    created = registry.deploy({"walking_skeleton.bpmn": xml}, forms, actor)
    db.session.commit()
    assert [d.key for d in created] == [KEY]
    return created[0].version


def start(username="app-yuncheng") -> int:
    """A skeleton case for the applicant's region, on the latest version."""
    user = User.query.filter_by(username=username).one()
    round_ = Round.query.filter_by(kind="application").first()
    return cases.start(user, round_.id, key=KEY).id


# The lifecycle (MAIN_PROCESS): the issue's own example of an edited law.
BPMN_DIR = SKELETON.parent
LEGAL_REVIEW_FORM = {
    "$schema": "https://json-schema.org/draft/2020-12/schema", "title": "合法性审查",
    "type": "object", "required": ["decision"],
    "properties": {"decision": {"type": "string", "title": "审查结论", "enum": ["pass", "fail"]},
                   "review_opinion": {"type": "string", "title": "审查意见", "maxLength": 5000}},
}


def lifecycle_with_legal_review() -> bytes:
    """zone_lifecycle with a SAMR "legal review" (form legal_review) before certification."""
    xml = (BPMN_DIR / "zone_lifecycle.bpmn").read_bytes()
    edits = [
        (b'<bpmn:incoming>Flow_gw_notice_certification</bpmn:incoming>',
         b'<bpmn:incoming>Flow_legal_review_certification</bpmn:incoming>'),
        (b'sourceRef="gw_notice" targetRef="certification"', b'sourceRef="gw_notice" targetRef="legal_review"'),
        (b'<bpmn:userTask id="certification"', b'''<bpmn:userTask id="legal_review" name="\xe5\x90\x88\xe6\xb3\x95\xe6\x80\xa7\xe5\xae\xa1\xe6\x9f\xa5">
      <bpmn:extensionElements>
        <spiffworkflow:properties>
          <spiffworkflow:property name="form" value="legal_review" />
          <spiffworkflow:property name="stage" value="certification" />
        </spiffworkflow:properties>
      </bpmn:extensionElements>
      <bpmn:incoming>Flow_gw_notice_certification</bpmn:incoming>
      <bpmn:outgoing>Flow_legal_review_certification</bpmn:outgoing>
    </bpmn:userTask>
    <bpmn:sequenceFlow id="Flow_legal_review_certification" sourceRef="legal_review" targetRef="certification" />
    <bpmn:userTask id="certification"'''),
        (b'<bpmn:flowNodeRef>certification</bpmn:flowNodeRef>',
         b'<bpmn:flowNodeRef>legal_review</bpmn:flowNodeRef>\n        <bpmn:flowNodeRef>certification</bpmn:flowNodeRef>'),
        (b'<bpmndi:BPMNShape id="certification_di" bpmnElement="certification">',
         b'<bpmndi:BPMNShape id="legal_review_di" bpmnElement="legal_review">'
         b'<dc:Bounds x="2095" y="800" width="110" height="80" /></bpmndi:BPMNShape>\n'
         b'      <bpmndi:BPMNEdge id="Flow_legal_review_certification_di" bpmnElement="Flow_legal_review_certification">'
         b'<di:waypoint x="2150" y="800" /><di:waypoint x="2150" y="770" /></bpmndi:BPMNEdge>\n'
         b'      <bpmndi:BPMNShape id="certification_di" bpmnElement="certification">'),
    ]
    for old, new in edits:
        assert xml.count(old) == 1, old
        xml = xml.replace(old, new)
    return xml


def notice_of_ten_days() -> bytes:
    """zone_public_notice with the notice shortened from notice_period (P15D) to P10D."""
    xml = (BPMN_DIR / "zone_public_notice.bpmn").read_bytes()
    old = b"<bpmn:timeDuration>notice_period</bpmn:timeDuration>"
    assert xml.count(old) == 1
    return xml.replace(old, b'<bpmn:timeDuration>"P10D"</bpmn:timeDuration>')


def with_expiry_script(xml: bytes, script=b"expired_note = missing_note") -> bytes:
    """A script task after the amendment deadline; the default names an unknown variable,
    so the diagram deploys and fails only when the timer fires."""
    edits = [
        (b'sourceRef="amendment_deadline" targetRef="end_amendment_expired"',
         b'sourceRef="amendment_deadline" targetRef="expiry_note"'),
        (b'<bpmn:incoming>flow_amendment_expired</bpmn:incoming>\n    </bpmn:endEvent>',
         b'<bpmn:incoming>flow_expiry_noted</bpmn:incoming>\n    </bpmn:endEvent>\n'
         b'    <bpmn:scriptTask id="expiry_note" name="expiry note">\n'
         b'      <bpmn:incoming>flow_amendment_expired</bpmn:incoming>\n'
         b'      <bpmn:outgoing>flow_expiry_noted</bpmn:outgoing>\n'
         b'      <bpmn:script>' + script + b'</bpmn:script>\n    </bpmn:scriptTask>\n'
         b'    <bpmn:sequenceFlow id="flow_expiry_noted" sourceRef="expiry_note" targetRef="end_amendment_expired" />'),
    ]
    for old, new in edits:
        assert xml.count(old) == 1, old
        xml = xml.replace(old, new)
    return xml
