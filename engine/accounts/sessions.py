"""Page sessions end together: each session's id carries the user's session version
(models.User.get_id), which the web layer's user loader compares with the stored one.
Raising the version ends every session of the user, on every device: a logout means
"log out everywhere", and a password change (engine.accounts.passwords) raises it too."""
from engine.audit import record
from engine.tx import transactional
from models import User


def end_all(user: User) -> None:
    """Raise the version in the caller's transaction (no commit)."""
    user.session_version = (user.session_version or 0) + 1


@transactional
def log_out(user: User) -> User:
    end_all(user)
    record(user, "user_logged_out", detail={"sessions": "all"})
    return user
