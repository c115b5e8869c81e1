"""Creation plans: import and edit (the region's office), plan work (member units),
dashboard, reminders (催办) and the indicator view for self-assessment."""
import io
from datetime import datetime
from functools import wraps

from flask import current_app, g, request, send_file
from marshmallow import Schema, fields, validate

from engine.errors import InvalidInput
from engine.plans import counties, importing, planning, reminders
from engine.plans import dashboard as plan_dashboard
from engine.plans import examples as plan_examples
from engine.plans import items as plan_items
from engine.plans import work as plan_work
from web.api import Blueprint, protected, requires
from web.api.schemas.common import ID_RANGE, PageArgsSchema
from web.api.schemas.plans import (
    CountyListSchema,
    CountyPartSchema,
    DashboardSchema,
    EvidenceCreatedSchema,
    ImportResultSchema,
    IndicatorListSchema,
    IndicatorViewSchema,
    PlanItemSchema,
    PlanReportDetailSchema,
    PlanReportSchema,
    PlanSchema,
    PlanTaskSchema,
    PlanWorkListSchema,
    ReminderResultSchema,
)

blp = protected(Blueprint("api_plans", __name__, url_prefix="/api/v1",
                          description="Creation plans and member units' plan work"))
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class PlanWorkQuerySchema(PageArgsSchema):
    status = fields.String(load_default="open", validate=validate.OneOf(plan_work.STATUSES))
    case_id = fields.Integer(validate=ID_RANGE)


class ExampleSchema(Schema):
    key = fields.String()
    region = fields.String()
    title = fields.String()
    tasks = fields.Integer()
    indicators = fields.Integer()
    indicator_system = fields.String(allow_none=True)
    document_number = fields.String(allow_none=True)
    issuer = fields.String(allow_none=True)
    issued_on = fields.String(allow_none=True)
    targets = fields.Integer()
    measures = fields.Integer()


class ExampleListSchema(Schema):
    items = fields.List(fields.Nested(ExampleSchema))
    total = fields.Integer()


class ReminderSchema(Schema):
    org_id = fields.Integer(required=True, validate=ID_RANGE)
    message = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=1000))


def manages_plan(view):
    """403 before the body is read unless the caller manages this case's plan (its
    region's office or an administrator), or with `?county=` that county's part (also the
    county's office): a refusal never depends on the body."""
    @wraps(view)
    def wrapper(*args, case_id, **kwargs):
        counties.part(g.user, planning.case_of(case_id), _county(), manage=True)
        return view(*args, case_id=case_id, **kwargs)
    return wrapper


def _county():
    """`?county=<code>`: the part of a prefecture's case a county runs (Art 5, Art 10)."""
    code = request.args.get("county")
    if code is not None and (not code or len(code) > 64):
        raise InvalidInput("county is a county's code", fields={"county": ["e.g. yuzhou"]})
    return code


def _json():
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise InvalidInput("send a JSON object")
    return data


def _moment(text, field):
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except (TypeError, ValueError):
        moment = None
    if moment is None or moment.tzinfo is None:
        raise InvalidInput("{field} is an ISO 8601 time with offset", fields={field: ["e.g. 2025-01-01T00:00:00+08:00"]}, field=field)
    return moment


# ---------------------------------------------------------------- templates and examples
@blp.route("/plans/template.<fmt>")
def template(fmt):
    """The import template: CSV (tasks) or xlsx (sheets `tasks` and `indicators`)."""
    if fmt not in ("csv", "xlsx"):
        raise InvalidInput("the template is .csv or .xlsx")
    return send_file(io.BytesIO(importing.template(fmt)), as_attachment=True,
                     download_name=f"creation-plan-template.{fmt}",
                     mimetype=XLSX if fmt == "xlsx" else "text/csv; charset=utf-8")


@blp.route("/plans/examples")
@blp.response(200, ExampleListSchema)
def examples():
    """The example plans built from the seeds (Yuncheng, Yongchuan with its decomposition)."""
    items = plan_examples.catalogue()
    return {"items": items, "total": len(items)}


@blp.route("/plans/examples/<key>.<fmt>")
def example_file(key, fmt):
    if fmt == "xlsx":
        content, mimetype = plan_examples.workbook(key), XLSX
    elif fmt == "csv":
        content, mimetype = plan_examples.csv_file(key), "text/csv; charset=utf-8"
    else:
        raise InvalidInput("examples are .xlsx or .csv")
    return send_file(io.BytesIO(content), as_attachment=True, download_name=f"plan-{key}.{fmt}", mimetype=mimetype)


