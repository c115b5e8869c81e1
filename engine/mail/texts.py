"""The Chinese texts of notification mail: one notification, and the day's digest."""
from collections.abc import Sequence

from engine import clock
from engine.config import settings
from models import Case, Notification, Org, User, db

# Known kinds get a readable label; kinds added later still mail, under their title alone.
KIND_LABELS = {
    "task_created": "新待办", "task_due_soon": "即将到期", "task_overdue": "已逾期",
    "task_reminder": "催办", "task_escalation": "督办", "task_urged": "催办",
    "case_cc": "抄送", "task_transferred": "转办", "task_delegated": "委派",
    "task_delegation_returned": "委派已填写", "task_returned": "退回", "task_resubmitted": "退回后重新提交",
    "supervision_check_due": "督促检查到期", "plan_report_reminder": "创建方案进展催报",
    "plan_report_escalation": "创建方案进展督办", "plan_unit_reminder": "成员单位催办",
    "round_deadline_reminder": "申报批次截止提醒",
}
SYSTEM = "网络市场监管与服务示范区创建管理系统"
FOOTER = (f"此邮件由{SYSTEM}自动发送，请勿直接回复。\n"
          "如不希望接收邮件，或希望每天只收到一封汇总邮件，请在系统“账户”页面的邮件设置中修改。")
SUBJECT_MAX = 300
DIGEST_ITEMS = 50  # listed in one digest; the rest are counted, and on the messages page


def link(note: Notification) -> str:
    base = settings.mail_base_url.rstrip("/")
    return f"{base}/cases/{note.case_id}" if note.case_id else f"{base}/messages"


def region_text(case_id: int | None) -> str | None:
    """'运城市（山西省市场监督管理局）': the case's region and its provincial bureau."""
    if case_id is None:
        return None
    case = db.session.get(Case, case_id)
    if case is None:
        return None
    province = db.session.get(Org, case.province_id)
    return f"{case.region.name}（{province.name}）" if province and province.id != case.region_id else case.region.name


def item(note: Notification) -> str:
    """The lines one notification contributes to a mail (alone, or in a digest)."""
    lines = [f"【{KIND_LABELS.get(note.kind, '通知')}】{note.title}"]
    region = region_text(note.case_id)
    if region:
        lines.append(f"示范区创建地区：{region}")
    lines.append(f"时间：{clock.local_text(note.created_at)}（北京时间）")
    lines.append(f"查看：{link(note)}")
    return "\n".join(lines)


def subject(note: Notification) -> str:
    return f"[{KIND_LABELS.get(note.kind, '通知')}] {note.title}"[:SUBJECT_MAX]


def body(user: User, note: Notification) -> str:
    return f"{user.display_name or user.username}，您好：\n\n{item(note)}\n\n--\n{FOOTER}\n"


def digest_subject(count: int) -> str:
    return f"[每日汇总] 您有 {count} 条新通知"


def digest_body(user: User, items: Sequence[str]) -> str:
    listed = "\n\n".join(f"{n}. {text}" for n, text in enumerate(items[:DIGEST_ITEMS], 1))
    if len(items) > DIGEST_ITEMS:
        listed += f"\n\n另有 {len(items) - DIGEST_ITEMS} 条通知未列出，请在消息页面查看。"
    return (f"{user.display_name or user.username}，您好：\n\n以下是您在{SYSTEM}中的 {len(items)} 条新通知：\n\n"
            f"{listed}\n\n全部消息：{settings.mail_base_url.rstrip('/')}/messages\n\n--\n{FOOTER}\n")
