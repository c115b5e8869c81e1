"""A user's mail address and how their notifications reach them (immediate, digest, off)."""
import re
from typing import Any

from engine.audit import record
from engine.errors import InvalidInput
from engine.tx import transactional
from models import User
from models.mail import MailMode

# A plain address (local@domain.tld): no display names, no spaces, no control characters.
ADDRESS = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
MAX_ADDRESS = 254
MODES = tuple(MailMode)


def view(user: User) -> dict[str, Any]:
    return {"email": user.email, "mode": user.mail_mode}


def check_address(email: str | None) -> str | None:
    if email is None or email.strip() == "":
        return None
    email = email.strip()
    if len(email) > MAX_ADDRESS or not ADDRESS.match(email):
        raise InvalidInput("not an e-mail address", fields={"email": ["expected an address such as name@example.org"]})
    return email


@transactional
def change(user: User, mode: str, email: str | None = None, keep_email: bool = False) -> dict[str, Any]:
    """Set the mode and (unless `keep_email`) the address; an empty address means none."""
    if mode not in MODES:
        raise InvalidInput("mode must be one of {modes}", fields={"mode": ["unknown mode"]}, modes=', '.join(MODES))
    old = view(user)
    address = user.email if keep_email else check_address(email)
    if mode != MailMode.OFF and address is None:
        raise InvalidInput("mail needs an address", fields={"email": ["required unless mail is off"]})
    user.mail_mode, user.email = mode, address
    new = view(user)
    if new != old:
        record(user, "mail_preferences_changed", detail={"old": old, "new": new})
    return new
