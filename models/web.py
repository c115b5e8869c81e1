"""What the pages keep beside the workflow: drafts of task forms and uploaded documents."""
from models import db
from models.types import UTCDateTime


class Draft(db.Model):
    """A task form saved before submission: one per task (the last save wins)."""
    __tablename__ = "drafts"
    id = db.Column(db.Integer, primary_key=True)
    task_id = db.Column(db.Integer, db.ForeignKey("human_tasks.id"), nullable=False, unique=True)
    saved_by = db.Column(db.String(64), nullable=False)
    saved_at = db.Column(UTCDateTime, nullable=False)
    data = db.Column(db.JSON, nullable=False)


class Document(db.Model):
    """An uploaded file. The bytes live once on disk under their SHA-256 (FILES_DIR);
    a row per upload says who sent which name for which case."""
    __tablename__ = "documents"
    id = db.Column(db.Integer, primary_key=True)
    case_id = db.Column(db.Integer, db.ForeignKey("cases.id"), nullable=False, index=True)
    task_id = db.Column(db.Integer, db.ForeignKey("human_tasks.id"))
    field = db.Column(db.String(100))
    sha256 = db.Column(db.String(64), nullable=False, index=True)
    filename = db.Column(db.String(255), nullable=False)
    content_type = db.Column(db.String(100), nullable=False)
    size = db.Column(db.Integer, nullable=False)
    uploaded_by = db.Column(db.String(64), nullable=False)
    uploaded_at = db.Column(UTCDateTime, nullable=False)

    @property
    def reference(self):
        """How a form field names the document (the forms ask for "附件编号或下载链接")."""
        return f"doc:{self.id}"
