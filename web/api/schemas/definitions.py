"""marshmallow schemas of the definition, migration and incident endpoints (API.md, extended)."""
from marshmallow import Schema, fields, validate

from web.api.schemas.common import ID_RANGE, CaseSchema, DefinitionSchema

ISO = fields.AwareDateTime


class DefinitionDetailSchema(DefinitionSchema):
    files = fields.List(fields.String())
    main_file = fields.String()
    open_cases = fields.Integer()
    all_cases = fields.Integer()


class DefinitionUploadJsonSchema(Schema):
    files = fields.Dict(keys=fields.String(), values=fields.String(), required=True)


class DeployResultSchema(Schema):
    items = fields.List(fields.Nested(DefinitionSchema))
    total = fields.Integer()


class MigrateSchema(Schema):
    version = fields.Integer(required=True, validate=ID_RANGE)


class WaitingSchema(Schema):
    element = fields.String()
    name = fields.String(allow_none=True)
    state = fields.String()


class MigrationReportSchema(Schema):
    case_id = fields.Integer()
    stage = fields.String()
    from_version = fields.Integer()
    to_version = fields.Integer()
    can_migrate = fields.Boolean()
    reason = fields.String(allow_none=True)
    before = fields.List(fields.Nested(WaitingSchema))
    after = fields.List(fields.Nested(WaitingSchema))
    changed = fields.List(fields.String())
    timers_kept = fields.List(fields.String())


class CaseMigratedSchema(Schema):
    case = fields.Nested(CaseSchema)
    migration = fields.Nested(MigrationReportSchema)


class BulkMigrationSchema(Schema):
    """Which cases: listed ids, or all open cases on `from_version` (optionally in `stage`)."""
    key = fields.String(required=True)
    to_version = fields.Integer(required=True, validate=ID_RANGE)
    from_version = fields.Integer(validate=ID_RANGE)
    case_ids = fields.List(fields.Integer(validate=ID_RANGE), validate=validate.Length(max=1000))
    stage = fields.String()


class BulkMigrationResultSchema(Schema):
    items = fields.List(fields.Nested(MigrationReportSchema))
    total = fields.Integer()
    migrated = fields.Integer()
    refused = fields.Integer()


class IncidentSchema(Schema):
    id = fields.Integer()
    case_id = fields.Integer()
    state = fields.String()
    kind = fields.String()
    element = fields.String(allow_none=True)
    message = fields.String()
    definition_version = fields.Integer(allow_none=True)
    attempts = fields.Integer()
    opened_at = ISO()
    closed_at = ISO(allow_none=True)
    closed_by = fields.String(allow_none=True)


class IncidentListSchema(Schema):
    items = fields.List(fields.Nested(IncidentSchema))
    total = fields.Integer()


class IncidentQuerySchema(Schema):
    state = fields.String(load_default="open", validate=validate.OneOf(("open", "resolved", "dismissed", "any")))


class SuspendSchema(Schema):
    reason = fields.String(load_default="", validate=validate.Length(max=500))


class TrailSchema(Schema):
    case_id = fields.Integer()
    definition = fields.Dict()
    file = fields.String()
    hold = fields.String(allow_none=True)
    completed = fields.List(fields.String())
    active = fields.List(fields.String())
    flows = fields.List(fields.List(fields.String()))


class DraftChangeSchema(Schema):
    aspect = fields.String()
    before = fields.String(allow_none=True)
    after = fields.String(allow_none=True)


class DraftElementSchema(Schema):
    id = fields.String()
    type = fields.String()
    name = fields.String()
    file = fields.String()
    changes = fields.List(fields.Nested(DraftChangeSchema))


class DraftSchema(Schema):
    """The draft of a process's next version and what it changes against the latest version."""
    key = fields.String()
    version = fields.Integer()
    definition_id = fields.Integer()
    based_on_version = fields.Integer()
    exists = fields.Boolean()
    updated_by = fields.String(allow_none=True)
    updated_at = ISO(allow_none=True)
    files = fields.List(fields.String())
    forms = fields.List(fields.String())
    added = fields.List(fields.Nested(DraftElementSchema))
    removed = fields.List(fields.Nested(DraftElementSchema))
    changed = fields.List(fields.Nested(DraftElementSchema))
    forms_added = fields.List(fields.String())
    forms_changed = fields.List(fields.String())


class DraftFormSchema(Schema):
    schema = fields.Dict(required=True, metadata={"description": "the form as JSON Schema, with its x-ui section"})
