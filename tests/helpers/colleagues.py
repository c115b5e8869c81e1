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
            existing = User.query.filter_by(username=username).first()
            if existing:
                existing.active = True
                continue
            user = User(username=username, display_name=display)
            user.set_password(PASSWORD)
            user.roles.append(RoleMembership(role=role, org_id=Org.query.filter_by(code=code).one().id))
            db.session.add(user)
        db.session.commit()


def retire():
    """Inactive again (inside an app context, before the caller commits): the tests that do not
    ask for colleagues see the demo's one account per office (role-wide mail, counts)."""
    names = [username for username, *_ in COLLEAGUES]
    User.query.filter(User.username.in_(names)).update({User.active: False}, synchronize_session=False)