# ---------------------------------------------------------------- the plan (office)
@blp.route("/cases/<int:case_id>/plan")
@blp.response(200, PlanSchema)
def get_plan(case_id):
    """The case's plan with its tasks, units and indicator decomposition."""
    return plan_dashboard.plan_view(planning.get(g.user, case_id, _county()))


@blp.route("/cases/<int:case_id>/plan", methods=["POST"])
@blp.response(201, PlanSchema)
def create_plan(case_id):
    """An empty plan (title, cadence such as P3M, starts_at) to fill task by task."""
    data = _json()
    plan = planning.create(g.user, case_id, data.get("title"), data.get("cadence"),
                           _moment(data.get("starts_at"), "starts_at"), county=_county(), document=_document(data))
    return plan_dashboard.plan_view(plan)


def _document(data):
    """The plan's document fields a request may carry (targets and measures: examples only)."""
    doc = {k: data.get(k) for k in ("document_number", "issuer", "issued_on") if data.get(k)}
    for key in doc:
        if not isinstance(doc[key], str):
            raise InvalidInput("{key} is a text", fields={key: ["expected a string"]}, key=key)
    return doc or None


@blp.route("/cases/<int:case_id>/plan/import", methods=["POST"])
@manages_plan
@blp.response(201, ImportResultSchema)
def import_plan(case_id):
    """Import tasks from a sheet, all or nothing: multipart `file` (xlsx or CSV) and optional
    `indicators` (a CSV decomposition), or JSON `{"example": "yongchuan"}`. Also `cadence`,
    `starts_at`, `title`. A bad sheet answers 400 with one field per bad cell, `row N.column`."""
    if request.is_json:
        data = _json()
        key = data.get("example")
        if not key:
            raise InvalidInput("name an example, or upload a file", fields={"example": ["required"]})
        ex = plan_examples.get(key)
        files, source, system = plan_examples.files(key), f"example:{key}", ex["indicator_system"]
        title = data.get("title") or ex["title"]
        document = {k: v for k, v in plan_examples.document(key).items() if k != "title"}
        county = _county() or plan_examples.county_of(key)
    else:
        data = request.form
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            raise InvalidInput("upload the plan as `file`", fields={"file": ["required"]})
        files = [(upload.filename, upload.read(), None)]
        extra = request.files.get("indicators")
        if extra is not None and extra.filename:
            files.append((extra.filename, extra.read(), "indicators"))
        source, system, title = upload.filename, data.get("indicator_system") or None, data.get("title")
        document, county = _document(data), _county()
    plan, counts = planning.import_plan(g.user, case_id, files, source=source, cadence=data.get("cadence") or None,
                                        starts_at=_moment(data.get("starts_at"), "starts_at"), title=title,
                                        system_key=system, county=county, document=document)
    return {"plan": plan_dashboard.summary(plan), "imported": counts}


@blp.route("/cases/<int:case_id>/plan/tasks", methods=["POST"])
@blp.response(201, PlanTaskSchema)
def add_task(case_id):
    """Add a task entered in a form: number, title, description, lead_unit, responsible_units
    (names), indicators (numbers), due_date, milestones [{due, title}]."""
    return plan_dashboard.task_view(planning.add_task(g.user, case_id, _json(), _county()))


@blp.route("/cases/<int:case_id>/plan/tasks/<int:task_id>", methods=["PUT", "PATCH"])
@blp.response(200, PlanTaskSchema)
def update_task(case_id, task_id):
    return plan_dashboard.task_view(planning.update_task(g.user, case_id, task_id, _json(), _county()))


@blp.route("/cases/<int:case_id>/plan/items/<int:item_id>", methods=["PUT"])
@blp.response(200, PlanItemSchema)
def update_item(case_id, item_id):
    """Record how a target or an organisational measure stands: progress
    (not_started|on_track|delayed|completed), percent 0–100, note."""
    return plan_items.item_view(plan_items.update_item(g.user, case_id, item_id, _json(), _county()))


# ---------------------------------------------------------------- counties (Art 5, Art 10)
class CountySchema(Schema):
    county = fields.String(required=True, validate=validate.Length(min=1, max=64))


@blp.route("/cases/<int:case_id>/counties")
@blp.response(200, CountyListSchema)
def county_list(case_id):
    """The counties taking part in a prefecture's case, with their sub-plans."""
    items = counties.listing(g.user, planning.case_of(case_id))
    return {"items": items, "total": len(items)}


