"""Error pages and htmx error fragments, in the user's language."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import Flask, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from models import db

from .htmx import is_fragment_request

logger = logging.getLogger("samnod")

MESSAGES = {
    400: (
        _l("Bad request"),
        _l(
            "The request could not be understood. Check what you entered and try again."
        ),
    ),
    403: (
        _l("Not allowed"),
        _l(
            "You do not have permission to do this. If you think you should, ask "
            "the county office or your administrator."
        ),
    ),
    404: (
        _l("Not found"),
        _l("The page or item you asked for does not exist. Check the address."),
    ),
    405: (_l("Not allowed"), _l("That method is not allowed here.")),
    409: (
        _l("Changed by someone else"),
        _l(
            "Someone else changed this while you were working. Reload to see the "
            "current state."
        ),
    ),
    413: (
        _l("Too large"),
        _l(
            "What you sent is larger than Samnod accepts (2 MB). Shorten the text "
            "and try again."
        ),
    ),
    422: (
        _l("Cannot be used"),
        _l("Something you entered cannot be used. Check it and try again."),
    ),
    429: (
        _l("Too many attempts"),
        _l("Too many attempts. Wait a while and try again."),
    ),
    500: (
        _l("Something went wrong"),
        _l(
            "Something went wrong on our side. What you did may not have been "
            "saved. Try again in a moment."
        ),
    ),
}
CSRF_MESSAGE = _l(
    "Your form was not accepted because its security token was missing or "
    "out of date. Reload the page and send it again; copy your text first."
)


def render_error(code: int, message: str | None = None, title: str | None = None):
    """Render an error as a page, or as a short message for the live region."""
    default_title, default_message = MESSAGES.get(code, MESSAGES[500])
    ctx = {
        "code": code,
        "title": title or default_title,
        "message": message or default_message,
    }
    if is_fragment_request():
        response = make_response(render_template("errors/_error.html", **ctx), code)
        response.headers["HX-Retarget"] = "#flashes"
        response.headers["HX-Reswap"] = "innerHTML"
        # A refused search keeps its address out of the history (it may hold
        # what was refused, such as a personal identity number).
        response.headers["HX-Push-Url"] = "false"
        return response
    return make_response(render_template("errors/error.html", **ctx), code)


def _http_error(error: HTTPException):
    code = error.code or 500
    # A view may abort with its own translated explanation; keep Werkzeug's
    # English defaults out of the page.
    if code == 429 and error.response is not None:  # the form, its message at a field
        return error.response
    custom = None
    if code != 429 and error.description != type(error).description:
        custom = error.description
    response = render_error(code if code in MESSAGES else 400, message=custom)
    response.status_code = code
    if code == 429 and getattr(error, "retry_after", None):
        response.headers["Retry-After"] = str(error.retry_after)
    return response


def _csrf_error(error: CSRFError):
    logger.warning("CSRF refused: %s", error.description)
    if not current_user.is_authenticated and _same_site_referrer():
        # The session expired while the user was writing: sign in again and go
        # back to the form, where the browser restores the unsaved text.
        from .auth.routes import unauthorized

        return unauthorized()
    return render_error(400, message=str(CSRF_MESSAGE))


def _same_site_referrer() -> bool:
    return urlsplit(request.referrer or "").netloc == request.host


def _server_error(error: Exception):
    if isinstance(error, HTTPException) and not isinstance(error, InternalServerError):
        return _http_error(error)
    logger.exception("Unhandled error", exc_info=error)
    # A failed flush (SQLite's "database is locked") leaves the session needing
    # a rollback; the page asks who is signed in and would fail in turn.
    db.session.rollback()
    return render_error(500)


def register_error_handlers(app: Flask) -> None:
    """Install the handlers for every error code Samnod answers with."""
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _server_error)
