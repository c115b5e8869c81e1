"""Second and third accounts of the demo's offices, for 转办 and 委派 between colleagues
(the demo has one account per office). Created once per database; they sign in with the
demo password."""
from models import Org, RoleMembership, User, db
from seeds.demo import PASSWORD

COLLEAGUES = [  # username, display name, role, organisation code
    ("prov-shanxi-2", "山西省市场监管局（二）", "province", "shanxi"),
    ("prov-shanxi-3", "山西省市场监管局（三）", "province", "shanxi"),
    ("prov-chongqing-2", "重庆市市场监管局（二）", "province", "chongqing"),
    ("app-yuncheng-2", "运城市创建办（二）", "applicant", "yuncheng"),
]


def ensure(app):
    """The colleague accounts exist (idempotent)."""
    with app.app_context():
        for username, display, role, code in COLLEAGUES:
            if User.query.filter_by(username=username).first():
                continue
            user = User(username=username, display_name=display)
            user.set_password(PASSWORD)
            user.roles.append(RoleMembership(role=role, org_id=Org.query.filter_by(code=code).one().id))
            db.session.add(user)
        db.session.commit()