@blp.route("/cases/<int:case_id>/counties", methods=["POST"])
@manages_plan
@blp.arguments(CountySchema)
@blp.response(201, CountyPartSchema)
def include_county(args, case_id):
    """The prefecture's office includes one of its counties (`{"county": "yuzhou"}`): the
    county then has its own part, with its member units and sub-plan (`?county=yuzhou`)."""
    return counties.view(counties.include(g.user, case_id, args["county"]))


@blp.route("/participations")
@blp.response(200, CountyListSchema)
def participations():
    """For a county's office: the prefecture cases it takes part in, with its sub-plans."""
    items = counties.participations(g.user)
    return {"items": items, "total": len(items)}


@blp.route("/cases/<int:case_id>/plan/dashboard")
@blp.response(200, DashboardSchema)
def dashboard(case_id):
    """Progress per task, unit and indicator group; what is overdue; the creation timeline."""
    return plan_dashboard.dashboard(g.user, case_id, _county())


@blp.route("/cases/<int:case_id>/plan/reminders", methods=["POST"])
@manages_plan
@blp.arguments(ReminderSchema)
@blp.response(201, ReminderResultSchema)
def remind(args, case_id):
    """催办: remind a member unit of its open plan work."""
    return reminders.remind(g.user, case_id, args["org_id"], args.get("message"), _county())


@blp.route("/cases/<int:case_id>/plan/indicators")
@blp.response(200, IndicatorListSchema)
def indicator_list(case_id):
    """Each indicator of the plan's system: linked tasks, their progress, evidence count and
    the decomposition's units (the self-assessment overview)."""
    return plan_dashboard.indicators(g.user, case_id, _county())


@blp.route("/cases/<int:case_id>/plan/indicators/<int:number>")
@blp.response(200, IndicatorViewSchema)
def indicator(case_id, number):
    """An indicator with its units, the plan tasks linked to it, their reports and evidence
    (what self-assessment scores against)."""
    return plan_dashboard.indicator(g.user, case_id, number, _county())


# ---------------------------------------------------------------- plan work (member units)
@blp.route("/plan-work")
@blp.arguments(PlanWorkQuerySchema, location="query")
@blp.response(200, PlanWorkListSchema)
def work(args):
    """The caller's units' progress reports: open (default), submitted, overdue or all."""
    q = plan_work.work(g.user, args["status"], args.get("case_id"))
    total = q.order_by(None).count()
    items = q.limit(args["per_page"]).offset((args["page"] - 1) * args["per_page"]).all()
    return {"items": [{**plan_dashboard.report_view(r), "case_id": r.task.plan.case_id} for r in items],
            "total": total}


@blp.route("/plan-work/<int:report_id>")
@blp.response(200, PlanReportDetailSchema)
def get_report(report_id):
    """A report; for a lead unit also what the task's other units reported this period."""
    report = plan_work.get(g.user, report_id)
    return {**plan_dashboard.report_view(report), "case_id": report.task.plan.case_id,
            "task_description": report.task.description, "indicators": report.task.indicators,
            "peers": [plan_dashboard.report_view(r) for r in plan_work.peers(report)]}


@blp.route("/plan-work/<int:report_id>/submit", methods=["POST"])
@blp.response(200, PlanReportSchema)
def submit(report_id):
    """File the report: progress (not_started|on_track|delayed|completed), percent 0–100,
    narrative, figures {label: number}; a lead unit may add its consolidation."""
    return plan_dashboard.report_view(plan_work.submit(g.user, report_id, _json()))


@blp.route("/plan-work/<int:report_id>/evidence", methods=["POST"])
@requires("member_unit")
@blp.response(201, EvidenceCreatedSchema)
def add_evidence(report_id):
    """Attach an evidence file (multipart `file`)."""
    upload = request.files.get("file")
    if upload is None:
        raise InvalidInput("upload the evidence as `file`", fields={"file": ["required"]})
    item = plan_work.add_evidence(g.user, report_id, upload.filename, upload.read(),
                                  current_app.config["FILES_DIR"])
    return item


@blp.route("/plan-evidence/<int:evidence_id>")
def download_evidence(evidence_id):
    item, path = plan_work.evidence(g.user, evidence_id, current_app.config["FILES_DIR"])
    response = send_file(path, as_attachment=True, download_name=item.filename, mimetype=item.content_type,
                         max_age=0)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response
