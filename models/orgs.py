"""Organisations (a tree from SAMR down to member units), users and their roles."""
from werkzeug.security import check_password_hash, generate_password_hash

from models import db
from models.types import UTCDateTime

LEVELS = ("national", "province", "region", "county", "unit")
ZONES = ("east", "central", "west", "northeast")
# Art 5: only these administrative levels may apply for creation on their own.
APPLYING_ADMIN_LEVELS = ("sub_provincial_city", "prefecture_city", "municipal_district")
ROLES = ("admin", "samr", "province", "applicant", "expert", "member_unit")


class Org(db.Model):
    __tablename__ = "orgs"
    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(64), unique=True, nullable=False)
    name = db.Column(db.String(200), nullable=False)
    name_en = db.Column(db.String(200))
    level = db.Column(db.String(16), nullable=False)
    admin_level = db.Column(db.String(32))
    zone = db.Column(db.String(16))
    parent_id = db.Column(db.Integer, db.ForeignKey("orgs.id"), index=True)
    parent = db.relationship("Org", remote_side=[id], backref="children")

    def ancestor(self, level):
        """The nearest organisation of `level` at or above this one, or None."""
        org = self
        while org is not None and org.level != level:
            org = org.parent
        return org

    @property
    def province(self):
        return self.ancestor("province")

    @property
    def may_apply(self):
        return self.level == "region" and self.admin_level in APPLYING_ADMIN_LEVELS


class User(db.Model):
    __tablename__ = "users"
    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(64), unique=True, nullable=False)
    display_name = db.Column(db.String(200))
    password_hash = db.Column(db.String(256), nullable=False)
    active = db.Column(db.Boolean, nullable=False, default=True)
    # Sign-ins from clients the account has not used before: consecutive failures and the
    # growing pause they earn (engine/accounts/signin.py).
    failed_logins = db.Column(db.Integer, nullable=False, default=0)
    locked_until = db.Column(UTCDateTime)
    # Part of every page session's id: raising it ends all of the user's sessions at once.
    session_version = db.Column(db.Integer, nullable=False, default=0, server_default="0")
    # Mail of notifications (engine/mail/): the address, and immediate, digest or off.
    email = db.Column(db.String(254))
    mail_mode = db.Column(db.String(16), nullable=False, default="immediate", server_default="immediate")
    roles = db.relationship("RoleMembership", backref="user", lazy="selectin",
                            cascade="all, delete-orphan")

    def set_password(self, password):
        self.password_hash = generate_password_hash(password)

    def check_password(self, password):
        return check_password_hash(self.password_hash, password)

    def has_role(self, role):
        return any(m.role == role for m in self.roles)

    def orgs_for(self, role):
        return [m.org for m in self.roles if m.role == role]

    # Flask-Login protocol, spelled out so that models need not import Flask-Login.
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self):
        return self.active

    def get_id(self):
        """What the session cookie holds: the id and the session version, so that a
        logout or a password change (which raise the version) ends every session."""
        return f"{self.id}:{self.session_version or 0}"


class KnownClient(db.Model):
    """A browser or script that has signed in as the user before (it holds a random key in
    a signed cookie; only the key's hash is stored). Its own failures and pause are kept
    here, so that strangers' wrong passwords never hold the user back on it."""
    __tablename__ = "known_clients"
    __table_args__ = (db.UniqueConstraint("user_id", "key_hash", name="uq_known_client"),)
    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id", ondelete="CASCADE"), nullable=False)
    key_hash = db.Column(db.String(64), nullable=False)
    created_at = db.Column(UTCDateTime, nullable=False)
    last_used_at = db.Column(UTCDateTime, nullable=False)
    failed_logins = db.Column(db.Integer, nullable=False, default=0)
    locked_until = db.Column(UTCDateTime)


class RoleMembership(db.Model):
    __tablename__ = "role_memberships"
    __table_args__ = (db.UniqueConstraint("user_id", "role", "org_id", name="uq_role_membership"),)
    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False, index=True)
    role = db.Column(db.String(32), nullable=False)
    org_id = db.Column(db.Integer, db.ForeignKey("orgs.id"), nullable=False)
    org = db.relationship("Org", lazy="joined")
