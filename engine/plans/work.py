"""Member units' plan work: their progress reports per task and period, with evidence files.

A member unit's user sees the reports of their own unit only (engine/access.unit_ids),
files each one once (status, narrative, figures, evidence), and a lead unit consolidates
what the task's responsible units reported for the same period. The office, its province
and SAMR read reports; nobody but the unit writes them.
"""
import hashlib
import os
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from marshmallow import Schema, ValidationError, fields, post_load, pre_load, validate, validates, validates_schema
from sqlalchemy.orm import Query

from engine import access, archives, clock, text
from engine.audit import record
from engine.errors import Conflict, Forbidden, InvalidInput, NotFound, Text, TooLarge
from engine.tx import lock_case, transactional
from models import Case, User, db
from models.plans import PROGRESS, Plan, PlanEvidence, PlanReport, PlanTask, ReportStatus
from models.process import Stage

MAX_EVIDENCE_BYTES = 15 * 1024 * 1024  # under the request limit (MAX_CONTENT_LENGTH)
MAX_FIGURES = 30
STATUSES = ("open", "submitted", "overdue", "all")


def work(actor: User, status: str = "open", case_id: int | None = None) -> Query[PlanReport]:
    """The actor's units' reports whose period has begun, soonest due first."""
    units = access.unit_ids(actor)
    q = (PlanReport.query.join(Plan, Plan.id == PlanReport.plan_id)
         .filter(PlanReport.org_id.in_(units), PlanReport.period_start <= clock.now()))
    if status in ("open", "overdue"):  # work to do exists only while the creation period runs
        q = q.join(Case, Case.id == Plan.case_id).filter(PlanReport.status == ReportStatus.OPEN, Case.stage == Stage.CREATION)
        if status == "overdue":
            q = q.filter(PlanReport.due_at < clock.now())
    elif status == "submitted":
        q = q.filter(PlanReport.status == status)
    if case_id:
        q = q.filter(Plan.case_id == case_id)
    return q.order_by(PlanReport.due_at, PlanReport.id)


def get(actor: User, report_id: int) -> PlanReport:
    """A report for its unit, or for those who may view the plan."""
    report = db.session.get(PlanReport, report_id)
    if report is None:
        raise NotFound("plan report {report_id} does not exist", report_id=report_id)
    if not access.may_report_for(actor, report.org_id):
        plan = db.session.get(Plan, report.plan_id)
        if not access.may_view_part(actor, db.session.get(Case, plan.case_id), plan.region_id):
            raise Forbidden("this report belongs to another unit")
    return report


def peers(report: PlanReport) -> list[PlanReport]:
    """The other units' reports on the same task and period (what a lead consolidates)."""
    return (PlanReport.query.filter(PlanReport.task_id == report.task_id, PlanReport.period == report.period,
                                    PlanReport.id != report.id).order_by(PlanReport.role, PlanReport.id).all())


def _locked_own_report(actor: User, report_id: int) -> tuple[Case, PlanReport]:
    report = db.session.get(PlanReport, report_id)
    if report is None:
        raise NotFound("plan report {report_id} does not exist", report_id=report_id)
    if not access.may_report_for(actor, report.org_id):
        raise Forbidden("only the unit's own users report for it")
    case = lock_case(db.session.get(Plan, report.plan_id).case_id)
    db.session.refresh(report)
    if case.stage != "creation":
        raise Conflict("case {case} is in stage {stage}: plan reporting has ended", case=case.id, stage=case.stage)
    if report.period_start > clock.now():
        raise Conflict("this reporting period has not begun")
    return case, report


def _says(message: str) -> dict[str, Any]:
    """Error messages of a field that all say `message`: the form shows what is expected, whatever
    was wrong. Braces are doubled because marshmallow formats its messages."""
    message = message.replace("{", "{{").replace("}", "}}")
    return dict.fromkeys(("required", "null", "invalid"), message)


def _holds(test: Callable[[Any], object], message: str) -> Callable[[Any], None]:
    """A validator raising `message` unless `test(value)` (marshmallow 4 ignores what validators return)."""
    def validator(value: Any) -> None:
        if not test(value):
            raise ValidationError(message)
    return validator


