"""The next version of a process, prepared before it is deployed: a draft per process key.

A draft holds the diagram files and forms an administrator changed (in the form editor,
or by uploading a diagram); everything else comes from the latest deployed version. Saving
checks what is saved (a form against engine.definitions.formcheck, a diagram for safe,
well-formed XML) and stores nothing when it fails; deploying runs the full deploy check
(engine.definitions.registry, engine.definitions.lint) on the whole bundle, then deletes
the draft. Every change is one transaction with its audit event.
"""
import json
from pathlib import Path
from typing import Any

from engine import clock
from engine.audit import Actor, record
from engine.definitions import diff, formcheck, registry
from engine.errors import InvalidInput, NotFound
from engine.runtime import trail
from engine.runtime.xmlsafe import parse
from engine.tx import transactional
from models import DefinitionDraft, ProcessDefinition, db


def of(key: str) -> DefinitionDraft | None:
    return db.session.scalar(db.select(DefinitionDraft).where(DefinitionDraft.key == key))


def _open(actor: Actor, key: str) -> DefinitionDraft:
    draft = of(key)
    if draft is None:
        current = registry.latest(key)  # NotFound for an unknown process
        draft = DefinitionDraft(key=key, based_on_version=current.version, files={}, forms={})
        db.session.add(draft)
    draft.updated_by, draft.updated_at = getattr(actor, "username", actor), clock.now()
    return draft


def forms(key: str) -> dict[str, Any]:
    """Every form the next version may name: the deployed ones, then the draft's."""
    current = registry.latest(key)
    draft = of(key)
    return {**json.loads(current.forms_json), **(draft.forms if draft else {})}


def files(key: str) -> dict[str, str]:
    """{file name: XML} of the next version: the deployed files with the draft's over them."""
    draft = of(key)
    return {**trail.sources(registry.latest(key)), **(draft.files if draft else {})}


@transactional
def save_form(actor: Actor, key: str, name: str, schema: object) -> DefinitionDraft:
    """Store a form in the draft (replacing one of the same name); 400 naming the field."""
    checked = formcheck.check(name, schema)
    draft = _open(actor, key)
    draft.forms = {**draft.forms, name: checked}
    record(actor, "draft_form_saved", detail={"key": key, "form": name, "fields": len(checked["properties"])})
    return draft


@transactional
def save_files(actor: Actor, key: str, uploaded: dict[str, bytes]) -> DefinitionDraft:
    """Store edited diagrams (.bpmn/.dmn) and forms (.json) in the draft."""
    if not uploaded:
        raise InvalidInput("no file uploaded", {"files": ["no file"]})
    draft = _open(actor, key)
    new_files, new_forms = dict(draft.files), dict(draft.forms)
    for name, data in uploaded.items():
        base = Path(name).name
        if base.endswith(".json"):
            try:
                schema = json.loads(data)
            except ValueError as exc:
                raise InvalidInput("form is not valid JSON: {exc}", {"files": [base]}, exc=exc) from exc
            new_forms[Path(base).stem] = formcheck.check(Path(base).stem, schema)
        elif base.endswith(registry.DIAGRAM_SUFFIXES):
            parse(data, base)  # safe and well-formed, or DefinitionInvalid naming the file and line
            new_files[base] = data.decode("utf-8")
        else:
            raise InvalidInput("only .bpmn, .dmn and .json (form) files can be deployed", {"files": [base]})
    draft.files, draft.forms = new_files, new_forms
    record(actor, "draft_files_saved", detail={"key": key, "files": sorted(uploaded)})
    return draft


@transactional
def discard(actor: Actor, key: str) -> None:
    draft = of(key)
    if draft is None:
        raise NotFound("process {key} has no draft", key=key)
    db.session.delete(draft)
    record(actor, "draft_discarded", detail={"key": key})


@transactional
def deploy(actor: Actor, key: str, directory: str | Path) -> list[ProcessDefinition]:
    """Deploy the draft as the next version (every check of a deploy runs first; a
    refusal changes nothing, the draft stays); the draft is gone afterwards. The bundle
    around it is each process as its latest version has it (registry.deploy_upload);
    a form in the draft may be shared, so with one every process is checked."""
    draft = of(key)
    if draft is None:
        raise NotFound("process {key} has no draft", key=key)
    uploaded = {name: xml.encode("utf-8") for name, xml in draft.files.items()}
    uploaded.update({f"{name}.json": json.dumps(schema, ensure_ascii=False).encode("utf-8")
                     for name, schema in draft.forms.items()})
    created = registry.deploy_upload(uploaded, directory, getattr(actor, "username", actor))
    db.session.delete(draft)
    record(actor, "draft_deployed", detail={"key": key, "versions": [f"{d.key} v{d.version}" for d in created]})
    return created


def changes(key: str) -> dict[str, Any]:
    """The draft against the latest version (engine.definitions.diff), with both versions."""
    current = registry.latest(key)
    draft = of(key)
    new_files, new_forms = files(key), forms(key)
    result = diff.compare(trail.sources(current), new_files, json.loads(current.forms_json), new_forms)
    result["forms"]["added"] = sorted(set(draft.forms if draft else ()) - set(json.loads(current.forms_json)))
    result.update(key=key, version=current.version, definition_id=current.id,
                  based_on_version=draft.based_on_version if draft else current.version)
    return result
