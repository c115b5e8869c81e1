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


def load_accounts(orgs, password=PASSWORD):
    users = []
    for username, display, role, org_code in ACCOUNTS:
        if User.query.filter_by(username=username).first():
            continue
        user = User(username=username, display_name=display)
        user.set_password(password)
        user.roles.append(RoleMembership(role=role, org=orgs[org_code]))
        db.session.add(user)
        users.append(user)
    return users


def load_round(now):
    if Round.query.filter_by(kind="application").first() is None:
        db.session.add(Round(kind="application", name=f"{now.year}年示范区创建申报批次",
                             opens_at=now - timedelta(days=1), closes_at=now + timedelta(days=90)))


def load_patterns(orgs, now):
    for code, pattern in PATTERNS.items():
        if code in orgs and db.session.get(NumberPattern, orgs[code].id) is None:
            db.session.add(NumberPattern(issuer_id=orgs[code].id, pattern=pattern, updated_at=now, updated_by="demo"))


def load(now):
    orgs = load_orgs()
    load_accounts(orgs)
    load_round(now)
    load_patterns(orgs, now)
    db.session.commit()
