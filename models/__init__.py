"""Persistence: the tables as SQLAlchemy models (Flask-SQLAlchemy), and their vocabularies
as StrEnums. Nothing here imports the engine, the web layer or marshmallow.
"""
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData

# Stable constraint names keep Alembic migrations identical on SQLite and PostgreSQL.
# Objects stay readable after commit: a request commits once, then shapes its answer
# from what it just wrote instead of reloading it.
db = SQLAlchemy(session_options={"expire_on_commit": False}, metadata=MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}))
# Ids are INTEGER columns on both databases. One range for every id a request carries
# (path, query, form, JSON): beyond it the web layer answers 404 or 400, never letting
# the driver overflow (a 500).
MAX_ID = 2**31 - 1

from models.audit import AuditEvent  # noqa: E402
from models.calendar import CalendarDay, CalendarYear  # noqa: E402
from models.comments import CaseComment, UserPhrases  # noqa: E402
from models.decisions import OfficialDocument  # noqa: E402, F401  (registers the tables)
from models.definition_drafts import DefinitionDraft  # noqa: E402
from models.experience import ExperienceReport, SupportMeasure  # noqa: E402, F401  (registers the tables)
from models.handover import CaseCopy  # noqa: E402
from models.incidents import Incident  # noqa: E402, F401  (registers the table)
from models.mail import MailOutbox  # noqa: E402
from models.notifications import Notification  # noqa: E402
from models.objections import Objection  # noqa: E402, F401  (registers the table)
from models.orgs import ROLES, KnownClient, Org, RoleMembership, User  # noqa: E402
from models.process import Case, ProcessDefinition  # noqa: E402
from models.returns import TaskReturn  # noqa: E402
from models.rounds import (  # noqa: E402
    ListDecision,
    ListDecisionItem,
    RecommendationItem,
    RecommendationList,
    Round,
    RoundAttachment,
)
from models.scheduling import ClockState, JobRun, SchedulerJob, SchedulerLease, Setting  # noqa: E402
from models.search import CaseSearch, SavedFilter  # noqa: E402
from models.tasks import HumanTask  # noqa: E402
from models.waits import EventWait  # noqa: E402
from models.web import Document, Draft  # noqa: E402
from models.webhooks import WebhookDelivery, WebhookSubscription  # noqa: E402

__all__ = [
    "MAX_ID",
    "ROLES",
    "AuditEvent",
    "CalendarDay",
    "CalendarYear",
    "Case",
    "CaseComment",
    "CaseCopy",
    "CaseSearch",
    "ClockState",
    "DefinitionDraft",
    "Document",
    "Draft",
    "EventWait",
    "HumanTask",
    "JobRun",
    "KnownClient",
    "ListDecision",
    "ListDecisionItem",
    "MailOutbox",
    "Notification",
    "Org",
    "ProcessDefinition",
    "RecommendationItem",
    "RecommendationList",
    "RoleMembership",
    "Round",
    "RoundAttachment",
    "SavedFilter",
    "SchedulerJob",
    "SchedulerLease",
    "Setting",
    "TaskReturn",
    "User",
    "UserPhrases",
    "WebhookDelivery",
    "WebhookSubscription",
    "db",
]
