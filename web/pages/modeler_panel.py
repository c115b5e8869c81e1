"""What the modeler's properties panel offers in its selects, from the server: the forms of
the definition being edited (the deployed ones and its draft's, engine.definitions.drafts), the stage vocabulary of the API with its display names, the
deployed processes a call activity may name, and the settings a timer may read by name."""
from flask_babel import get_locale
from flask_babel import gettext as _

from engine.config import settings
from engine.definitions import drafts
from models import ProcessDefinition, db
from models.process import EndStage, Stage
from web.labels import stage_label


def panel_data(definition: ProcessDefinition) -> dict:
    keys = db.session.query(ProcessDefinition.key).distinct().order_by(ProcessDefinition.key)
    return {
        "forms": sorted(drafts.forms(definition.key)),
        "stages": [{"value": s.value, "label": str(stage_label(s.value))} for s in Stage],
        "end_stages": [{"value": s.value, "label": str(stage_label(s.value))} for s in EndStage],
        "processes": [key for (key,) in keys],
        "settings": {k: v for k, v in settings.case_defaults.items() if isinstance(v, str)},
        "words": {"round_evaluation": _("The open evaluation round")},
    }


def page_language() -> str:
    return "en" if str(get_locale()) == "en" else "zh-CN"
