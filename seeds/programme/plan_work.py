"""Creation plans in the demo: the region's office imports its plan from the seeds
(engine.plans.planning, as the import page does), and each member unit files its progress
reports every half year with its own account (engine.plans.work).

Which reports come late, and which are still missing when the demo stops, follows a fixed
rule over task, unit and period, so every build is the same; two member units with demo
accounts (README) are the laggards of the last closed period, so their inboxes show what
an overdue report looks like."""
from sqlalchemy import select

from engine.casework import notifications
from engine.plans import counties, examples, planning, work
from models import Org, db
from models.plans import PlanReport, ReportStatus
from seeds.programme import people

LAGGARDS = ("yuncheng-county-governments", "yongchuan-agriculture")
CADENCE = "P6M"  # half-yearly reports: quarterly ones would double the build's longest part


def import_plan(story, example=None, csv_name=None):
    """The office imports an example of the seeds (`example`, with its document, targets and
    measures; a county's example into the county's part) or one of seeds/plans/*.csv."""
    county = None
    if example:
        ex = examples.get(example)
        files, source, system, title = examples.files(example), f"example:{example}", ex["indicator_system"], ex["title"]
        document, county = examples.document(example), examples.county_of(example)
    else:
        files, source, system, title = [(csv_name, (examples.PLANS / csv_name).read_bytes(), "tasks")], csv_name, None, None
        document = None
    plan, _ = planning.import_plan(people.user(story.applicant), story.case_id, files, source=source, title=title,
                                   system_key=system, cadence=CADENCE, county=county, document=document)
    people.load_unit_accounts(plan)


def include_county(story, county):
    """The prefecture's office includes one of its counties in its case (Art 5, Art 10)."""
    counties.include(people.user(story.applicant), story.case_id, county)


def fate(mix, unit_code, final):
    """on_time | late | missing, from `mix` (a fixed function of task, unit and period): late
    one report in eleven; in the `final` period (the last one closed when the demo stops) the
    laggards and two reports in eleven are missing."""
    if final and (mix in (1, 2) or unit_code in LAGGARDS):
        return "missing"
    return "late" if mix == 0 else "on_time"


def file_reports(story, period, late=False, final=False, county=None):
    """The units file their open reports of `period`: the punctual ones, or (`late`) the late
    ones; with `county`, the units of that county's part of the case."""
    plan = planning.plan_of(story.case_id, db.session.execute(select(Org.id).filter_by(code=county)).scalar_one()
                            if county else None)
    periods = len(planning.periods(plan))
    tasks = {t.id: (t.position, t.title, t.description) for t in plan.tasks}
    codes = dict(db.session.execute(select(Org.id, Org.code).where(Org.parent_id == plan.region_id)).all())
    reports = db.session.execute(
        select(PlanReport.id, PlanReport.org_id, PlanReport.task_id, PlanReport.role)
        .where(PlanReport.plan_id == plan.id, PlanReport.period == period, PlanReport.status == ReportStatus.OPEN)
        .order_by(PlanReport.id)).all()
    wanted = "late" if late else "on_time"
    for report_id, org_id, task_id, role in reports:
        position = tasks[task_id][0]
        mix = (position * 7 + org_id * 3 + period * 5) % 11
        if fate(mix, codes[org_id], final) == wanted:
            work.submit(people.unit_user(codes[org_id]), report_id,
                        report_data(tasks[task_id], period, periods, role == "lead"))
    if late:
        read_notices(story, sorted({u.org_id for t in plan.tasks for u in t.units}), codes)


def report_data(task, k, periods, lead):
    """A unit's report on `task` (position, title, description) for period `k` of `periods`."""
    position, title, description = task
    percent = max(0, min(100, round(100 * k / periods) - (position % 3) * 5))
    if position % 4 == 0 and k >= periods - 2:
        percent, progress = 100, "completed"
    elif (position + k) % 9 == 0:
        percent, progress = max(0, percent - 15), "delayed"
    else:
        progress = "not_started" if percent == 0 else "on_track"
    data = {"progress": progress, "percent": percent, "narrative": narrative(title, description, k, progress)}
    if lead:
        data["consolidation"] = f"已汇总本任务各责任单位第{k}期报送情况，总体进度{percent}%。"
    return data


def narrative(title, description, period, progress):
    first = (description or title).split("。")[0][:80]
    return f"第{period}期：{first}。" + {
        "not_started": "本期完成前期调研和工作部署，具体举措尚未启动。",
        "on_track": "本期已按方案完成阶段性工作，下期继续推进。",
        "delayed": "受项目审批和资金拨付进度影响，本期进度滞后，已制定整改措施，确保下期赶上进度。",
        "completed": "任务已按方案全部完成，形成工作总结和佐证材料。",
    }[progress]


def read_notices(story, units, codes):
    """The office and its units read the reminders and 督办 they have had so far (what
    stays unread when the demo stops is what came after the last closed period)."""
    for user in [people.user(story.applicant)] + [people.unit_user(codes[org_id]) for org_id in units]:
        for note_id in [n.id for n in notifications.addressed_to(user, story.case_id, unread=True)]:
            notifications.mark_read(user, note_id)
