"""Links sent by e-mail: accepting an invitation and resetting a forgotten password."""

from __future__ import annotations

import logging

from flask import current_app, flash, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_user

from models import db, tokens
from models.base import commit
from models.tokens import Purpose, TokenRefused
from models.user import find_user_by_email

from ..htmx import client_redirect, render
from . import second_factor, throttle
from .account_mail import send_after_response
from .forms import ForgotPasswordForm, NewPasswordForm
from .routes import bp, home_url
from .throttle import limiter

logger = logging.getLogger("samnod")

REFUSED = {
    "unknown": (404, _l("This link is not valid. Check that all of it was copied.")),
    "used": (410, _l("This link has already been used. Each link works only once.")),
    "expired": (410, _l("This link has expired.")),
}


def _refused(purpose: Purpose, error: TokenRefused):
    """The page for a link that cannot be used, with what to do next."""
    status, message = REFUSED[error.reason]
    return render(
        "auth/link_refused.html",
        "auth/link_refused.html",
        status=status,
        message=message,
        invite=purpose == Purpose.INVITE,
    )


def _choose_password(purpose: Purpose, token: str, form: NewPasswordForm, user):
    status = 422 if form.errors else 200
    return render(
        "auth/choose_password.html",
        "auth/choose_password.html",
        status=status,
        form=form,
        invite=purpose == Purpose.INVITE,
        token=token,
        user=user,
    )


def _spend_link(token: str, purpose: Purpose):
    """Check the link and the chosen password, then use the link up and set the
    password (which ends every session of the account). Return the account, or
    None and the page to answer with."""
    try:
        link = tokens.check(token, purpose)
    except TokenRefused as error:
        return None, _refused(purpose, error)
    form = NewPasswordForm()
    if not form.validate_on_submit():
        return None, _choose_password(purpose, token, form, link.user)
    user = link.user
    try:
        tokens.spend(link)
    except TokenRefused as error:
        db.session.rollback()
        return None, _refused(purpose, error)
    user.set_password(form.new.data)
    return user, None


@bp.route("/invite/<token>", methods=["GET", "POST"])
def accept_invitation(token: str):
    """Let an invited person choose a password, then sign them in."""
    user, answer = _spend_link(token, Purpose.INVITE)
    if user is None:
        return answer
    user.signed_in()
    db.session.commit()
    login_user(user)
    logger.info("Invitation accepted: user %s", user.id)
    flash(_("Welcome to Samnod, %(name)s. Your password is saved.", name=user.name))
    # An admin or office account goes on to set up two-step sign-in.
    return client_redirect(second_factor.landing(user, home_url(user)))


def _limit(name: str, default: str):
    return lambda: current_app.config.get(name, default)


@bp.route("/password/forgot", methods=["GET", "POST"])
@limiter.limit(_limit("RESET_LIMIT_IP", "10 per 15 minutes"), methods=["POST"])
@limiter.limit(
    _limit("RESET_LIMIT_ACCOUNT", "3 per hour"),
    methods=["POST"],
    key_func=throttle.reset_account_key,
)
def forgot_password():
    """Mail a reset link if the address has an account; answer the same either way."""
    form = ForgotPasswordForm()
    if not form.validate_on_submit():
        status = 422 if form.errors else 200
        return render("auth/forgot.html", "auth/forgot.html", status=status, form=form)
    user = find_user_by_email(form.email.data)
    if user is not None and user.active:
        token = tokens.issue(user, Purpose.RESET)
        commit()
        send_after_response(user.id, Purpose.RESET.value, token)
    flash(
        _(
            "If %(email)s belongs to an account, a link to choose a new password "
            "is on its way there. It works once, within an hour.",
            email=form.email.data.strip(),
        )
    )
    return client_redirect(url_for("auth.login"))


@bp.route("/password/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    """Choose a new password from a reset link; every session of the account ends."""
    user, answer = _spend_link(token, Purpose.RESET)
    if user is None:
        return answer
    db.session.commit()
    logger.info("Password reset: user %s", user.id)
    flash(_("Your password is changed and every session ended. Sign in with it."))
    return client_redirect(url_for("auth.login"))
