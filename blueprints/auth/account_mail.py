"""E-mail with a single-use link: an invitation or a password reset.

These messages carry a secret, so they do not wait in the notification outbox
(which would have to store the link in clear). They are composed and sent with
the outbox's own transport once the response has gone, so the answer takes as
long whether or not a mail leaves; when the SMTP server is down the failure is
logged and the person asks again (a new invitation, or a new reset link).
"""

from __future__ import annotations

import logging

from flask import Flask, after_this_request, current_app
from flask_babel import force_locale, gettext

from models import User, db

from ..mail import SEND_ERRORS, Transport, _message, absolute_url

logger = logging.getLogger("samnod")

# purpose: (endpoint of the link, hours it lives)
LINKS = {"invite": ("auth.accept_invitation", 72), "reset": ("auth.reset_password", 1)}


def compose(user: User, purpose: str, token: str):
    """Write the message in the reader's language."""
    endpoint, hours = LINKS[purpose]
    with force_locale(str(user.locale)):
        if purpose == "invite":
            subject = gettext("Samnod: you are invited to Samnod")
        else:
            subject = gettext("Samnod: choose a new password")
        ctx = {
            "user": user,
            "invite": purpose == "invite",
            "hours": hours,
            "url": absolute_url(endpoint, token=token),
            "login_url": absolute_url("auth.login"),
            "subject": subject,
            "lang": str(user.locale),
        }
        env = current_app.jinja_env
        text = env.get_template("mail/account_link.txt").render(ctx)
        html = env.get_template("mail/account_link.html").render(ctx)
    return _message(user.email, subject, text, html)


def send_after_response(user_id: int, purpose: str, token: str) -> None:
    """Mail the link once the response (and its committed transaction) is out."""

    @after_this_request
    def _later(response):
        app = current_app._get_current_object()
        response.call_on_close(lambda: _send(app, user_id, purpose, token))
        return response


def _send(app: Flask, user_id: int, purpose: str, token: str) -> None:
    with app.app_context():
        user = db.session.get(User, user_id)
        if user is None:
            return
        try:
            with Transport(app.config) as transport:
                transport.send(compose(user, purpose, token))
        except SEND_ERRORS:
            logger.exception(
                "The %s mail to user %s could not be sent", purpose, user_id
            )
        finally:
            db.session.rollback()
