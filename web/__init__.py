"""The Flask application: pages for people, API v1 for systems, one service layer."""
from pathlib import Path

from flask import Flask, request, session
from flask_babel import get_locale

from engine import clock
from engine.config import configure
from engine.scoring import catalog
from models import db
from models.process import Measures
from models.sqlite import tune_sqlite
from web import errors, inputs, outboxes, security
from web.config import Config
from web.extensions import babel, csrf, limiter, login_manager, migrate
from web.labels import milestone_label, stage_label, system_name, zone_label

MIGRATIONS = str(Path(__file__).resolve().parent.parent / "migrations")
LANGUAGES = ("zh_CN", "en")


def select_locale():
    """`?lang=` (kept in the session for pages), then, for the API, Accept-Language; else
    zh-CN. Pages do not follow Accept-Language: the product is Chinese first, and a browser
    set to English still gets the Chinese pages until the user picks English."""
    api = request.path.startswith("/api/")
    chosen = request.args.get("lang") or (None if api else session.get("lang"))
    if chosen in LANGUAGES:
        if not api:
            session["lang"] = chosen
        return chosen
    if api and request.accept_languages:
        best = request.accept_languages.best_match(("zh-CN", "zh", "en"))
        return "en" if best == "en" else "zh_CN"
    return "zh_CN"


MAIL_TLS = ("starttls", "ssl", "none")


def mail_settings(config):
    if config["MAIL_TLS"] not in MAIL_TLS:
        raise ValueError(f"MAIL_TLS must be one of {', '.join(MAIL_TLS)}")
    return {key.lower(): config[key] for key in ("MAIL_HOST", "MAIL_PORT", "MAIL_TLS", "MAIL_SENDER",
                                                  "MAIL_USERNAME", "MAIL_PASSWORD", "MAIL_TIMEOUT",
                                                  "MAIL_CA_FILE", "MAIL_BASE_URL")}


def create_app(config=None):
    app = Flask(__name__, instance_relative_config=True)
    app.url_map.converters["int"] = inputs.IdConverter  # before any route is added
    app.config.from_object(Config)
    if config:
        app.config.update(config)
    mail_config = mail_settings(app.config)  # a wrong MAIL_TLS stops the start before anything else
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    app.config["FILES_DIR"] = app.config["FILES_DIR"] or str(Path(app.instance_path) / "files")
    if app.config["SESSION_COOKIE_SECURE"] is None:  # cookies over HTTPS only, but in development
        app.config["SESSION_COOKIE_SECURE"] = not (app.config["ADJUSTABLE_CLOCK"] or app.debug)
    if not app.config["SQLALCHEMY_DATABASE_URI"]:
        app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{Path(app.instance_path) / 'dzbpm.sqlite'}"

    db.init_app(app)
    migrate.init_app(app, db, directory=MIGRATIONS)
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    login_manager.init_app(app)
    limiter.init_app(app)
    login_manager.login_view = "pages.login"
    app.jinja_env.globals["get_locale"] = get_locale
    app.jinja_env.globals.update(stage_label=stage_label, milestone_label=milestone_label,
                                 zone_label=zone_label, system_name=system_name)
    with app.app_context():
        tune_sqlite(db.engine)

    # The adjustable clock's offset lives in the database: web workers and the scheduler share it.
    clock.use(clock.AdjustableClock(store=clock.DatabaseOffset()) if app.config["ADJUSTABLE_CLOCK"]
              else clock.Clock())
    configure(main_process=app.config["MAIN_PROCESS"], case_defaults={
        "notice_period": app.config["NOTICE_PERIOD"],
        "max_creation_period": app.config["MAX_CREATION_PERIOD"]},
        creation_period_exception_cap=app.config["CREATION_PERIOD_EXCEPTION_CAP"],
        script_steps=app.config["SCRIPT_STEPS"], script_seconds=app.config["SCRIPT_SECONDS"],
        script_memory_mb=app.config["SCRIPT_MEMORY_MB"], measures=Measures(app.config["MEASURES"]).value,
        webhook_private_networks=bool(app.config["WEBHOOK_PRIVATE_NETWORKS"]),
        **mail_config)  # an unknown MEASURES stops the start (ValueError)
    for key in ("NOTICE_PERIOD", "MAX_CREATION_PERIOD", "CREATION_PERIOD_EXCEPTION_CAP"):
        clock.duration_parts(app.config[key])  # a duration the timers would refuse stops the start
    # A broken indicator file stops the start (IndicatorSystemError); warnings stay on the systems.
    catalog.load(app.config["INDICATORS_DIR"], app.config["INDICATOR_SYSTEM"])

    from web import api, auth, cli, pages  # noqa: F401  (auth registers the user loader)
    smorest = api.Api(app)
    api.register(smorest)
    for blueprint in app.blueprints.values():  # the API takes bearer tokens, never cookies
        csrf.exempt(blueprint)
    for blueprint in pages.BLUEPRINTS:
        app.register_blueprint(blueprint)
    for module in (errors, inputs, cli, security, outboxes):
        module.register(app)
    return app
