"""常用语: each user's common phrases for opinions, with their office's defaults until they
keep a list of their own. Bounded: at most MAX_PHRASES, each one line of MAX_LENGTH."""
from engine import clock, text
from engine.audit import record
from engine.errors import InvalidInput, Text
from engine.tx import transactional
from models import User, UserPhrases, db

MAX_PHRASES = 50
MAX_LENGTH = 200

# What an office of each role writes most often; the first role the user holds decides.
DEFAULTS = {
    "applicant": ("已按要求准备材料，请审核。", "已补正，请审核。", "情况属实。"),
    "member_unit": ("已按要求完成。", "情况属实。"),
    "province": ("材料齐全，同意推荐。", "同意。", "请补正后重新提交。", "不符合申报条件，不予推荐。"),
    "samr": ("同意。", "研究决定同意。", "请补正后重新提交。", "不同意。"),
    "expert": ("同意。", "符合评估要求。", "请补正后重新提交。"),
}
GENERAL = ("同意。", "材料齐全，同意推荐。", "请补正后重新提交。")


def defaults(user: User) -> list[str]:
    for m in user.roles:
        if m.role in DEFAULTS:
            return list(DEFAULTS[m.role])
    return list(GENERAL)


def of(user: User) -> tuple[list[str], bool]:
    """The user's phrases and whether they are the office defaults."""
    row = db.session.get(UserPhrases, user.id)
    return (list(row.phrases), False) if row is not None else (defaults(user), True)


def _checked(phrases: object) -> list[str]:
    if not isinstance(phrases, list):
        raise InvalidInput("phrases must be a list of texts", {"phrases": ["must be a list"]})
    if len(phrases) > MAX_PHRASES:
        raise InvalidInput("at most {max_phrases} phrases", {"phrases": [Text("at most {max_phrases} phrases", max_phrases=MAX_PHRASES)]}, max_phrases=MAX_PHRASES)
    kept: list[str] = []
    for i, phrase in enumerate(phrases):
        field = f"phrases.{i}"
        if not isinstance(phrase, str) or not phrase.strip():
            raise InvalidInput("a phrase is empty", {field: ["must be a non-empty text"]})
        phrase = phrase.strip()
        if len(phrase) > MAX_LENGTH:
            raise InvalidInput("a phrase is longer than {max_length} characters",
                               {field: [Text("at most {max_length} characters", max_length=MAX_LENGTH)]}, max_length=MAX_LENGTH)
        text.check({field: phrase}, one_line=(field,))
        if phrase not in kept:  # a phrase listed twice is one choice
            kept.append(phrase)
    return kept


@transactional
def put(actor: User, phrases: object) -> list[str]:
    """Replace the user's list (an empty list keeps no phrase at all; `reset` brings the
    office defaults back)."""
    kept = _checked(phrases)
    row = db.session.get(UserPhrases, actor.id)
    if row is None:
        row = UserPhrases(user_id=actor.id, phrases=kept, updated_at=clock.now())
        db.session.add(row)
    else:
        row.phrases, row.updated_at = kept, clock.now()
    record(actor, "phrases_updated", detail={"count": len(kept)})
    return kept


@transactional
def reset(actor: User) -> list[str]:
    """Back to the office defaults."""
    UserPhrases.query.filter_by(user_id=actor.id).delete()
    record(actor, "phrases_updated", detail={"count": None, "defaults": True})
    return defaults(actor)
