"""Deployed process definitions (versions) and cases (process instances)."""
from enum import StrEnum

from models import db
from models.types import UTCDateTime


class Stage(StrEnum):
    """Where a case stands in the measures (the diagrams' `stage` property), in order."""
    APPLICATION = "application"
    INITIAL_REVIEW = "initial_review"
    RECOMMENDATION = "recommendation"
    APPROVAL = "approval"
    CREATION = "creation"
    SELF_ASSESSMENT = "self_assessment"
    EVALUATION_PREREVIEW = "evaluation_prereview"
    EVALUATION = "evaluation"
    PUBLIC_NOTICE = "public_notice"
    CERTIFICATION = "certification"
    SUPERVISION = "supervision"


class EndStage(StrEnum):
    """How a closed case ended before or after certification."""
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    NOT_RECOMMENDED = "not_recommended"
    DECLINED = "declined"
    LAPSED = "lapsed"
    FAILED = "failed"
    REVOKED = "revoked"


class CaseStatus(StrEnum):
    """Whether someone can act on a case now, it waits for time or others, or it is over."""
    ACTIVE = "active"
    WAITING = "waiting"
    CLOSED = "closed"


class Measures(StrEnum):
    """Which management measures a case runs under (Art 24): the 2022 trial measures, which the
    current ones repealed, or the current ones. A case keeps the version it started under."""
    TRIAL_2022 = "2022-trial"  # 《网络市场监管与服务示范区创建管理办法（试行）》, 2022-04-26
    CURRENT = "2024"           # 《网络市场监管与服务示范区创建管理办法》 (seeds/002)


MEASURES_TITLES = {  # the titles as SAMR issued them (data, not translated)
    Measures.TRIAL_2022: "《网络市场监管与服务示范区创建管理办法（试行）》（2022年4月26日印发）",
    Measures.CURRENT: "《网络市场监管与服务示范区创建管理办法》",
}


class Hold(StrEnum):
    """Why a case is held: a failed step (incident), or an administrator suspended it."""
    ERRORED = "errored"
    SUSPENDED = "suspended"


STAGES = tuple(Stage)
END_STAGES = tuple(EndStage)
STATUSES = tuple(CaseStatus)
MEASURES = tuple(Measures)
HOLDS = tuple(Hold)


class ProcessDefinition(db.Model):
    """One deployed version of a process: its spec is stored once here, never per case."""
    __tablename__ = "process_definitions"
    __table_args__ = (db.UniqueConstraint("key", "version", name="uq_definition_key_version"),)
    id = db.Column(db.Integer, primary_key=True)
    key = db.Column(db.String(100), nullable=False, index=True)
    version = db.Column(db.Integer, nullable=False)
    hash = db.Column(db.String(64), nullable=False)
    name = db.Column(db.String(200))
    # Large texts load only when asked for: specs and forms are parsed once per process
    # (engine/definitions/registry.py caches them), lists never need them.
    spec_json = db.deferred(db.Column(db.Text, nullable=False))     # serialised spec + called specs
    forms_json = db.deferred(db.Column(db.Text, nullable=False))    # {form name: JSON Schema}
    sources_json = db.deferred(db.Column(db.Text, nullable=False))  # {file name: XML text}
    deployed_at = db.Column(UTCDateTime, nullable=False)
    deployed_by = db.Column(db.String(64), nullable=False)


class Case(db.Model):
    """A candidate region's path through the programme: one process instance."""
    __tablename__ = "cases"
    id = db.Column(db.Integer, primary_key=True)
    region_id = db.Column(db.Integer, db.ForeignKey("orgs.id"), nullable=False, index=True)
    province_id = db.Column(db.Integer, db.ForeignKey("orgs.id"), nullable=False, index=True)
    round_id = db.Column(db.Integer, db.ForeignKey("rounds.id"), index=True)
    # Art 12/17: the evaluation round the latest evaluation application went to.
    evaluation_round_id = db.Column(db.Integer, db.ForeignKey("rounds.id"), index=True)
    definition_id = db.Column(db.Integer, db.ForeignKey("process_definitions.id"), nullable=False)
    stage = db.Column(db.String(32), nullable=False, index=True)
    status = db.Column(db.String(16), nullable=False)
    state_json = db.deferred(db.Column(db.Text, nullable=False))  # loaded by lock_case only
    # Timers are rows: the scheduler asks for cases whose next_timer_at has passed.
    next_timer_at = db.Column(UTCDateTime, index=True)
    created_at = db.Column(UTCDateTime, nullable=False)
    updated_at = db.Column(UTCDateTime, nullable=False)
    created_by = db.Column(db.String(64), nullable=False)
    lock_version = db.Column(db.Integer, nullable=False)
    # None, or why nobody may move the case: "errored" (open incident) or "suspended".
    hold = db.Column(db.String(16))
    # The indicator system (bpmn/indicators/<key>.json) the case is scored under: set at
    # creation approval from the then current version and kept when a newer one appears.
    indicator_system = db.Column(db.String(50))
    # Art 24: the management measures (models.process.Measures) in force when the case started.
    measures = db.Column(db.String(20), nullable=False, server_default=Measures.CURRENT.value)

    region = db.relationship("Org", foreign_keys=[region_id], lazy="joined")
    definition = db.relationship("ProcessDefinition")

    # Optimistic locking: a stale writer's UPDATE matches no row and fails.
    __mapper_args__ = {"version_id_col": lock_version}
