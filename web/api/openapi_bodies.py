"""What web.api.openapi adds to the document that the views' decorators cannot say: the bodies
the views read by hand (a task's form, uploads, plan tasks), the files they send, examples
of the main calls and the exceptions to the error-status rules.

Keys are endpoints (`blueprint.view`), or `endpoint:method` where one view serves several
methods differently. tests/api/test_openapi__conformance.py fails on a view that reads a
body this table does not describe.
"""

from engine.casework import round_attachments
from engine.casework.documents import MAX_BYTES as UPLOAD_MAX_BYTES
from engine.plans.importing import MAX_ROWS, TASK_COLUMNS
from engine.plans.work import MAX_EVIDENCE_BYTES, MAX_FIGURES, PROGRESS
from web.config import Config

MB = 1024 * 1024
REQUEST_LIMIT = f"the whole request at most {Config.MAX_CONTENT_LENGTH // MB} MB (413 beyond)"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BINARY = {"type": "string", "format": "binary"}
MOMENT = {
    "type": "string",
    "format": "date-time",
    "description": "ISO 8601 with offset, e.g. 2025-01-01T00:00:00+08:00",
}


def _json(schema, description, required=True):
    return {"required": required, "description": description, "content": {"application/json": {"schema": schema}}}


_PLAN_TASK = {
    "type": "object",
    "additionalProperties": True,
    "description": "A plan task as a sheet row has it; lists may be given as arrays or `;`-separated text.",
    "properties": {
        **{c: {"type": "string"} for c in TASK_COLUMNS},
        "responsible_units": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]},
        "indicators": {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "integer"}}]},
        "milestones": {
            "oneOf": [
                {"type": "string"},
                {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {"due": {"type": "string", "format": "date"}, "title": {"type": "string"}},
                    },
                },
            ]
        },
        "due_date": {"type": "string", "format": "date"},
    },
}
_PLAN_FIELDS = {
    "title": {"type": "string", "maxLength": 200},
    "document_number": {"type": "string", "maxLength": 100, "description": "发文字号"},
    "issuer": {"type": "string", "maxLength": 200, "description": "发布机构"},
    "issued_on": {"type": "string", "format": "date", "description": "成文日期"},
    "cadence": {"type": "string", "description": "ISO 8601 period of the reports, e.g. P3M"},
    "starts_at": MOMENT,
}

BODIES = {
    "api_tasks.complete": _json(
        {
            "type": "object",
            "additionalProperties": True,
            "properties": {"opinion": {"type": "string", "description": "办理意见, kept beside the form's fields"}},
        },
        "任务表单的字段 · The task's form fields as one JSON object. Its schema is the task's own form: "
        "`form_schema` of GET /api/v1/tasks/{task_id} (a JSON Schema; the form's file is "
        "bpmn/forms/<form>.json). Invalid fields answer 400 naming each field.",
    ),
    "api_plans.create_plan": _json(
        {"type": "object", "properties": _PLAN_FIELDS}, "An empty plan's title, report cadence and start."
    ),
    "api_plans.import_plan": {
        "required": True,
        "description": (
            f"A sheet (multipart) or a built-in example (JSON); all or nothing. At most {MAX_ROWS} rows; "
            + REQUEST_LIMIT
            + "."
        ),
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {**BINARY, "description": "the tasks: .xlsx (sheets `tasks`, `indicators`) or .csv"},
                        "indicators": {**BINARY, "description": "optional CSV: the indicator decomposition"},
                        "indicator_system": {"type": "string"},
                        **_PLAN_FIELDS,
                    },
                },
                "encoding": {"file": {"contentType": f"{XLSX}, text/csv"}},
            },
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["example"],
                    "properties": {
                        "example": {"type": "string", "description": "key of GET /api/v1/plans/examples"},
                        **_PLAN_FIELDS,
                    },
                }
            },
        },
    },
    "api_plans.add_task": _json(_PLAN_TASK, "A task entered in a form, checked like a sheet row."),
    "api_plans.update_item": _json(
        {
            "type": "object",
            "required": ["progress"],
            "properties": {
                "progress": {"type": "string", "enum": list(PROGRESS)},
                "percent": {"type": "integer", "nullable": True, "minimum": 0, "maximum": 100},
                "note": {"type": "string", "nullable": True, "maxLength": 2000},
            },
        },
        "How a target or an organisational measure stands.",
    ),
    "api_plans.update_task:put": _json(_PLAN_TASK, "The task as it should be (every field)."),
    "api_plans.update_task:patch": _json(_PLAN_TASK, "The task's new values; reports already filed stay."),
    "api_plans.submit": _json(
        {
            "type": "object",
            "required": ["progress", "percent", "narrative"],
            "additionalProperties": False,
            "properties": {
                "progress": {"type": "string", "enum": list(PROGRESS)},
                "percent": {"type": "integer", "minimum": 0, "maximum": 100},
                "narrative": {"type": "string", "minLength": 1, "maxLength": 20000},
                "figures": {"type": "object", "maxProperties": MAX_FIGURES, "additionalProperties": {"type": "number"}},
                "consolidation": {
                    "type": "string",
                    "nullable": True,
                    "maxLength": 20000,
                    "description": "the lead unit's consolidation only",
                },
            },
        },
        "The progress report of the period.",
    ),
    "api_plans.add_evidence": {
        "required": True,
        "description": (f"One evidence file, at most {MAX_EVIDENCE_BYTES // MB} MB; " + REQUEST_LIMIT + "."),
        "content": {
            "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {"file": BINARY}}}
        },
    },
    "api_rounds.add_attachment": {
        "required": True,
        "description": (
            f"One file for the round's notice as `file`: {', '.join(sorted(round_attachments.TYPES))}, at most "
            f"{UPLOAD_MAX_BYTES // MB} MB (413 beyond), its content the type its name says (400 naming `file`); "
            f"at most {round_attachments.MAX_FILES} files per notice; " + REQUEST_LIMIT + "."
        ),
        "content": {
            "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {"file": BINARY}}}
        },
    },
    "api_definitions.deploy": {
        "required": True,
        "description": (
            "The .bpmn, .dmn (and .json form) files of a deployment, under any field names; every check "
            "runs before anything is written. " + REQUEST_LIMIT + "."
        ),
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "additionalProperties": BINARY,
                    "properties": {"files": {"type": "array", "items": BINARY}},
                }
            },
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["files"],
                    "properties": {
                        "files": {
                            "type": "object",
                            "additionalProperties": {"type": "string"},
                            "description": "file name → XML text",
                        }
                    },
                }
            },
        },
    },
}

