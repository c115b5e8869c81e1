"""The programme's calendar, 2023-03-01 to 2025-06-16 (Beijing time): who does what, when.

First application round (2023): ten regions apply; one is returned for amendment and
resubmits; the provinces recommend; SAMR approves all ten on 2023-07-25 under the 2022 trial
indicator system (the one in force then). Creation periods of one to two years follow:
Yuncheng and Yongchuan import their plans and their member units report every half year;
Yangpu imports its plan (no units); Xuchang includes Yuzhou, whose action plan is its part.
The evaluation round opens 2024-10-08: Pudong and Kaifeng are certified at the end of 2024;
Kaifeng is warned and then revoked for false figures; in June 2025 Xuhui is in public notice
with an objection, Jiangbei did not pass and decides whether to apply again, Luoyang is being scored, Zhengzhou's
pre-review is overdue, Yangpu's evaluation application came back for more material.
Second application round (2025): Yubei waits for recommendation, Datong was returned for
amendment, Changzhi was not passed at initial review, Taiyuan has just applied. The demo stops on Monday 2025-06-16 09:00.
"""
from datetime import date, timedelta

from engine.casework import tasks
from engine.config import configure
from engine.plans import reminders
from engine.scoring import catalog
from models import Org
from models.process import Measures
from seeds.programme import people, texts
from seeds.programme.casework import Story, open_round, recommend
from seeds.programme.clockwork import Timeline
from seeds.programme.plan_work import file_reports, import_plan, include_county

START, END = "2023-03-01 09:00", "2025-06-16 09:00"
FIRST, SECOND = "2023年网络市场监管与服务示范区创建申报（第一批）", "2025年网络市场监管与服务示范区创建申报（第二批）"
EVALUATION = "2024—2025年度网络市场监管与服务示范区评估"
CLOSED_PERIODS = 3

# region: applied, initially reviewed, creation period (first round, in order of application)
FIRST_BATCH = {
    "yuncheng": ("2023-03-20 10:00", "2023-04-06 15:00", "P2Y"),
    "yongchuan": ("2023-03-28 10:00", "2023-04-14 15:00", "P2Y"),
    "xuchang": ("2023-04-10 10:00", "2023-04-26 15:00", "P2Y"),
    "pudong": ("2023-04-12 10:00", "2023-04-27 15:00", "P1Y"),
    "kaifeng": ("2023-04-18 10:00", "2023-05-09 15:00", "P1Y"),
    "zhengzhou": ("2023-04-25 10:00", "2023-05-16 15:00", "P1Y9M"),
    "jiangbei": ("2023-05-08 10:00", "2023-05-24 15:00", "P1Y6M"),
    "xuhui": ("2023-05-15 10:00", "2023-05-31 15:00", "P1Y6M"),
    "luoyang": ("2023-05-22 10:00", "2023-06-19 15:00", "P1Y6M"),  # returned on 06-05 first
    "yangpu": ("2023-06-19 10:00", "2023-06-29 15:00", "P2Y"),
}
RANKED = {"prov-shanxi": ["yuncheng"], "prov-chongqing": ["yongchuan", "jiangbei"],
          "prov-shanghai": ["pudong", "yangpu", "xuhui"], "prov-henan": ["xuchang", "zhengzhou", "luoyang", "kaifeng"]}
APPLICANTS = {"yuncheng": "app-yuncheng", "yongchuan": "app-yongchuan", "yangpu": "app-yangpu",
              "xuchang": "app-xuchang", **{code: user for user, _, _, code in people.REGION_OFFICES}}
# creation reports (form creation_report), by region: the dates of its texts in order
REPORTS = {"yuncheng": ("2024-01-15", "2024-07-10", "2025-01-13"), "yongchuan": ("2024-01-22", "2024-07-15", "2025-01-20"),
           "xuchang": ("2024-01-18", "2024-07-18", "2025-01-16"), "yangpu": ("2024-01-25", "2024-07-22"),
           "pudong": ("2024-01-10",), "kaifeng": ("2024-01-11",), "zhengzhou": ("2024-01-16", "2024-07-16"),
           "jiangbei": ("2024-01-17", "2024-07-17"), "xuhui": ("2024-01-19", "2024-07-19"),
           "luoyang": ("2024-01-23", "2024-07-23")}


