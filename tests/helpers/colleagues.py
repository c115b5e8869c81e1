"""Second and third accounts of the demo's offices, for 转办 and 委派 between colleagues
(the base demo has one account per office; the living demo adds these same accounts).
Created once per database; they sign in with the demo password."""
from models import Org, RoleMembership, User, db
from seeds.demo import PASSWORD
from seeds.programme.people import COLLEAGUES  # the living demo's colleagues, the same accounts


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
