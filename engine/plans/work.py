"""Member units' plan work: their progress reports per task and period, with evidence files.

A member unit's user sees the reports of their own unit only (engine/access.unit_ids),
files each one once (status, narrative, figures, evidence), and a lead unit consolidates
what the task's responsible units reported for the same period. The office, its province
and SAMR read reports; nobody but the unit writes them.
"""
import hashlib
import math
import os
import tempfile
from pathlib import Path

from engine import access, clock
from engine.audit import record
from engine.errors import Conflict, Forbidden, InvalidInput, NotFound, TooLarge
from engine.tx import lock_case, transactional
from models import Case, db
from models.plans import PROGRESS, Plan, PlanEvidence, PlanReport, PlanTask, ReportStatus
from models.process import Stage

MAX_EVIDENCE_BYTES = 15 * 1024 * 1024  # under the request limit (MAX_CONTENT_LENGTH)
MAX_FIGURES = 30
STATUSES = ("open", "submitted", "overdue", "all")


def work(actor, status="open", case_id=None):
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


def get(actor, report_id):
    """A report for its unit, or for those who may view the plan."""
    report = db.session.get(PlanReport, report_id)
    if report is None:
        raise NotFound(f"plan report {report_id} does not exist")
    if not access.may_report_for(actor, report.org_id):
        case = db.session.get(Case, db.session.get(Plan, report.plan_id).case_id)
        if not access.may_view_plan(actor, case):
            raise Forbidden("this report belongs to another unit")
    return report


def peers(report):
    """The other units' reports on the same task and period (what a lead consolidates)."""
    return (PlanReport.query.filter(PlanReport.task_id == report.task_id, PlanReport.period == report.period,
                                    PlanReport.id != report.id).order_by(PlanReport.role, PlanReport.id).all())


def _locked_own_report(actor, report_id):
    report = db.session.get(PlanReport, report_id)
    if report is None:
        raise NotFound(f"plan report {report_id} does not exist")
    if not access.may_report_for(actor, report.org_id):
        raise Forbidden("only the unit's own users report for it")
    case = lock_case(db.session.get(Plan, report.plan_id).case_id)
    db.session.refresh(report)
    if case.stage != "creation":
        raise Conflict(f"case {case.id} is in stage {case.stage}: plan reporting has ended")
    if report.period_start > clock.now():
        raise Conflict("this reporting period has not begun")
    return case, report


def _checked(data, lead):
    problems = {}
    progress = data.get("progress")
    if progress not in PROGRESS:
        problems["progress"] = [f"one of {', '.join(PROGRESS)}"]
    percent = data.get("percent")
    if not isinstance(percent, int) or isinstance(percent, bool) or not 0 <= percent <= 100:
        problems["percent"] = ["a whole number from 0 to 100"]
    narrative = data.get("narrative")
    if not isinstance(narrative, str) or not narrative.strip() or len(narrative) > 20000:
        problems["narrative"] = ["a text of 1 to 20,000 characters"]
    figures = data.get("figures") or {}
    if not isinstance(figures, dict) or len(figures) > MAX_FIGURES or not all(
            isinstance(k, str) and 0 < len(k) <= 100 and isinstance(v, (int, float)) and not isinstance(v, bool)
            and math.isfinite(v) for k, v in figures.items()):
        problems["figures"] = [f"up to {MAX_FIGURES} named numbers, e.g. {{\"网上零售额（亿元）\": 12.5}}"]
    consolidation = data.get("consolidation")
    if consolidation is not None and (not lead or not isinstance(consolidation, str) or len(consolidation) > 20000):
        problems["consolidation"] = ["only the task's lead unit consolidates, as a text"]
    if progress == "completed" and percent != 100:
        problems.setdefault("percent", []).append("a completed task is at 100")
    unknown = set(data) - {"progress", "percent", "narrative", "figures", "consolidation"}
    for key in sorted(unknown):
        problems[key] = ["unknown field"]
    if problems:
        raise InvalidInput("the progress report is invalid", fields=problems)
    return {"progress": progress, "percent": percent, "narrative": narrative.strip(), "figures": figures,
            "consolidation": consolidation}


@transactional
def submit(actor, report_id, data):
    """File a progress report (once; a late one is still welcome, and marked late)."""
    case, report = _locked_own_report(actor, report_id)
    if report.status == ReportStatus.SUBMITTED:
        raise Conflict(f"this report was already submitted by {report.submitted_by}")
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


def blob_path(files_dir, sha256):
    return Path(files_dir) / "plan-evidence" / sha256[:2] / sha256


def _evidence_type(name, content):
    ext = Path(name).suffix.lower()
    if ext not in TYPES:
        raise InvalidInput(f"file type {ext or '(none)'} is not accepted for evidence",
                           fields={"file": [f"accepted: {', '.join(sorted(TYPES))}"]})
    if not content:
        raise InvalidInput("the file is empty", fields={"file": ["empty file"]})
    if len(content) > MAX_EVIDENCE_BYTES:
        raise TooLarge(f"evidence files are at most {MAX_EVIDENCE_BYTES // (1024 * 1024)} MB")
    if any(marker in content[:1024].lower() for marker in ACTIVE):
        raise InvalidInput(f"{name} contains web markup", fields={"file": ["contains web markup"]})
    return TYPES[ext]


@transactional
def add_evidence(actor, report_id, filename, content: bytes, files_dir):
    """Attach a file to the unit's report (before or after filing it, during creation)."""
    case, report = _locked_own_report(actor, report_id)
    name = (filename or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:200]
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


def evidence(actor, evidence_id, files_dir):
    """One evidence file and where its bytes are, for whoever may read its report."""
    item = db.session.get(PlanEvidence, evidence_id)
    if item is None:
        raise NotFound(f"evidence {evidence_id} does not exist")
    get(actor, item.report_id)
    path = blob_path(files_dir, item.sha256)
    if not path.is_file():
        raise NotFound(f"the file of evidence {evidence_id} is missing from the files directory")
    return item, path