class _Figure(fields.Float):
    """A reported figure: a finite JSON number (not a numeric string), kept as given."""

    def _format_num(self, value: Any) -> float:
        if not isinstance(value, (int, float)):
            raise TypeError(value)
        return value


class _Figures(fields.Dict):
    """Named numbers; whatever is wrong inside, the one message that shows their shape."""

    def _deserialize(self, value: Any, attr: str | None, data: Mapping[str, Any] | None,
                     **kwargs: Any) -> dict[Any, Any]:
        try:
            return super()._deserialize(value, attr, data, **kwargs)
        except ValidationError as e:
            raise self.make_error("invalid") from e


PROGRESS_MESSAGE = f"one of {', '.join(PROGRESS)}"
PERCENT_MESSAGE = "a whole number from 0 to 100"
NARRATIVE_MESSAGE = "a text of 1 to 20,000 characters"
FIGURES_MESSAGE = f"up to {MAX_FIGURES} named numbers, e.g. {{\"网上零售额（亿元）\": 12.5}}"
CONSOLIDATION_MESSAGE = "only the task's lead unit consolidates, as a text"
_TEXT_POLICY = _holds(lambda value: not text.has_forbidden(value), text.MESSAGE)


class _ReportInput(Schema):
    """A progress report as a unit files it; only a lead unit (`lead`) may consolidate."""
    error_messages = {"unknown": "unknown field"}

    progress = fields.Str(required=True, validate=validate.OneOf(PROGRESS, error=PROGRESS_MESSAGE),
                          error_messages=_says(PROGRESS_MESSAGE))
    percent = fields.Int(required=True, strict=True, validate=validate.Range(0, 100, error=PERCENT_MESSAGE),
                         error_messages=_says(PERCENT_MESSAGE))
    narrative = fields.Str(required=True, validate=[_holds(lambda s: s.strip() and len(s) <= 20000, NARRATIVE_MESSAGE),
                                                    _TEXT_POLICY], error_messages=_says(NARRATIVE_MESSAGE))
    figures = _Figures(keys=fields.Str(validate=validate.Length(1, 100)), values=_Figure(allow_nan=False),
                       validate=[_holds(lambda d: len(d) <= MAX_FIGURES, FIGURES_MESSAGE), _TEXT_POLICY],
                       load_default=dict,
                       error_messages=_says(FIGURES_MESSAGE))
    consolidation = fields.Str(allow_none=True, load_default=None,
                               validate=[validate.Length(max=20000, error=CONSOLIDATION_MESSAGE), _TEXT_POLICY],
                               error_messages=_says(CONSOLIDATION_MESSAGE))

    def __init__(self, lead: bool, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lead = lead

    @pre_load
    def _empty_figures(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        """Figures are optional: an empty value (null, "", []) means none."""
        if "figures" in data and not data["figures"]:
            return {**data, "figures": {}}
        return data

    @validates("consolidation")
    def _by_lead(self, value: str | None, **kwargs: Any) -> None:
        if value is not None and not self.lead:
            raise ValidationError(CONSOLIDATION_MESSAGE)

    @validates_schema(skip_on_field_errors=False)
    def _completed_at_100(self, data: dict[str, Any], **kwargs: Any) -> None:
        if data.get("progress") == "completed" and data.get("percent") != 100:
            raise ValidationError("a completed task is at 100", "percent")

    @post_load
    def _trimmed(self, data: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        return {**data, "narrative": data["narrative"].strip()}


def _checked(data: dict[str, Any], lead: bool) -> dict[str, Any]:
    try:
        return _ReportInput(lead).load(data)
    except ValidationError as e:
        raise InvalidInput("the progress report is invalid", fields=e.messages_dict) from e


@transactional
def submit(actor: User, report_id: int, data: dict[str, Any]) -> PlanReport:
    """File a progress report (once; a late one is still welcome, and marked late)."""
    case, report = _locked_own_report(actor, report_id)
    if report.status == ReportStatus.SUBMITTED:
        raise Conflict("this report was already submitted by {submitted_by}", submitted_by=report.submitted_by)
    values = _checked(data if isinstance(data, dict) else {}, report.role == "lead")
    for key, value in values.items():
        setattr(report, key, value)
    now = clock.now()
    report.status, report.submitted_at, report.submitted_by = ReportStatus.SUBMITTED, now, actor.username
    task = db.session.get(PlanTask, report.task_id)
    record(actor, "plan_report_submitted", case, detail={
        "report_id": report.id, "task": task.number, "unit": report.org.name, "period": report.period,
        "progress": report.progress, "percent": report.percent, "late": now > report.due_at,
        "evidence": len(report.evidence)})
    return report


# The file types evidence may have; the type served comes from the extension, never from
# the client, and markup a browser could run is refused (downloads are attachments anyway).
TYPES = {".pdf": "application/pdf", ".ofd": "application/ofd", ".doc": "application/msword",
         ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
         ".xls": "application/vnd.ms-excel",
         ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         ".ppt": "application/vnd.ms-powerpoint",
         ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
         ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".txt": "text/plain",
         ".csv": "text/csv", ".zip": "application/zip", ".mp4": "video/mp4"}
ACTIVE = (b"<html", b"<!doctype", b"<script", b"<svg", b"<?xml", b"<iframe", b"<body", b"<head")


def blob_path(files_dir: str | Path, sha256: str) -> Path:
    return Path(files_dir) / "plan-evidence" / sha256[:2] / sha256


def _evidence_type(name: str, content: bytes) -> str:
    ext = Path(name).suffix.lower()
    if ext not in TYPES:
        raise InvalidInput("file type {ext} is not accepted for evidence",
                           fields={"file": [Text("accepted: {types}", types=', '.join(sorted(TYPES)))]}, ext=ext or '(none)')
    if not content:
        raise InvalidInput("the file is empty", fields={"file": ["empty file"]})
    if len(content) > MAX_EVIDENCE_BYTES:
        raise TooLarge("evidence files are at most {max_evidence_bytes} MB", max_evidence_bytes=MAX_EVIDENCE_BYTES // (1024 * 1024))
    if any(marker in content[:1024].lower() for marker in ACTIVE):
        raise InvalidInput("{name} contains web markup", fields={"file": ["contains web markup"]}, name=name)
    if archives.is_container(name, content[:4]):  # docx, xlsx, pptx, zip: measured unopened
        archives.check(content, name)
    return TYPES[ext]


@transactional
def add_evidence(actor: User, report_id: int, filename: str | None, content: bytes,
                 files_dir: str | Path) -> PlanEvidence:
    """Attach a file to the unit's report (before or after filing it, during creation)."""
    case, report = _locked_own_report(actor, report_id)
    name = text.file_name(filename, limit=200)
    content_type = _evidence_type(name, content)
    sha = hashlib.sha256(content).hexdigest()
    target = blob_path(files_dir, sha)
    if not target.exists():  # stored once per content; written before the row commits
        target.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as tmp:
            tmp.write(content)
        os.replace(tmp.name, target)
    item = PlanEvidence(report_id=report.id, filename=name, content_type=content_type, size=len(content),
                        sha256=sha, uploaded_at=clock.now(), uploaded_by=actor.username)
    db.session.add(item)
    db.session.flush()
    record(actor, "plan_evidence_added", case, detail={
        "report_id": report.id, "evidence_id": item.id, "filename": name, "size": item.size, "sha256": sha})
    return item


def evidence(actor: User, evidence_id: int, files_dir: str | Path) -> tuple[PlanEvidence, Path]:
    """One evidence file and where its bytes are, for whoever may read its report."""
    item = db.session.get(PlanEvidence, evidence_id)
    if item is None:
        raise NotFound("evidence {evidence_id} does not exist", evidence_id=evidence_id)
    get(actor, item.report_id)
    path = blob_path(files_dir, item.sha256)
    if not path.is_file():
        raise NotFound("the file of evidence {evidence_id} is missing from the files directory", evidence_id=evidence_id)
    return item, path
