"""Serialisation of cases, with the process spec stored once per definition.

SpiffWorkflow's default JSON embeds the whole spec in every instance (two thirds
of its size). Here an instance is serialised without it, and restored around
spec objects that are parsed once per definition version and cached.
"""
import json
from typing import Any, TypeAlias

from SpiffWorkflow.bpmn.serializer import BpmnWorkflowSerializer
from SpiffWorkflow.bpmn.serializer.default.workflow import BpmnWorkflowConverter
from SpiffWorkflow.bpmn.serializer.helpers.encoder import create_encoder
from SpiffWorkflow.bpmn.serializer.helpers.registry import DefaultRegistry
from SpiffWorkflow.bpmn.serializer.migration.version_migration import MIGRATIONS
from SpiffWorkflow.bpmn.specs.bpmn_process_spec import BpmnProcessSpec
from SpiffWorkflow.bpmn.workflow import BpmnWorkflow
from SpiffWorkflow.spiff.serializer.config import SPIFF_CONFIG

from engine.runtime.timers import serializer_config

FORMAT_VERSION = BpmnWorkflowSerializer().VERSION
# A definition's parsed process and the processes it calls, by name.
Specs: TypeAlias = tuple[BpmnProcessSpec, dict[str, BpmnProcessSpec]]


class SpecByReferenceConverter(BpmnWorkflowConverter):

    def to_dict(self, workflow: BpmnWorkflow) -> dict[str, Any]:
        dct = super(BpmnWorkflowConverter, self).to_dict(workflow)
        dct["subprocesses"] = self.mapping_to_dict(workflow.subprocesses)
        dct["bpmn_events"] = self.registry.convert(workflow.bpmn_events)
        return dct

    def from_dict(self, dct: dict[str, Any], spec: BpmnProcessSpec | None = None,
                  subprocess_specs: dict[str, BpmnProcessSpec] | None = None) -> BpmnWorkflow:
        dct = dict(dct, spec=spec, subprocess_specs=subprocess_specs)
        return super().from_dict(dct)

    def mapping_from_dict(self, mapping: dict[Any, Any], key_class: type | None = None,
                          **kwargs: Any) -> dict[Any, Any]:
        # The specs arrive as objects, not dictionaries: pass them through.
        if mapping and not isinstance(next(iter(mapping.values())), dict):
            return mapping
        return super().mapping_from_dict(mapping, key_class, **kwargs)


CONFIG = serializer_config(SPIFF_CONFIG)  # timers bounded (engine.runtime.timers)


def _registry() -> DefaultRegistry:
    config = dict(CONFIG)
    config[BpmnWorkflow] = SpecByReferenceConverter
    return BpmnWorkflowSerializer.configure(config)


registry = _registry()
_Encoder = create_encoder(registry)
_spec_serializer = BpmnWorkflowSerializer(BpmnWorkflowSerializer.configure(CONFIG))


def dump_specs(spec: BpmnProcessSpec, subprocess_specs: dict[str, BpmnProcessSpec]) -> str:
    return json.dumps({
        "spec": _spec_serializer.to_dict(spec),
        "subprocess_specs": {k: _spec_serializer.to_dict(v) for k, v in subprocess_specs.items()},
    }, sort_keys=True, ensure_ascii=False)


def load_specs(text: str) -> Specs:
    dct = json.loads(text)
    spec = _spec_serializer.from_dict(dct["spec"])
    subs = {k: _spec_serializer.from_dict(v) for k, v in dct["subprocess_specs"].items()}
    return spec, subs


def dump_workflow(workflow: BpmnWorkflow) -> str:
    registry._encoder_mode = True
    try:
        dct = registry.convert(workflow)
    finally:
        registry._encoder_mode = False
    dct["serializer_version"] = FORMAT_VERSION
    return json.dumps(dct, separators=(",", ":"), ensure_ascii=False, cls=_Encoder)


def load_workflow(text: str, spec: BpmnProcessSpec, subprocess_specs: dict[str, BpmnProcessSpec]) -> BpmnWorkflow:
    dct = json.loads(text)
    version = dct.pop("serializer_version", FORMAT_VERSION)
    if version in MIGRATIONS:
        MIGRATIONS[version](dct)
    return registry.restore(dct, spec=spec, subprocess_specs=subprocess_specs)

