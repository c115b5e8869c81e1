"""Deploying diagrams: versions by content hash, and what may never be deployed."""
import pytest

from engine.definitions import registry
from engine.errors import DefinitionInvalid
from models import ProcessDefinition, db

SKELETON = "walking_skeleton.bpmn"


@pytest.fixture
def bundle(app):
    files, forms = registry.read_directory(app.config["BPMN_DIR"])
    return {SKELETON: files[SKELETON]}, forms


def deploy(app, files, forms):
    with app.app_context():
        try:
            created = registry.deploy(files, forms, "admin")
            db.session.flush()
            return [(d.key, d.version) for d in created]
        finally:
            db.session.rollback()  # leave the deployed versions as they were


def test_unchanged_files_are_not_redeployed(app, bundle):
    assert deploy(app, *bundle) == []


def test_a_changed_diagram_becomes_the_next_version(app, bundle):
    files, forms = bundle
    changed = files[SKELETON].replace(b'value="P20D"', b'value="P10D"')
    with app.app_context():
        current = registry.latest("walking_skeleton").version
    assert deploy(app, {SKELETON: changed}, forms) == [("walking_skeleton", current + 1)]


def test_a_changed_form_is_a_new_version_too(app, bundle):
    files, forms = bundle
    forms = dict(forms, creation_approval={**forms["creation_approval"], "title": "审批"})
    assert [k for k, _ in deploy(app, files, forms)] == ["walking_skeleton"]


def refused(app, files, forms):
    with app.app_context():
        before = ProcessDefinition.query.count()
        with pytest.raises(DefinitionInvalid) as caught:
            registry.deploy(files, forms, "admin")
        db.session.rollback()
        assert ProcessDefinition.query.count() == before
    return caught.value


def test_xxe_is_refused(app, bundle):
    files, forms = bundle
    evil = (b'<?xml version="1.0"?>\n<!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>\n'
            + files[SKELETON].split(b"?>", 1)[1].replace('name="申报初审"'.encode(), b'name="&x;"'))
    error = refused(app, {SKELETON: evil}, forms)
    assert "DTD" in error.message and error.line == 2


def test_malformed_xml_names_the_line(app, bundle):
    files, forms = bundle
    broken = files[SKELETON].replace(b"</bpmn:process>", b"</bpmn:proces>")
    error = refused(app, {SKELETON: broken}, forms)
    assert "XML syntax error" in error.message and error.line > 100


def test_script_reaching_for_import_is_refused(app, bundle):
    files, forms = bundle
    evil = files[SKELETON].replace(b'decision == "reject"', b'__import__("os").system("id") == 0')
    error = refused(app, {SKELETON: evil}, forms)
    assert error.element == "gw_initial_review" and "__import__" in error.message


def test_dunder_attribute_in_a_condition_is_refused(app, bundle):
    files, forms = bundle
    evil = files[SKELETON].replace(b'decision == "reject"', b'().__class__.__base__ is None')
    assert "__class__" in refused(app, {SKELETON: evil}, forms).message


def test_unknown_lane_is_refused(app, bundle):
    files, forms = bundle
    evil = files[SKELETON].replace(b'name="province"', b'name="mayor"')
    error = refused(app, {SKELETON: evil}, forms)
    assert "mayor" in error.message and error.element == "initial_review"


def test_missing_form_is_refused(app, bundle):
    files, forms = bundle
    forms = {k: v for k, v in forms.items() if k != "amendment"}
    error = refused(app, files, forms)
    assert error.element == "amend_application" and "amendment" in error.message


def test_bad_timer_literal_is_refused(app, bundle):
    files, forms = bundle
    evil = files[SKELETON].replace(b'amend_deadline + "T23:59:59+08:00"', b'"P15X"')
    assert refused(app, {SKELETON: evil}, forms).element == "amendment_deadline"


def test_a_called_process_edited_alone_reaches_the_processes_that_call_it(app):
    """The modeler deploys one file: the notice shortened alone still makes a new lifecycle
    version, whose called specs new cases run."""
    from tests.helpers import diagram_variants
    with app.app_context():
        versions = {key: registry.latest(key).version for key in ("zone_lifecycle", "zone_public_notice")}
        try:
            created = registry.deploy_upload({"zone_public_notice.bpmn": diagram_variants.notice_of_ten_days()},
                                             app.config["BPMN_DIR"], "admin")
            db.session.flush()
            assert sorted((d.key, d.version) for d in created) == [
                ("zone_lifecycle", versions["zone_lifecycle"] + 1),
                ("zone_public_notice", versions["zone_public_notice"] + 1)]
            lifecycle = next(d for d in created if d.key == "zone_lifecycle")
            assert 'P10D' in lifecycle.spec_json and 'P10D' not in registry.latest("zone_application").spec_json
            assert "zone_application" not in {d.key for d in created}  # processes that do not call it stay
        finally:
            db.session.rollback()