# a draft takes files as a deployment does (read by web.api.definitions.uploaded_files)
BODIES["api_definitions.post_draft_files"] = BODIES["api_definitions.deploy"]

EXAMPLES = {  # request bodies of the main calls
    "api_auth.token": {"username": "app-yuncheng", "password": "demo-password"},
    "api_cases.start_case": {"round_id": 1},
    "api_webhooks.create_webhook": {"url": "https://receiver.example.org/dz-hooks",
                                    "events": ["case_started", "stage_changed", "zone_certified"],
                                    "description": "省政务平台"},
    "api_tasks.complete": {"decision": "pass", "opinion": "材料齐全，同意。"},
    "api_tasks.send_back": {"to": "application", "reason": "请补充实施方案。"},
    "api_tasks.claim_many": {"ids": [12, 13]},
    "api_rounds.submit_recommendations": {
        "items": [{"case_id": 1, "decision": "recommend", "rank": 1, "reasons": "择优推荐。"}]
    },
    "api_plans.import_plan": {"example": "yongchuan"},
    "api_plans.submit": {
        "progress": "on_track",
        "percent": 40,
        "narrative": "按计划推进。",
        "figures": {"网上零售额（亿元）": 12.5},
    },
    "api_admin.move_clock": {"advance": "P30D"},
}

FILES = {  # views that answer a file: endpoint → its media types
    "api_rounds.round_cases_xlsx": (XLSX,),
    "api_analytics.analytics_steps_xlsx": (XLSX,),
    "api_definitions.get_source": ("application/xml",),
    "api_plans.template": (XLSX, "text/csv"),
    "api_plans.example_file": (XLSX, "text/csv"),
    "api_plans.download_evidence": ("application/octet-stream",),
    "api_rounds.download_attachment": ("application/octet-stream",),
    "api_cases.export_audit": ("text/csv",),
    "api_public.document_pdf": ("application/pdf",),
    "api_decisions.case_document_pdf": ("application/pdf",),
    "api_comments.approval_sheet_pdf": ("application/pdf",),
}

# The caller's own things: every signed-in account may, so no role or region is refused.
NO_FORBIDDEN = {
    "api_auth.me",
    "api_messages.my_notifications",
    "api_messages.mark_read",
    "api_messages.get_mail",
    "api_messages.put_mail",
    "api_comments.get_phrases",
    "api_comments.put_phrases",
    "api_filters.list_filters",
    "api_filters.save_filter",
    "api_filters.delete_filter",
    "api_plans.participations",
}
# Writes that cannot conflict with a state (a token, the caller's own preferences).
NO_CONFLICT = {
    "api_webhooks.create_webhook",
    "api_webhooks.change_webhook",
    "api_webhooks.delete_webhook",
    "api_auth.token",
    "api_messages.mark_read",
    "api_messages.put_mail",
    "api_comments.put_phrases",
    "api_filters.delete_filter",
    "api_admin.move_clock",
    "api_admin.run_timers",
}
RATE_LIMITED = {"api_auth.token", "api_public.object_to"}
# Inputs (body or query) that name an object by its id or key: an unknown one answers 404.
NAMES_OBJECTS = {
    "api_cases.start_case",
    "api_messages.mark_read",
    "api_analytics.analytics_steps",
    "api_analytics.analytics_steps_xlsx",
    "api_comments.add_comment",
    "api_plans.remind",
    "api_plans.import_plan",
    "api_plans.include_county",
    "api_operations.preview",
    "api_operations.migrate_many",
    "api_rounds.submit_recommendations",
    "api_rounds.decide_approvals",
    "api_rounds.publish_notice",
    "api_rounds.decide_certifications",
}
