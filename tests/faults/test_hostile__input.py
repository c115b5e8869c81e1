"""Hostile input is refused with a clear error and nothing is stored: diagrams and decision
tables that attack the XML parser or the script sandbox, requests too large to take, and
form submissions with wrong types, unknown fields, oversized or invisible-control text.
Honest mixed-script text (Chinese, Latin, digits, other scripts) is kept exactly."""
import io
from pathlib import Path

import pytest

from models import AuditEvent, Document, ProcessDefinition
from tests.helpers import diagram_variants
from tests.helpers.api_journey import apply, open_task

pytestmark = pytest.mark.faults

ROOT = Path(__file__).resolve().parents[2]
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL">
<bpmn:process id="walking_skeleton" name="&lol9;"/></bpmn:definitions>"""


def _dmn_with_entity():
    table = (ROOT / "bpmn" / "dmn" / "threshold_check.dmn").read_bytes()
    head, rest = table.split(b"?>", 1)
    return head + b'?>\n<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + rest.replace(b"<description>", b"<description>&x;", 1)


def _script(source):
    """The skeleton with a script task's body replaced by `source`."""
    original = diagram_variants.original()
    marker = b"<bpmn:conditionExpression"
    assert marker in original
    return original.replace(b'decision == "reject"', source.encode(), 1)


HOSTILE_DIAGRAMS = {
    "billion laughs": ("walking_skeleton.bpmn", LAUGHS, "DTD"),
    "billion laughs in UTF-16": ("walking_skeleton.bpmn", LAUGHS.replace(b'version="1.0"', b'version="1.0" encoding="UTF-16"')
                                 .decode().encode("utf-16"), ""),
    "external entity in a decision table": ("threshold_check.dmn", _dmn_with_entity(), "DTD"),
    "over 2 MB": ("walking_skeleton.bpmn", diagram_variants.original().replace(
        b"</bpmn:definitions>", b"<!--" + b"x" * (2 * 1024 * 1024) + b"--></bpmn:definitions>"), "larger than"),
    "open() in a condition": ("walking_skeleton.bpmn", _script('open("/etc/passwd").read() == ""'), "open"),
    "getattr to reach globals": ("walking_skeleton.bpmn", _script('getattr(decision, "__class__") == 1'), "getattr"),
    "builtins by subscript": ("walking_skeleton.bpmn", _script('__builtins__["eval"]("1") == 1'), "__builtins__"),
    "lambda frames": ("walking_skeleton.bpmn", _script('(lambda: 0).__code__ == 1'), "__code__"),
}


def upload(user, files):
    data = {f"file{i}": (io.BytesIO(content), name) for i, (name, content) in enumerate(files.items())}
    return user.client.post("/api/v1/definitions", data=data, headers=user.headers,
                            content_type="multipart/form-data")


def stored(app):
    with app.app_context():
        return ProcessDefinition.query.count(), AuditEvent.query.count(), Document.query.count()


@pytest.mark.parametrize("attack", sorted(HOSTILE_DIAGRAMS))
def test_hostile_diagrams_are_refused_and_nothing_is_deployed(app, api, attack):
    name, content, words = HOSTILE_DIAGRAMS[attack]
    before = stored(app)
    response = upload(api("admin"), {name: content})
    assert response.status_code == 400, response.get_json()
    error = response.get_json()["error"]
    assert error["code"] == "definition_invalid" and words in error["message"], error
    assert stored(app) == before


def test_a_request_over_the_size_limit_is_refused_whole(app, api):
    before = stored(app)
    huge = b"<bpmn:definitions/>" + b" " * (17 * 1024 * 1024)
    response = upload(api("admin"), {"walking_skeleton.bpmn": huge})
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "too_large"
    assert stored(app) == before


def test_a_diagram_under_another_name_is_refused(app, api):
    before = stored(app)
    response = upload(api("admin"), {"walking_skeleton.bpmn.exe": diagram_variants.original()})
    assert response.status_code == 400 and "walking_skeleton.bpmn.exe" in response.get_json()["error"]["message"]
    response = upload(api("admin"), {"walking_skeleton.bpmn": b"%PDF-1.4 not a diagram"})
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "definition_invalid"
    assert stored(app) == before


def case_view(api, case_id):
    case = api("samr").get(f"/api/v1/cases/{case_id}").get_json()
    return case["stage"], case["updated_at"], [t["id"] for t in case["active_tasks"]], len(case["history"])


BAD_FORMS = {
    "wrong types": ({"decision": ["pass"], "reasons": {"a": 1}}, {"decision", "reasons"}),
    "unknown fields": ({"decision": "pass", "reasons": "好", "score": 100, "__proto__": {}}, {"score", "__proto__"}),
    "huge string": ({"decision": "pass", "reasons": "长" * 1_000_000}, {"reasons"}),
    "bidi override": ({"decision": "pass", "reasons": "同意\u202eedoc\u202c"}, {"reasons"}),
    "control characters": ({"decision": "pass", "reasons": "同意\x00\x1b[31m"}, {"reasons"}),
    "nul in a key": ({"decision": "pass", "reas\x00ons": "好"}, {"reas\x00ons"}),
}


@pytest.mark.parametrize("kind", sorted(BAD_FORMS))
def test_bad_form_submissions_name_the_field_and_change_nothing(app, api, kind):
    body, fields = BAD_FORMS[kind]
    case_id = apply(api("app-yuncheng"))
    province = api("prov-shanxi")
    task = open_task(province, "initial_review", case_id)
    before, stored_before = case_view(api, case_id), stored(app)
    response = province.post(f"/api/v1/tasks/{task['id']}/complete", json=body)
    assert response.status_code == 400, response.get_json()
    assert fields <= set(response.get_json()["error"]["fields"]), response.get_json()
    assert case_view(api, case_id) == before
    assert stored(app) == stored_before


def test_mixed_script_text_is_kept_exactly(api):
    text = "同意推荐。Agree — نعم · Да · はい · 한국 · ①②③ · 𠀀 · 👍\n第二段。"
    case_id = apply(api("app-yuncheng"))
    province = api("prov-shanxi")
    task = open_task(province, "initial_review", case_id)
    response = province.post(f"/api/v1/tasks/{task['id']}/complete", json={"decision": "pass", "reasons": text})
    assert response.status_code == 200, response.get_json()
    history = api("samr").get(f"/api/v1/cases/{case_id}").get_json()["history"]
    [review] = [step for step in history if step["task"] == "initial_review" and step["action"] == "task_completed"]
    assert review["detail"]["data"]["reasons"] == text
