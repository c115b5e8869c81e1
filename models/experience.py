"""Experience reports (经验总结, Art 19) and the experience library SAMR curates from them
(Art 20); support measures and pilots (支持举措、先行先试, Art 21) SAMR records per zone."""
from enum import StrEnum

from models import db
from models.types import UTCDateTime


class ExperienceStatus(StrEnum):
    SUBMITTED = "submitted"  # in SAMR's inbox
    PUBLISHED = "published"  # curated into the experience library, shown to the public


class SupportKind(StrEnum):
    """Art 21's fields of support, and pilots (先行先试)."""
    INFORMATISATION = "informatisation"  # 信息化建设
    MONITORING = "monitoring"            # 监管监测资源
    ENFORCEMENT = "enforcement"          # 执法协作
    TRAINING = "training"                # 人才培训
    COMMENDATION = "commendation"        # 推荐表扬表彰
    PILOT = "pilot"                      # 先行先试


EXPERIENCE_STATUSES = tuple(ExperienceStatus)
SUPPORT_KINDS = tuple(SupportKind)


class ExperienceReport(db.Model):
    __tablename__ = "experience_reports"
    id = db.Column(db.Integer, primary_key=True)
    case_id = db.Column(db.Integer, db.ForeignKey("cases.id"), nullable=False, index=True)
    title = db.Column(db.String(200), nullable=False)
    highlights = db.Column(db.Text, nullable=False)   # 工作亮点
    progress = db.Column(db.Text, nullable=False)     # 重大进展和重要成效
    practice = db.Column(db.Text, nullable=False)     # 可复制可推广的经验做法
    submitted_by = db.Column(db.String(64), nullable=False)
    submitted_at = db.Column(UTCDateTime, nullable=False)
    status = db.Column(db.String(16), nullable=False, default=ExperienceStatus.SUBMITTED)
    # what SAMR published in the library (Art 20)
    library_title = db.Column(db.String(200))
    summary = db.Column(db.Text)
    curated_by = db.Column(db.String(64))
    curated_at = db.Column(UTCDateTime)

    case = db.relationship("Case")


class SupportMeasure(db.Model):
    __tablename__ = "support_measures"
    id = db.Column(db.Integer, primary_key=True)
    case_id = db.Column(db.Integer, db.ForeignKey("cases.id"), nullable=False, index=True)
    kind = db.Column(db.String(32), nullable=False)
    title = db.Column(db.String(200), nullable=False)
    content = db.Column(db.Text, nullable=False)
    started_on = db.Column(db.Date, nullable=False)
    recorded_by = db.Column(db.String(64), nullable=False)
    recorded_at = db.Column(UTCDateTime, nullable=False)
