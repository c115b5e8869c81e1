"""Deploying diagrams as versioned process definitions, and loading their specs.

A definition is identified by its process key and the hash of its parsed spec
(including called processes) and the forms it names: deploying unchanged files
creates nothing, a changed diagram becomes the next version, and running cases
stay on the version they started with.
"""
import hashlib
import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, TypeAlias, overload

from jsonschema import Draft202012Validator, SchemaError
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.bpmn.specs.bpmn_process_spec import BpmnProcessSpec
from SpiffWorkflow.spiff.parser.process import VALIDATOR
from SpiffWorkflow.spiff.specs.defaults import UserTask

from engine import clock
from engine.definitions import ui
from engine.definitions.lint import lint, lint_decisions
from engine.errors import DefinitionInvalid, NotFound
from engine.runtime import serializer
from engine.runtime.timers import Parser
from engine.runtime.xmlsafe import parse
from models import ProcessDefinition, db

DIAGRAM_SUFFIXES = (".bpmn", ".dmn")
Forms: TypeAlias = dict[str, dict[str, Any]]  # form name → JSON Schema
# process key → (spec, called processes' specs, the forms its user tasks name)
Bundle: TypeAlias = dict[str, tuple[BpmnProcessSpec, dict[str, BpmnProcessSpec], Forms]]


def read_directory(directory: str | Path) -> tuple[dict[str, bytes], Forms]:
    """Diagram files and forms of a `bpmn/` directory: ({name: bytes}, {form: schema})."""
    directory = Path(directory)
    files = {p.relative_to(directory).as_posix(): p.read_bytes()
             for p in sorted(directory.rglob("*")) if p.suffix in DIAGRAM_SUFFIXES}
    forms = {}
    for path in sorted((directory / "forms").glob("*.json")):
        try:
            forms[path.stem] = json.loads(path.read_text(encoding="utf-8"))
        except ValueError as exc:
            raise DefinitionInvalid("form is not valid JSON: {exc}", file=f"forms/{path.name}", exc=exc) from exc
    return files, forms


def parse_bundle(files: dict[str, bytes], forms: Forms) -> Bundle:
    """Parse and check diagram files; return {key: (spec, subprocess_specs, used forms)}."""
    for name, schema in forms.items():
        try:
            Draft202012Validator.check_schema(schema)
        except SchemaError as exc:
            raise DefinitionInvalid("form {name} is not a valid JSON Schema: {message_value}",
                                    file=f"forms/{name}.json", name=name, message_value=exc.message) from exc
        ui.check(name, schema)
    parser = Parser(validator=VALIDATOR)  # timers bounded (engine.runtime.timers)
    try:
        for name, data in files.items():
            root = parse(data, name)
            if name.endswith(".dmn"):
                parser.add_dmn_xml(root, filename=name)
            else:
                parser.add_bpmn_xml(root, filename=name)
        lint_decisions(parser.dmn_parsers)
        bundle = {}
        for key in parser.get_process_ids():
            spec = parser.get_spec(key)
            subs = parser.get_subprocess_specs(key)
            lint(spec, subs, forms)
            used = sorted({t.extensions["properties"]["form"] for s in (spec, *subs.values())
                           for t in s.task_specs.values() if isinstance(t, UserTask)})
            bundle[key] = (spec, subs, {f: forms[f] for f in used})
        return bundle
    except ValidationException as exc:
        raise DefinitionInvalid(str(exc).split("\n")[0], element=exc.id or None,
                                line=exc.line_number or None, file=exc.file_name or None) from exc


def deploy(files: dict[str, bytes], forms: Forms, actor: str, only: set[str] | None = None) -> list[ProcessDefinition]:
    """Deploy every process in `files` (or those in `only`, and those that call one of them:
    a version carries its called processes' specs); returns the definitions created (maybe none)."""
    created = []
    sources = {name: data.decode("utf-8") for name, data in files.items()}
    for key, (spec, subs, used_forms) in parse_bundle(files, forms).items():
        if only is not None and key not in only and not only & set(subs):
            continue
        spec_json = serializer.dump_specs(spec, subs)
        forms_json = json.dumps(used_forms, sort_keys=True, ensure_ascii=False)
        digest = hashlib.sha256((spec_json + forms_json).encode()).hexdigest()
        current = latest(key, required=False)
        if current is not None and current.hash == digest:
            continue
        definition = ProcessDefinition(
            key=key, version=(current.version + 1) if current else 1, hash=digest,
            name=spec.description or key, spec_json=spec_json, forms_json=forms_json,
            sources_json=json.dumps(sources, ensure_ascii=False),
            deployed_at=clock.now(), deployed_by=actor)
        db.session.add(definition)
        created.append(definition)
    db.session.flush()
    from engine.audit import record  # audit imports nothing of ours; local import keeps the graph flat
    for definition in created:
        record(actor, "definition_deployed", detail={
            "key": definition.key, "version": definition.version, "hash": definition.hash})
    return created


