"""Changing one's own password (the old one is asked again): old API tokens and every page
session of the user stop working (the caller signs its own session in again)."""
from engine.accounts import sessions
from engine.audit import record
from engine.errors import InvalidInput
from engine.tx import transactional
from models import User

MIN_LENGTH = 10


@transactional
def change(user: User, current: str | None, new: str | None, repeated: str | None) -> User:
    fields = {}
    if not user.check_password(current or ""):
        fields["current"] = ["wrong password"]
    if len(new or "") < MIN_LENGTH:
        fields["new"] = [f"at least {MIN_LENGTH} characters"]
    elif new == current:
        fields["new"] = ["must differ from the current password"]
    if new != repeated:
        fields["repeated"] = ["does not match"]
    if fields:
        raise InvalidInput("the password was not changed", fields)
    user.set_password(new)
    sessions.end_all(user)
    record(user, "user_password_changed", detail={"sessions": "ended"})
    return user