def timeline():
    stories = {code: Story(code, user) for code, user in APPLICANTS.items()}
    t = Timeline(first_tick="2023-03-06 09:00")
    first_round(t, stories)
    creation(t, stories)
    certified_in_2024(t, stories["pudong"], stories["kaifeng"])
    supervision(t, stories["pudong"], stories["kaifeng"])
    evaluated_in_2025(t, stories)
    second_round(t, stories)
    return t


def first_round(t, s):
    # the first round applies under the 2022 trial measures, the second under the current ones (Art 24)
    t.add(START, configure, measures=Measures.TRIAL_2022.value)
    t.add(START, open_round, "application", FIRST, "2023-03-01 00:00", "2023-06-30 23:59")
    for code, (applied, reviewed, period) in FIRST_BATCH.items():
        t.add(applied, s[code].apply, FIRST, period)
        t.add(reviewed, s[code].review)
    t.add("2023-06-05 15:00", s["luoyang"].review, "return", amend_deadline="2023-06-21",
          reasons="请补充平台经济发展规划及配套支持政策文件，完善创建方案的任务分工和时间安排。")
    t.add("2023-06-12 10:00", s["luoyang"].resubmit, "已补充平台经济发展规划及配套政策文件，细化创建方案任务分工和时间节点。")
    for province, ranked in RANKED.items():
        t.add("2023-07-07 10:00", recommend, province, FIRST, [s[c] for c in ranked])
    # approved while the 2022 trial indicator system was the one in force (Art 11)
    t.add("2023-07-25 09:30", catalog.set_current, "2022-trial")
    for code in FIRST_BATCH:
        t.add("2023-07-25 10:00", s[code].approve)


def creation(t, s):
    """Plans imported, quarterly reports filed by the units, creation reports of the offices."""
    t.add("2023-08-01 10:00", import_plan, s["yuncheng"], example="yuncheng")
    t.add("2023-08-07 10:00", import_plan, s["yongchuan"], example="yongchuan")
    t.add("2023-08-15 10:00", import_plan, s["yangpu"], example="yangpu")
    # 禹州市 takes part in 许昌市's case with its action plan (禹政办〔2023〕6号, Art 5, Art 10)
    t.add("2023-08-21 10:00", include_county, s["xuchang"], "yuzhou")
    t.add("2023-08-22 10:00", import_plan, s["xuchang"], example="yuzhou")
    for code, start, county in (("yuncheng", date(2023, 8, 1), None), ("yongchuan", date(2023, 8, 7), None),
                                ("xuchang", date(2023, 8, 22), "yuzhou")):
        for k in range(1, CLOSED_PERIODS + 1):  # half-yearly periods; the fourth is open in June 2025
            end = _add_months(start, 6 * k)
            final = k == CLOSED_PERIODS
            t.add(_weekday(end - timedelta(days=5), -1) + " 10:00", file_reports, s[code], k, final=final,
                  county=county)
            t.add(_weekday(end + timedelta(days=8), 1) + " 15:00", file_reports, s[code], k, late=True, final=final,
                  county=county)
    for code, days in REPORTS.items():
        for n, day in enumerate(days):
            t.add(day + " 16:00", s[code].report, n)
    t.add("2025-06-10 10:00", _remind, s["yuncheng"], "yuncheng-county-governments",
          "请于6月20日前补报第3期创建任务进展报告。")


def certified_in_2024(t, pudong, kaifeng):
    """Self-assessed after one year of creation, evaluated, in notice, certified."""
    t.add("2024-10-08 09:00", open_round, "evaluation", EVALUATION, "2024-10-08 00:00", "2025-09-30 23:59")
    for story, days, totals in ((pudong, ("09-20", "10-15", "10-31", "11-18", "11-21", "11-25"), (91, 92, 89.5, 90)),
                                (kaifeng, ("09-24", "10-17", "11-01", "11-19", "11-22", "11-26"), (88, 87, 88.5, 86))):
        evaluate(t, story, [f"2024-{d} 10:00" for d in days], totals, assigned="2024-11-06 10:00")
        t.add("2024-12-05 10:00", story.decide)
        t.add("2024-12-10 10:00", story.publish)
        t.add("2024-12-30 10:00", story.certify, "2024-12-30")


