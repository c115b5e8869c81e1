"""What a draft changes against the deployed version, as the draft page lists and draws it:
elements added and removed, and changed ones with each aspect before and after (a property,
a timer, a condition, a script, a lane, the form a task names)."""
from engine.definitions import diff, drafts
from tests.helpers import diagram_variants as variants

NAME = "walking_skeleton.bpmn"


def compare(old: bytes, new: bytes, old_forms=None, new_forms=None):
    return diff.compare({NAME: old.decode()}, {NAME: new.decode()}, old_forms or {}, new_forms or {})


def ids(rows):
    return [r["id"] for r in rows]


def changed(result, element):
    row = next(r for r in result["changed"] if r["id"] == element)
    return {c["aspect"]: (c["before"], c["after"]) for c in row["changes"]}


def test_an_unchanged_diagram_changes_nothing():
    result = compare(variants.original(), variants.original())
    assert result["added"] == result["removed"] == result["changed"] == []


def test_an_inserted_task_is_added_with_its_flow_and_the_rerouted_flow_is_changed():
    result = compare(variants.original(), variants.with_legal_review(variants.original()))
    assert ids(result["added"]) == ["flow_legal", "legal_review"]
    task = next(r for r in result["added"] if r["id"] == "legal_review")
    assert task["type"] == "userTask" and task["name"] == "合法性审查"
    assert changed(result, "flow_review_pass") == {"targetRef": ("creation_approval", "legal_review")}
    assert result["removed"] == []


def test_a_removed_timer_and_its_path_are_removed():
    result = compare(variants.original(), variants.without_amendment_deadline(variants.original()))
    assert set(ids(result["removed"])) == {"amendment_deadline", "end_amendment_expired", "flow_amendment_expired"}
    assert result["added"] == []


def test_a_property_change_names_the_property_with_both_values():
    result = compare(variants.original(), variants.with_initial_review_due(variants.original()))
    assert ids(result["changed"]) == ["initial_review"]
    assert changed(result, "initial_review") == {"property due": ("P20D", "P10D")}


def test_a_timer_change_shows_the_old_and_new_definition():
    new = variants.original().replace(b'"T23:59:59+08:00"', b'"T12:00:00+08:00"')
    assert changed(compare(variants.original(), new), "amendment_deadline") == {
        "timer": ('timeDate: amend_deadline + "T23:59:59+08:00"', 'timeDate: amend_deadline + "T12:00:00+08:00"')}


def test_a_condition_a_name_and_a_lane_change():
    new = (variants.original().replace(b'decision == "reject"', b'decision in ("reject", "refuse")')
           .replace(b'name="\xe7\x94\xb3\xe6\x8a\xa5\xe5\x88\x9d\xe5\xae\xa1"', b'name="\xe5\x88\x9d\xe5\xae\xa1"'))
    result = compare(variants.original(), new)
    flow = next(r["id"] for r in result["changed"] if "condition" in changed(result, r["id"]))
    assert changed(result, flow)["condition"] == ('decision == "reject"', 'decision in ("reject", "refuse")')
    assert changed(result, "initial_review")["name"] == ("申报初审", "初审")
    moved = variants.original().replace(b"<bpmn:flowNodeRef>initial_review</bpmn:flowNodeRef>", b"").replace(
        b"<bpmn:flowNodeRef>creation_approval</bpmn:flowNodeRef>",
        b"<bpmn:flowNodeRef>creation_approval</bpmn:flowNodeRef><bpmn:flowNodeRef>initial_review</bpmn:flowNodeRef>")
    assert changed(compare(variants.original(), moved), "initial_review")["lane"] == ("province", "samr")


def test_a_script_change_in_the_lifecycle():
    xml = (variants.BPMN_DIR / "zone_lifecycle.bpmn").read_bytes()
    new = xml.replace(b"evaluation_attempts = 0", b"evaluation_attempts = 1")
    result = diff.compare({"zone_lifecycle.bpmn": xml.decode()}, {"zone_lifecycle.bpmn": new.decode()}, {}, {})
    before, after = changed(result, "init_case")["script"]
    assert "evaluation_attempts = 0" in before and "evaluation_attempts = 1" in after


def test_a_changed_form_marks_the_tasks_that_name_it():
    form = {"type": "object", "properties": {"decision": {"type": "string"}}}
    edited = {"type": "object", "properties": {"decision": {"type": "string", "title": "结论"}}}
    result = compare(variants.original(), variants.original(), {"initial_review": form}, {"initial_review": edited})
    assert result["forms"]["changed"] == ["initial_review"]
    assert changed(result, "initial_review") == {"form content": ("initial_review", "initial_review")}


def test_the_drafts_changes_are_against_the_latest_version(app, versions):
    with app.app_context():
        new = variants.with_initial_review_due(variants.original())
        drafts.save_files("admin", variants.KEY, {NAME: new})
        drafts.save_form("admin", variants.KEY, "legal_check", {
            "type": "object", "required": ["ok"], "properties": {"ok": {"type": "boolean", "title": "合法"}}})
        result = drafts.changes(variants.KEY)
        assert ids(result["changed"]) == ["initial_review"] and result["forms"]["added"] == ["legal_check"]
        drafts.deploy("admin", variants.KEY, variants.BPMN_DIR)
        assert drafts.changes(variants.KEY)["changed"] == []  # deployed: the next version is the latest again


def test_a_form_made_in_a_draft_survives_a_later_upload_of_the_diagram_alone(app, versions):
    """The modeler and the upload deploy diagrams only: the forms come from the latest
    versions, so a form the form editor made is still there (and still required)."""
    from engine.definitions import registry
    xml = variants.original().replace(b'name="form" value="initial_review"', b'name="form" value="review_v2"')
    with app.app_context():
        drafts.save_form("admin", variants.KEY, "review_v2", {
            "type": "object", "required": ["decision"],
            "properties": {"decision": {"type": "string", "enum": ["pass", "return", "reject"]}}})
        drafts.save_files("admin", variants.KEY, {NAME: xml})
        drafts.deploy("admin", variants.KEY, variants.BPMN_DIR)
        edited = xml.replace(b'value="P20D"', b'value="P15D"')
        created = registry.deploy_upload({NAME: edited}, variants.BPMN_DIR, "admin")
        assert [d.key for d in created] == [variants.KEY]
        assert registry.form(created[0], "review_v2")["required"] == ["decision"]
