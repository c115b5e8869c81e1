"""Signatures of webhook deliveries (docs/api.md, "Webhooks"): HMAC-SHA256 with the
subscription's secret over `{timestamp}.{body}`, sent as `X-DZ-Signature: sha256=<hex>`
with `X-DZ-Timestamp` (Unix seconds); a receiver refuses timestamps older than the replay
window."""
import hashlib
import hmac
import secrets

REPLAY_WINDOW = 300  # seconds


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify(secret: str, timestamp: str, body: bytes, signature: str, now: float,
           window: int = REPLAY_WINDOW) -> bool:
    """What a receiver does: the timestamp is recent and the signature matches."""
    try:
        moment = int(timestamp)
    except ValueError:
        return False
    if abs(now - moment) > window:
        return False
    return hmac.compare_digest(sign(secret, moment, body), signature)