def evaluate(t, story, days, totals, assigned, early=False, opinions=texts.EXPERT_OPINIONS):
    """Self-assessment, evaluation application, pre-review, experts (as many as dates given)."""
    self_assessed, applied, prereviewed, *scored = days
    t.add(self_assessed, story.self_assess, totals[0], early=early)
    t.add(applied, story.apply_for_evaluation, totals[0])
    if prereviewed:
        t.add(prereviewed, story.prereview)
    if assigned:
        t.add(assigned, story.assign_experts)
    for expert, day, total in zip(("expert1", "expert2", "expert3"), scored, totals[1:]):
        t.add(day, story.score, expert, total, opinions)


def supervision(t, pudong, kaifeng):
    t.add("2025-03-12 10:00", kaifeng.record, "samr", "2025-03-11", "decline",
          "督促检查发现：网络市场监管局际联席会议未按期召开，部分指标较认定时明显下滑。")
    t.add("2025-03-20 10:00", kaifeng.supervise, "warning", "工作明显下滑（第二十二条第（三）项），予以警示，限期三个月整改。",
          deadline="2025-06-20")
    t.add("2025-04-15 10:00", kaifeng.rectify, "网络市场监管局际联席会议未按期召开，部分指标明显下滑。",
          "恢复联席会议季度例会制度，制定指标提升专项方案。", "已召开联席会议两次，专项方案正在实施。")
    t.add("2025-03-18 10:00", pudong.record, "samr", "2025-03-17", "decline",
          "年度督促检查：查阅网络市场监管工作台账，抽查平台企业主体责任落实情况；网络交易监测预警台账更新不及时。")
    t.add("2025-03-18 11:00", pudong.supervise, "interview",
          "约谈示范区创建工作领导小组办公室负责人，督促一个月内完善监测预警台账（第二十二条）。", deadline="2025-04-18")
    t.add("2025-04-16 15:00", pudong.rectify, "网络交易监测预警台账更新不及时。",
          "建立监测预警台账周更新机制，明确专人负责。", "台账已补齐并按周更新，抽查平台问题均已整改。")
    t.add("2025-04-22 10:00", kaifeng.record, "prov-henan", "2025-04-21", "fraud",
          "省局核查发现：评估申请材料中网上零售额等数据与统计部门数据不符，存在提供虚假材料的情形。", kind="incident")
    t.add("2025-05-20 10:00", pudong.record, "prov-shanghai", "2025-05-19", "normal",
          "省级指导监督：指导完善网络交易监测预警机制，示范作用持续发挥，工作正常。")
    t.add("2025-05-22 10:00", kaifeng.supervise, "revocation",
          "经核实提供虚假材料骗取示范区认定（第二十二条第（二）项），拟取消示范区资格。", after="province")
    t.add("2025-05-28 10:00", kaifeng.state_case, "数据差异系统计口径调整所致，请求不予取消示范区资格。")
    t.add("2025-06-09 10:00", kaifeng.decide_revocation, "revoke",
          "经核实提供虚假材料骗取示范区认定（第二十二条第（二）项），陈述申辩理由不成立，取消示范区资格。")
    t.add("2025-05-23 10:00", pudong.supervise, "none", after="province")
    t.add("2025-05-26 10:00", pudong.share_experience, "平台企业主体责任清单化管理",
          "建成网络交易监测预警平台，对区内重点平台企业实行主体责任清单化管理。",
          "网络消费投诉平均办结时间由10个工作日缩短至5个工作日。",
          "“一企一清单”压实平台主体责任，监测预警台账周更新，问题闭环整改。",
          "浦东新区以清单化管理压实平台企业主体责任，形成可复制的监测预警闭环机制。")
    t.add("2025-05-27 10:00", pudong.record_support, "pilot", "网络交易信用分级分类监管先行先试",
          "支持浦东新区先行先试网络交易经营者信用分级分类监管，相关数据接入国家网络交易监测平台。", "2025-06-01")