def deploy_directory(directory: str | Path, actor: str = "system") -> list[ProcessDefinition]:
    files, forms = read_directory(directory)
    return deploy(files, forms, actor)


def _process_ids(name: str, data: bytes) -> set[str]:
    if not name.endswith(".bpmn"):
        return set()
    root = parse(data, name)
    return {p.get("id") for p in root.iter("{http://www.omg.org/spec/BPMN/20100524/MODEL}process")}


def deploy_upload(uploaded: dict[str, bytes], directory: str | Path, actor: str) -> list[ProcessDefinition]:
    """Deploy edited or uploaded files against the current bundle.

    The bundle is the files and forms under `directory`, each process and the forms
    it names as its latest version has them (so an earlier edit, a form made in the
    form editor among them, is not undone); uploaded .json files are forms. An uploaded diagram replaces the file of the same name and any other
    file defining the same process. All is checked before anything is written;
    only the uploaded processes and those that call them (all, when a DMN table or form
    is uploaded) are deployed, and only the changed ones become new versions.
    """
    files, forms = read_directory(directory)
    deployed_forms = []
    for name, data in list(files.items()):
        for key in _process_ids(name, data):
            current = latest(key, required=False)
            deployed = json.loads(current.sources_json) if current else {}
            if deployed.get(name) is not None:
                files[name] = deployed[name].encode("utf-8")
            if current is not None:
                deployed_forms.append((current.deployed_at, current.id, current.forms_json))
    for *_, forms_json in sorted(deployed_forms):  # the newest deployment's form wins
        forms.update(json.loads(forms_json))
    diagrams = {}
    for name, data in uploaded.items():
        if name.endswith(".json"):
            try:
                forms[Path(name).stem] = json.loads(data)
            except ValueError as exc:
                raise DefinitionInvalid("form is not valid JSON: {exc}", file=name, exc=exc) from exc
        elif name.endswith(DIAGRAM_SUFFIXES):
            diagrams[Path(name).name] = data
        else:
            raise DefinitionInvalid("only .bpmn, .dmn and .json (form) files can be deployed", file=name)
    only: set[str] = set()
    for name, data in diagrams.items():
        replaced = _process_ids(name, data)
        only |= replaced
        files = {n: d for n, d in files.items() if n == name or not (replaced & _process_ids(n, d))}
        files[name] = data
    if any(not n.endswith(".bpmn") for n in uploaded):
        return deploy(files, forms, actor)  # a DMN table or a form: every process
    return deploy(files, forms, actor, only)


# The newest version of a process; a missing one raises NotFound unless required=False (then None).
@overload
def latest(key: str, required: Literal[True] = ...) -> ProcessDefinition: ...
@overload
def latest(key: str, required: bool) -> ProcessDefinition | None: ...
def latest(key: str, required: bool = True) -> ProcessDefinition | None:
    definition = (ProcessDefinition.query.filter_by(key=key)
                  .order_by(ProcessDefinition.version.desc()).first())
    if definition is None and required:
        raise NotFound("no deployed process definition '{key}'", key=key)
    return definition


@lru_cache(maxsize=64)
def _specs(definition_id: int, digest: str) -> serializer.Specs:
    definition = db.session.get(ProcessDefinition, definition_id)
    return serializer.load_specs(definition.spec_json)


def specs(definition: ProcessDefinition) -> serializer.Specs:
    """(spec, subprocess_specs) of a definition, parsed once per process."""
    return _specs(definition.id, definition.hash)


@lru_cache(maxsize=64)
def _forms(definition_id: int, digest: str) -> Forms:
    return json.loads(db.session.get(ProcessDefinition, definition_id).forms_json)


def form(definition: ProcessDefinition, name: str | None) -> dict[str, Any] | None:
    """A form as the definition version has it (parsed once per process)."""
    return _forms(definition.id, definition.hash).get(name) if name else None
