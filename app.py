"""Samnod: the application factory."""

from __future__ import annotations

import gc
import logging
import os
import secrets

from flask import Flask, has_request_context, request
from flask_babel import Babel
from flask_login import LoginManager, current_user
from flask_migrate import Migrate
from flask_talisman import Talisman
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from blueprints import mail
from blueprints.auth.throttle import limiter
from models import Submission, base, db, events
from models.read import fulltext
from models.submission import SearchWord
from models.user import find_user_by_session

login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
migrate = Migrate()
talisman = Talisman()

CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "connect-src": "'self'",
    "form-action": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
}
LANGUAGES = ("sv", "en")
logger = logging.getLogger("samnod")


def create_app(test_config: dict | None = None) -> Flask:
    """Build a Samnod application."""
    app = Flask(__name__, instance_relative_config=True)
    _configure(app, test_config)
    _configure_logging()
    _init_extensions(app)
    _register_listeners()
    _register_blueprints(app)
    _register_hooks(app)
    _register_cli(app)
    # What start-up made (modules, models, routes) lives as long as the process:
    # keep the collector's full passes off it (they cost ~15 ms a page otherwise;
    # bench/README.md, "Collector"). Once per process: a test run builds many
    # apps, and freezing again would keep the earlier ones' garbage for good.
    if gc.get_freeze_count() == 0:
        gc.freeze()
    return app


def _configure(app: Flask, test_config: dict | None) -> None:
    os.makedirs(app.instance_path, exist_ok=True)
    app.config.from_mapping(
        SECRET_KEY=None,
        SQLALCHEMY_DATABASE_URI="sqlite:///"
        + os.path.join(app.instance_path, "samnod.sqlite"),
        SQLALCHEMY_ENGINE_OPTIONS={"pool_pre_ping": True},
        WTF_CSRF_TIME_LIMIT=None,
        MAX_CONTENT_LENGTH=2 * 1024 * 1024,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=True,
        REMEMBER_COOKIE_HTTPONLY=True,
        BABEL_DEFAULT_LOCALE="sv",
        BABEL_DEFAULT_TIMEZONE="Europe/Stockholm",
        RATELIMIT_HEADERS_ENABLED=True,
        LOGIN_LIMIT_IP="30 per 15 minutes",
        LOGIN_LIMIT_ACCOUNT="5 per 15 minutes",  # per account, from one origin
        LOGIN_LIMIT_ACCOUNT_WIDE="25 per 15 minutes",  # per account, from anywhere
        # Codes of two-step sign-in, counted as the password's are (throttle.py).
        MFA_LIMIT_IP="30 per 15 minutes",
        MFA_LIMIT_ACCOUNT="5 per 15 minutes",  # per account, from one origin
        MFA_LIMIT_ACCOUNT_WIDE="25 per 15 minutes",  # per account, from anywhere
        SAMNOD_BASE_URL="http://127.0.0.1:5000",
        SAMNOD_MAIL_HOST="",  # empty: mail is written to the log (development)
        SAMNOD_MAIL_PORT=25,
        SAMNOD_MAIL_USE_TLS=False,  # STARTTLS
        SAMNOD_MAIL_USE_SSL=False,  # SMTP over TLS from the start (port 465)
        SAMNOD_MAIL_USERNAME="",
        SAMNOD_MAIL_PASSWORD="",
        SAMNOD_MAIL_FROM="Samnod <samnod@localhost>",
        SAMNOD_MAIL_TIMEOUT=10,
    )
    if test_config is None:
        _ensure_instance_config(app)
        app.config.from_pyfile("config.py", silent=True)
    _apply_environment(app)
    if test_config is not None:
        app.config.from_mapping(test_config)
    if app.debug:
        app.config["SESSION_COOKIE_SECURE"] = False


def _configure_logging() -> None:
    # Samnod's own messages (sign-ins, mail, mail failures) reach stderr, which
    # gunicorn and cron keep, unless the host has set up logging already.
    if not logger.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
        )
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)