def evaluated_in_2025(t, s):
    xuhui, yangpu = s["xuhui"], s["yangpu"]
    evaluate(t, xuhui, ["2025-02-20 10:00", "2025-03-03 10:00", "2025-03-24 10:00", "2025-04-16 10:00",
                        "2025-04-22 10:00", "2025-04-28 10:00"], (89, 90, 88, 91), assigned="2025-04-02 10:00")
    t.add("2025-05-29 10:00", xuhui.decide)
    t.add("2025-06-05 10:00", xuhui.publish)
    t.add("2025-06-11 20:30", xuhui.object, "李女士", "13900000000",
          "该区某直播电商平台销售商品存在虚假宣传，本人投诉后超过法定期限未获处理，请核实该区网络消费投诉处理情况。")
    t.add("2025-06-12 09:30", _claim, "samr", xuhui, "objection_verification")
    # 江北区 does not pass (Art 14) and decides whether to apply again at the next evaluation (Art 17)
    evaluate(t, s["jiangbei"], ["2025-03-10 10:00", "2025-03-24 10:00", "2025-04-18 10:00", "2025-05-20 10:00",
                                "2025-05-28 10:00", "2025-06-05 10:00"], (86, 80, 82, 81), assigned="2025-05-06 10:00",
             opinions=texts.EXPERT_FAIL_OPINIONS)
    t.add("2025-06-10 10:00", s["jiangbei"].decide, "fail")
    evaluate(t, s["luoyang"], ["2025-04-10 10:00", "2025-04-25 10:00", "2025-05-23 10:00"], (90,),
             assigned="2025-06-06 10:00")
    evaluate(t, s["zhengzhou"], ["2025-05-06 10:00", "2025-05-12 10:00", None], (86,), assigned=None)
    evaluate(t, yangpu, ["2025-04-08 10:00", "2025-04-21 10:00", None], (88,), assigned=None, early=True)
    t.add("2025-05-16 15:00", yangpu.prereview, "请补充第三方机构出具的网络交易数据核查报告，完善规范监管类指标的佐证材料后重新提交。")


def second_round(t, s):
    t.add("2025-04-01 08:00", configure, measures=Measures.CURRENT.value)
    t.add("2025-04-01 09:00", open_round, "application", SECOND, "2025-04-01 00:00", "2025-06-30 23:59")
    t.add("2025-04-14 10:00", s["yubei"].apply, SECOND, "P2Y")
    t.add("2025-05-09 15:00", s["yubei"].review)
    t.add("2025-05-12 10:00", s["datong"].apply, SECOND, "P2Y")
    t.add("2025-06-04 15:00", s["datong"].review, "return", amend_deadline="2025-06-27",
          reasons="请补充平台经济发展规划及配套政策文件，说明近三年网络交易规模和网络消费投诉处理情况。")
    t.add("2025-06-09 10:00", s["taiyuan"].apply, SECOND, "P3Y")
    t.add("2025-05-20 10:00", s["changzhi"].apply, SECOND, "P2Y")
    t.add("2025-06-11 15:00", s["changzhi"].review, "reject",
          reasons="不符合第六条第（一）项：尚未建立网络市场监管部门协作机制，申报材料中的网络交易数据无佐证。")


def _claim(username, story, name):
    actor, task = story.open_task(username, name)
    tasks.claim(actor, task.id)


def _remind(story, unit_code, message):
    """催办 by hand: the office reminds one of its member units (engine.plans.reminders)."""
    unit = Org.query.filter_by(code=unit_code).one()
    reminders.remind(people.user(story.applicant), story.case_id, unit.id, message)


def _add_months(day, months):
    month = day.month - 1 + months
    return date(day.year + month // 12, month % 12 + 1, day.day)


def _weekday(day, step):
    """The day itself, or the nearest working weekday before (-1) or after (+1) it."""
    while day.weekday() >= 5:
        day += timedelta(days=step)
    return day.isoformat()

