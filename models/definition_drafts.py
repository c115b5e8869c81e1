"""The next version of a process while an administrator prepares it: edited diagrams and forms."""
from models import db
from models.types import UTCDateTime


class DefinitionDraft(db.Model):
    """One per process key: the files and forms that differ from its latest version.

    `files` {name: XML text} replace the deployed files of the same name; `forms`
    {form name: JSON Schema} replace or add forms. Deploying the draft deletes it."""
    __tablename__ = "definition_drafts"
    id = db.Column(db.Integer, primary_key=True)
    key = db.Column(db.String(100), nullable=False, unique=True)
    based_on_version = db.Column(db.Integer, nullable=False)
    files = db.Column(db.JSON, nullable=False)
    forms = db.Column(db.JSON, nullable=False)
    updated_by = db.Column(db.String(64), nullable=False)
    updated_at = db.Column(UTCDateTime, nullable=False)
