"""Marshmallow schemas of the indicator-system and score endpoints (API.md)."""
from marshmallow import Schema, fields


class PassRuleSchema(Schema):
    total_min = fields.Float()
    group_rate_min = fields.Float()
    text = fields.String()


class IndicatorSystemSummarySchema(Schema):
    key = fields.String()
    name = fields.String()
    version_label = fields.String()
    current = fields.Boolean(metadata={"description": "cases approved now are scored under it"})
    pass_rule = fields.Nested(PassRuleSchema)
    group_count = fields.Integer()
    indicator_count = fields.Integer()
    max_total = fields.Float()
    warning_count = fields.Integer()


class IndicatorSchema(Schema):
    number = fields.Integer()
    name = fields.String()
    max = fields.Float()
    nature = fields.String()
    text = fields.String()
    subgroup = fields.String()
    assessment_methods = fields.List(fields.String())
    data_sources = fields.List(fields.String())
    sub_items = fields.List(fields.Dict())
    auto_scored = fields.Boolean()
    figures = fields.Dict(metadata={"description": "figures its auto-scoring reads"})


class GroupSchema(Schema):
    number = fields.Integer()
    name = fields.String()
    max = fields.Float()
    subgroups = fields.List(fields.Dict())
    indicators = fields.List(fields.Nested(IndicatorSchema))


class IndicatorWarningSchema(Schema):
    code = fields.String()
    indicator = fields.Integer(allow_none=True)
    message_zh = fields.String()
    message_en = fields.String()
    resolution = fields.String()


class IndicatorSystemSchema(IndicatorSystemSummarySchema):
    source = fields.Dict()
    note = fields.String()
    groups = fields.List(fields.Nested(GroupSchema))
    warnings = fields.List(fields.Nested(IndicatorWarningSchema))


class IndicatorSystemListSchema(Schema):
    items = fields.List(fields.Nested(IndicatorSystemSummarySchema))
    total = fields.Integer()


class CaseScoresSchema(Schema):
    case_id = fields.Integer()
    region_name = fields.String()
    stage = fields.String()
    indicator_system = fields.String()
    indicator_system_name = fields.String()
    assigned = fields.Boolean(metadata={"description": "false: not approved yet, the current system is shown"})
    pass_rule = fields.Nested(PassRuleSchema)
    indicators = fields.List(fields.Dict(), metadata={"description": "number, name, group, max"})
    experts = fields.List(fields.String())
    sources = fields.Dict(metadata={"description": "per source (self, province, expert:<name>, samr): "
                                                   "total, passed, groups with rates, failing groups "
                                                   "and indicators, indicator scores"})
    final = fields.Dict(allow_none=True, metadata={"description": "SAMR's consolidated result"})
    comparison = fields.Dict(metadata={"description": "self / province / experts per indicator, "
                                                      "group and total, with the experts' spread"})
    rows = fields.List(fields.Dict())
