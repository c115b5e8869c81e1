"""Who acts in the demo: the demo accounts (seeds/demo.py), the offices of the regions the
programme adds, colleagues in some offices (for 转办 and 委派), and an account for every
member unit of the two imported plans (each unit files its own progress reports, as it
would from its inbox)."""
from sqlalchemy import select

from models import User, db
from seeds import demo

# The regions beyond the seeds' four, all under the four demo provinces (seeds/orgs.json).
REGION_OFFICES = [
    ("app-taiyuan", "太原市创建办", "applicant", "taiyuan"),
    ("app-datong", "大同市创建办", "applicant", "datong"),
    ("app-changzhi", "长治市创建办", "applicant", "changzhi"),
    ("app-yubei", "渝北区创建办", "applicant", "yubei"),
    ("app-jiangbei", "江北区创建办", "applicant", "jiangbei"),
    ("app-xuhui", "徐汇区创建办", "applicant", "xuhui"),
    ("app-pudong", "浦东新区创建办", "applicant", "pudong"),
    ("app-zhengzhou", "郑州市创建办", "applicant", "zhengzhou"),
    ("app-luoyang", "洛阳市创建办", "applicant", "luoyang"),
    ("app-kaifeng", "开封市创建办", "applicant", "kaifeng"),
]
# Second and third clerks of some offices, so that 转办 and 委派 have a colleague to go to.
COLLEAGUES = [
    ("prov-shanxi-2", "山西省市场监管局（二）", "province", "shanxi"),
    ("prov-shanxi-3", "山西省市场监管局（三）", "province", "shanxi"),
    ("prov-chongqing-2", "重庆市市场监管局（二）", "province", "chongqing"),
    ("app-yuncheng-2", "运城市创建办（二）", "applicant", "yuncheng"),
]
_ids: dict = {}


def load(orgs):
    demo.load_accounts(orgs)
    demo.load_accounts(orgs, accounts=REGION_OFFICES + COLLEAGUES)
    db.session.commit()
    _ids.clear()


def load_unit_accounts(plan):
    """`unit-<code>` for each member unit the plan names that has no demo account yet."""
    taken = {code for *_, code in demo.ACCOUNTS}
    units = sorted({u.org for t in plan.tasks for u in t.units}, key=lambda o: o.id)
    demo.load_accounts({o.code: o for o in units}, accounts=[
        (f"unit-{o.code}", o.name, "member_unit", o.code) for o in units if o.code not in taken])
    db.session.commit()


def user(username):
    """The account `username` (ids cached: the build looks people up thousands of times)."""
    if username not in _ids:
        _ids[username] = db.session.execute(select(User.id).filter_by(username=username)).scalar_one()
    return db.session.get(User, _ids[username])


def unit_user(code):
    """The account that reports for the member unit with org code `code`."""
    return user(next((name for name, _, _, c in demo.ACCOUNTS if c == code), f"unit-{code}"))
