"""Configuration read from the environment (see API.md, "Running for demos and tests")."""
import os
import secrets
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _flag(name):
    return os.environ.get(name, "").lower() in ("1", "true", "yes")


def _optional_flag(name):
    """True or False when the variable is set, None when it is not (a default applies)."""
    return _flag(name) if os.environ.get(name, "") != "" else None


class Config:
    SECRET_KEY = os.environ.get("SECRET_KEY") or secrets.token_hex(32)
    SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL")  # default set in create_app
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    ADJUSTABLE_CLOCK = _flag("ADJUSTABLE_CLOCK")
    BPMN_DIR = os.environ.get("BPMN_DIR", str(ROOT / "bpmn"))
    MAIN_PROCESS = os.environ.get("MAIN_PROCESS", "zone_lifecycle")
    # Rules that are configuration, not code; new cases start with them in their data.
    NOTICE_PERIOD = os.environ.get("NOTICE_PERIOD", "P15D")                # Art 15
    MAX_CREATION_PERIOD = os.environ.get("MAX_CREATION_PERIOD", "P3Y")     # Art 9
    # Art 9 "generally": how much longer SAMR may let a creation period be, by exception.
    CREATION_PERIOD_EXCEPTION_CAP = os.environ.get("CREATION_PERIOD_EXCEPTION_CAP", "P2Y")
    # Diagram code of one engine step: steps, seconds and extra memory it may spend.
    SCRIPT_STEPS = int(os.environ.get("SCRIPT_STEPS", 1_000_000))
    SCRIPT_SECONDS = float(os.environ.get("SCRIPT_SECONDS", 0.25))
    SCRIPT_MEMORY_MB = int(os.environ.get("SCRIPT_MEMORY_MB", 256))
    # Indicator systems (Art 11): loaded and validated at start; cases approved from now on
    # are scored under INDICATOR_SYSTEM (default: the newest key) and keep it.
    INDICATORS_DIR = os.environ.get("INDICATORS_DIR", str(ROOT / "bpmn" / "indicators"))
    INDICATOR_SYSTEM = os.environ.get("INDICATOR_SYSTEM") or None
    # Art 24: the management measures new cases start under (2024: the current ones, 2022-trial:
    # the repealed trial measures); a case keeps its own.
    MEASURES = os.environ.get("MEASURES", "2024")
    # Webhooks may reach loopback and private addresses only when this is 1 (tests, one-host setups).
    WEBHOOK_PRIVATE_NETWORKS = os.environ.get("WEBHOOK_PRIVATE_NETWORKS") == "1"
    PDF_FONT = os.environ.get("PDF_FONT", "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
    # Mail of notifications (docs/deploy.md): no MAIL_HOST, no mail (the outbox keeps it).
    MAIL_HOST = os.environ.get("MAIL_HOST") or None
    MAIL_PORT = int(os.environ.get("MAIL_PORT", 25))
    MAIL_TLS = os.environ.get("MAIL_TLS", "none").lower()  # starttls, ssl or none
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "noreply@demo.invalid")
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME") or None
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD") or None
    MAIL_TIMEOUT = float(os.environ.get("MAIL_TIMEOUT", 10))
    MAIL_CA_FILE = os.environ.get("MAIL_CA_FILE") or None
    MAIL_BASE_URL = os.environ.get("MAIL_BASE_URL", "http://127.0.0.1:5000")
    API_TOKEN_MAX_AGE = int(os.environ.get("API_TOKEN_MAX_AGE", 8 * 3600))
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    FILES_DIR = os.environ.get("FILES_DIR")  # uploaded documents; default: instance/files
    SESSION_COOKIE_HTTPONLY = True
    # Unset: on, except in development (the adjustable clock or debug mode: `make run` on
    # http://127.0.0.1); create_app decides. Set it to 0 or 1 to choose.
    SESSION_COOKIE_SECURE = _optional_flag("SESSION_COOKIE_SECURE")
    SESSION_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = int(os.environ.get("SESSION_LIFETIME", 30 * 60))
    BABEL_DEFAULT_LOCALE = "zh_CN"
    # flask-smorest: the OpenAPI document at /api/v1/openapi.json
    API_TITLE = "Demonstration Zone BPM"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api/v1"
    OPENAPI_JSON_PATH = "openapi.json"