def _ensure_instance_config(app: Flask) -> None:
    path = os.path.join(app.instance_path, "config.py")
    if not os.path.exists(path):
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(f"SECRET_KEY = {secrets.token_hex(32)!r}\n")
        os.chmod(path, 0o600)


def _apply_environment(app: Flask) -> None:
    env = os.environ
    if env.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = env["SECRET_KEY"]
    if env.get("DATABASE_URL"):
        app.config["SQLALCHEMY_DATABASE_URI"] = env["DATABASE_URL"]
    if env.get("SAMNOD_COOKIE_SECURE"):
        app.config["SESSION_COOKIE_SECURE"] = env["SAMNOD_COOKIE_SECURE"] != "0"
    for key, value in env.items():
        if key.startswith(("SAMNOD_MAIL_", "SAMNOD_OIDC_")) or key == "SAMNOD_BASE_URL":
            app.config[key] = value


def _init_extensions(app: Flask) -> None:
    db.init_app(app)
    migrate.init_app(app, db, directory=os.path.join(app.root_path, "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=_select_locale)
    limiter.init_app(app)
    talisman.init_app(
        app,
        force_https=False,
        session_cookie_secure=app.config["SESSION_COOKIE_SECURE"],
        content_security_policy=CSP,
        referrer_policy="same-origin",
        frame_options="DENY",
    )
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.user_loader(find_user_by_session)


def _select_locale() -> str:
    if not has_request_context():
        return "sv"
    if current_user.is_authenticated:
        return str(current_user.locale)
    return (
        request.cookies.get("lang")
        if request.cookies.get("lang") in LANGUAGES
        else "sv"
    )


# Every SQLAlchemy listener Samnod has. Derived data is not kept by listeners:
# `models.events.record()` writes it with each event, and the rules that change
# money wrap the change in `models.money_tallies.kept()`.
LISTENERS = (
    (Engine, "connect", base.sqlite_on_connect),
    (Engine, "begin", base.sqlite_on_begin),
    (Session, "before_flush", events.refuse_event_changes),
    (Session, "do_orm_execute", events.refuse_bulk_event_writes),
    (Submission.__table__, "after_create", fulltext.create_objects),
    (Submission.__table__, "before_drop", fulltext.drop_objects),
    (SearchWord.__table__, "after_create", fulltext.create_objects),
    (SearchWord.__table__, "before_drop", fulltext.drop_objects),
    (db.session, "after_flush", mail.remember_new),
    (db.session, "after_commit", mail.committed),
    (db.session, "after_soft_rollback", mail.rolled_back),
)


def _register_listeners() -> None:
    """Register the listeners above, once per process (they are global)."""
    for target, name, listener in LISTENERS:
        if not event.contains(target, name, listener):
            event.listen(target, name, listener)


def _register_blueprints(app: Flask) -> None:
    from blueprints import admin, auth, followup, funds, inbox, methods, nodes
    from blueprints.errors import register_error_handlers
    from blueprints.validators import IdConverter

    app.url_map.converters["int"] = IdConverter

    for module in (auth, nodes, inbox, methods, followup, funds, admin):
        app.register_blueprint(module.bp)
    login_manager.unauthorized_handler(auth.routes.unauthorized)
    register_error_handlers(app)


def _register_hooks(app: Flask) -> None:
    from blueprints.htmx import add_vary_header
    from blueprints.http import ChunkedBodyLimit, no_store_when_signed_in
    from blueprints.mail import send_after_response
    from blueprints.ui import register_template_helpers
    from blueprints.validators import refuse_unusable_query

    app.wsgi_app = ChunkedBodyLimit(
        app.wsgi_app, lambda: app.config["MAX_CONTENT_LENGTH"]
    )
    app.before_request(refuse_unusable_query)
    app.after_request(add_vary_header)
    app.after_request(no_store_when_signed_in)
    app.after_request(send_after_response)
    register_template_helpers(app)


def _register_cli(app: Flask) -> None:
    from blueprints.admin import commands

    for command in (
        commands.seed_demo_command,
        commands.create_user_command,
        commands.send_mail_command,
        commands.send_digests_command,
        commands.send_reminders_command,
    ):
        app.cli.add_command(command)
