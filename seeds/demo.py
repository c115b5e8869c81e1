"""Demo organisations, accounts, an open application round (API.md, "Demo accounts") and the
issuers' document number patterns (文号)."""
import json
from datetime import timedelta
from pathlib import Path

from models import Org, RoleMembership, Round, User, db
from models.decisions import NumberPattern

SEED = Path(__file__).parent / "orgs.json"
PASSWORD = "demo-password"

# username, display name, role, organisation code
ACCOUNTS = [
    ("admin", "系统管理员", "admin", "samr"),
    ("samr", "市场监管总局网监司", "samr", "samr"),
    ("prov-shanxi", "山西省市场监管局", "province", "shanxi"),
    ("prov-chongqing", "重庆市市场监管局", "province", "chongqing"),
    ("prov-shanghai", "上海市市场监管局", "province", "shanghai"),
    ("prov-henan", "河南省市场监管局", "province", "henan"),
    ("app-yuncheng", "运城市创建办", "applicant", "yuncheng"),
    ("app-yongchuan", "永川区创建办", "applicant", "yongchuan"),
    ("app-yangpu", "杨浦区创建办", "applicant", "yangpu"),
    ("app-xuchang", "许昌市创建办", "applicant", "xuchang"),
    ("app-yuzhou", "禹州市", "applicant", "yuzhou"),
    ("expert1", "评估专家一", "expert", "samr"),
    ("expert2", "评估专家二", "expert", "samr"),
    ("expert3", "评估专家三", "expert", "samr"),
    # member units (成员单位) report on their creation-plan tasks
    ("unit-yuncheng-commerce", "运城市商务局", "member_unit", "yuncheng-commerce"),
    ("unit-yuncheng-amr", "运城市市场监督管理局", "member_unit", "yuncheng-amr"),
    ("unit-yuncheng-counties", "运城市各县(市、区)人民政府", "member_unit", "yuncheng-county-governments"),
    ("unit-yongchuan-commerce", "永川区商务委", "member_unit", "yongchuan-commerce"),
    ("unit-yongchuan-new-city", "永川区新城建管委", "member_unit", "yongchuan-new-city"),
    ("unit-yongchuan-amr", "永川区市场监管局", "member_unit", "yongchuan-amr"),
    ("unit-yongchuan-agriculture", "永川区农业农村委", "member_unit", "yongchuan-agriculture"),
    # a unit of 禹州市, the county-level city taking part in 许昌市's case (Art 5, Art 10)
    ("unit-yuzhou-commerce", "禹州市商务局", "member_unit", "yuzhou-commerce"),
]
# issuer's organisation code → how it numbers its documents (an administrator may change them)
PATTERNS = {
    "samr": "国市监网监〔{year}〕{n}号",
    "shanxi": "晋市监网监〔{year}〕{n}号",
    "chongqing": "渝市监网监〔{year}〕{n}号",
    "shanghai": "沪市监网监〔{year}〕{n}号",
    "henan": "豫市监网监〔{year}〕{n}号",
}


def load_orgs(path=SEED):
    """Create the organisation tree from the seed file; existing codes are kept."""
    orgs = {o.code: o for o in Org.query.all()}
    for row in json.loads(Path(path).read_text(encoding="utf-8"))["orgs"]:
        if row["code"] in orgs:
            continue
        org = Org(code=row["code"], name=row["name"], name_en=row.get("name_en"),
                  level=row["level"], admin_level=row.get("admin_level"), zone=row.get("zone"),
                  parent=orgs.get(row["parent"]) if row.get("parent") else None)
        db.session.add(org)
        orgs[org.code] = org
    db.session.flush()
    return orgs


def load_accounts(orgs, password=PASSWORD, accounts=ACCOUNTS):
    """Create the accounts that do not exist yet. They share one password, so it is hashed
    once (a slow hash by design: 0.1–0.7 s each, too slow for dozens of demo accounts)."""
    users = []
    hashed = None
    for username, display, role, org_code in accounts:
        if User.query.filter_by(username=username).first():
            continue
        user = User(username=username, display_name=display, email=f"{username}@demo.invalid")
        if hashed is None:
            user.set_password(password)
            hashed = user.password_hash
        user.password_hash = hashed
        user.roles.append(RoleMembership(role=role, org=orgs[org_code]))
        db.session.add(user)
        users.append(user)
    return users


NOTICE_TITLE = "市场监管总局办公厅关于开展网络市场监管与服务示范区创建申报工作的通知"
NOTICE_TEXT = """各省、自治区、直辖市和新疆生产建设兵团市场监管局（厅、委）：

为贯彻落实《网络市场监管与服务示范区创建管理办法（试行）》，现就本批次示范区创建申报工作通知如下：
一、申报对象为副省级城市、地级市和直辖市的区（县）人民政府。
二、申报地区按要求填写申请表，连同创建方案和相关材料报送所在地省级市场监管部门。
三、省级市场监管部门对申报材料严格初审，择优排序后向市场监管总局推荐，每省推荐不超过2个。
四、请按本通知规定的时间节点完成报送、初审和推荐工作，逾期不再受理。"""


def load_round(now, calendar=False):
    """The open application round every test starts from; with `calendar` (the demo
    database) also SAMR's notice, the deadlines of each phase and a quota."""
    if Round.query.filter_by(kind="application").first() is not None:
        return
    round_ = Round(kind="application", name=f"{now.year}年示范区创建申报批次",
                   opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=90))
    if calendar:
        round_.submission_deadline = now + timedelta(days=60)
        round_.provincial_review_deadline = now + timedelta(days=90)
        round_.recommendation_deadline = now + timedelta(days=105)
        round_.quota = 2
        round_.notice_title, round_.notice_text = NOTICE_TITLE, NOTICE_TEXT
    db.session.add(round_)


def load_patterns(orgs, now):
    for code, pattern in PATTERNS.items():
        if code in orgs and db.session.get(NumberPattern, orgs[code].id) is None:
            db.session.add(NumberPattern(issuer_id=orgs[code].id, pattern=pattern, updated_at=now, updated_by="demo"))


def load(now):
    orgs = load_orgs()
    load_accounts(orgs)
    load_round(now, calendar=True)
    load_patterns(orgs, now)
    db.session.commit()
