"""Schemas of process analytics: the filters (every one bounded) and the figures per step
and per flow (API.md, "Analytics")."""
from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from models.orgs import ZONES
from web.api.schemas.common import ID_RANGE, ISO

KEY = validate.Regexp(r"^[A-Za-z_][A-Za-z0-9_.-]{0,99}$", error="a process key: letters, digits, _ . -")


class AnalyticsArgsSchema(Schema):
    definition = fields.String(load_default="zone_lifecycle", validate=KEY)
    version = fields.Integer(validate=validate.Range(min=1, max=100000))
    round = fields.Integer(validate=ID_RANGE, data_key="round", attribute="round_id")
    province = fields.Integer(validate=ID_RANGE, attribute="province_id")
    zone = fields.String(validate=validate.OneOf(ZONES))
    start = ISO(data_key="from", metadata={"description": "completed at or after"})
    end = ISO(data_key="to", metadata={"description": "completed before"})

    @validates_schema
    def period(self, data, **_kwargs):
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            raise ValidationError("must be after from", "to")


class StepFiguresSchema(Schema):
    element = fields.String()
    name = fields.String()
    passed = fields.Integer(metadata={"description": "cases that completed the step"})
    waiting_now = fields.Integer()
    median_days = fields.Float(allow_none=True)
    p90_days = fields.Float(allow_none=True, metadata={"description": "nearest rank"})
    median_working_days = fields.Float(allow_none=True)
    p90_working_days = fields.Float(allow_none=True)
    longest_waiting_days = fields.Float(allow_none=True, metadata={"description": "of those waiting now"})
    overdue = fields.Integer(metadata={"description": "completed after the due date, or open past it"})
    sent_back = fields.Integer(metadata={"description": "send-backs (退回) from this step"})


class FlowTakenSchema(Schema):
    id = fields.String()
    taken = fields.Integer(metadata={"description": "cases that took this sequence flow"})


class ProvinceFiguresSchema(Schema):
    province_id = fields.Integer()
    province = fields.String()
    steps = fields.List(fields.Nested(StepFiguresSchema), metadata={"description": "initial_review, recommendation"})


class AnalyticsSchema(Schema):
    definition = fields.Function(lambda r: {"key": r["definition"].key, "version": r["definition"].version})
    items = fields.List(fields.Nested(StepFiguresSchema))
    containers = fields.List(fields.Nested(StepFiguresSchema),
                             metadata={"description": "call activities of the main diagram, their steps pooled"})
    flows = fields.List(fields.Nested(FlowTakenSchema))
    provinces = fields.List(fields.Nested(ProvinceFiguresSchema),
                            metadata={"description": "review and recommendation per province, quickest median review first"})
