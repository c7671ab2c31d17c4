"""Signing in and out, and the user's own account."""

from __future__ import annotations

import logging
import unicodedata
from urllib.parse import urlsplit, urlunsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.urls import iri_to_uri

from models import Role, db
from models.base import commit
from models.notification import mark_read, notifications_for, unread_count
from models.user import find_user_by_email, normalise_email

from ..htmx import client_redirect, is_fragment_request, render
from ..validators import whole_number
from . import second_factor, throttle
from .forms import LoginForm, PasswordForm, PreferencesForm
from .throttle import limiter

bp = Blueprint("auth", __name__)
logger = logging.getLogger("samnod")

HOME_BY_ROLE = {
    Role.CENTRAL: "inbox.index",
    Role.ADMIN: "admin.index",
    Role.PRACTITIONER: "methods.index",
}


def home_url(user) -> str:
    """Return the landing page for a user's role."""
    if user.role == Role.COORDINATOR:
        return url_for("nodes.show", slug=user.organisation.slug)
    return url_for(HOME_BY_ROLE[user.role])


def _limit(name: str) -> str:
    return current_app.config[name]


@bp.route("/")
def root():
    """Send signed-in users to their page and others to the sign-in form."""
    if current_user.is_authenticated:
        return redirect(home_url(current_user))
    return redirect(url_for("auth.login"))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(lambda: _limit("LOGIN_LIMIT_IP"), methods=["POST"])
@limiter.limit(
    lambda: _limit("LOGIN_LIMIT_ACCOUNT"),
    methods=["POST"],
    key_func=throttle.account_origin_key,
)
@limiter.limit(
    lambda: _limit("LOGIN_LIMIT_ACCOUNT_WIDE"),
    methods=["POST"],
    key_func=throttle.account_key,
    exempt_when=throttle.is_known_device,
)
def login():
    """Show the sign-in form; sign the user in when the address and password match."""
    form = LoginForm()
    if current_user.is_authenticated and request.method == "GET":
        return redirect(home_url(current_user))
    if not form.validate_on_submit():
        return render(
            "auth/login.html",
            "auth/_login_form.html",
            status=422 if form.errors else 200,
            form=form,
        )
    user = find_user_by_email(form.email.data)
    if user is None or not user.check_password(form.password.data) or not user.active:
        logger.info(
            "Failed sign-in for %s from %s",
            normalise_email(form.email.data),
            request.remote_addr,
        )
        form.password.errors.append(_("Wrong e-mail address or password."))
        return render("auth/login.html", "auth/_login_form.html", status=422, form=form)
    target = safe_next(request.args.get("next", "")) or home_url(user)
    if user.mfa_enabled:  # not signed in until the code comes (/login/mfa)
        return second_factor.begin(user, target)
    login_user(user)
    user.signed_in()
    db.session.commit()  # the refund writes in a transaction of its own
    throttle.refund()
    logger.info("Signed in: user %s", user.id)
    target = second_factor.landing(user, target)  # the MFA set-up, if required
    return throttle.remember_device(client_redirect(target))


# Browsers drop these in a URL, so "/<tab>/evil.example" means "//evil.example".
_IGNORED_IN_URLS = frozenset(("Cc", "Cf", "Zs", "Zl", "Zp"))


def safe_next(target: str) -> str | None:
    """Return `target` as a path on this site, or None when it could lead elsewhere."""
    cleaned = "".join(
        ch
        for ch in target
        if unicodedata.category(ch) not in _IGNORED_IN_URLS and not ch.isspace()
    )
    try:
        parts = urlsplit(cleaned)
    except ValueError:  # e.g. an unbalanced "[" read as an IPv6 host
        return None
    if (
        not cleaned.startswith("/")
        or cleaned.startswith("//")
        or "\\" in cleaned
        or parts.scheme
        or parts.netloc
    ):
        return None
    return iri_to_uri(urlunsplit(("", "", parts.path, parts.query, parts.fragment)))


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    """Sign out here and end the session on the server."""
    current_user.rotate_session()
    db.session.commit()
    logout_user()
    flash(_("You are signed out."))
    return client_redirect(url_for("auth.login"))


@bp.route("/account", methods=["GET"])
@login_required
def account():
    """Show the user's password and preference forms."""
    prefs = PreferencesForm(obj=current_user, formdata=None)
    return render(
        "auth/account.html",
        "auth/account.html",
        password_form=PasswordForm(),
        prefs_form=prefs,
    )


@bp.route("/account/password", methods=["POST"])
@login_required
def change_password():
    """Change the password; every other session ends."""
    form = PasswordForm()
    if form.validate_on_submit():
        if current_user.check_password(form.current.data):
            user = current_user._get_current_object()
            user.set_password(form.new.data)
            db.session.commit()
            login_user(user)
            flash(_("Your password is changed. You are signed out everywhere else."))
            return client_redirect(url_for("auth.account"))
        form.current.errors.append(_("That is not your current password."))
    prefs = PreferencesForm(obj=current_user, formdata=None)
    return render(
        "auth/account.html",
        "auth/account.html",
        status=422,
        password_form=form,
        prefs_form=prefs,
    )


@bp.route("/account/preferences", methods=["POST"])
@login_required
def save_preferences():
    """Save language and e-mail preferences."""
    form = PreferencesForm()
    if not form.validate_on_submit():
        return render(
            "auth/account.html",
            "auth/account.html",
            status=422,
            password_form=PasswordForm(formdata=None),
            prefs_form=form,
        )
    current_user.locale = form.locale.data
    current_user.notify = form.notify.data
    db.session.commit()
    flash(_("Your preferences are saved."))
    return client_redirect(url_for("auth.account"))


@bp.route("/account/feed", methods=["POST"])
@login_required
def issue_feed_token():
    """Make a new personal feed address (the old one stops working) and show it."""
    token = current_user.issue_feed_token()
    commit()
    flash(_("Your new feed address is ready. Copy it into your feed reader."))
    return _feed_section(url_for("methods.feed", token=token, _external=True))


@bp.route("/account/feed/revoke", methods=["POST"])
@login_required
def revoke_feed_token():
    """Make the personal feed address stop working."""
    current_user.revoke_feed_token()
    commit()
    flash(_("The feed address is revoked; feed readers using it get no more."))
    return _feed_section(None)


def _feed_section(feed_url: str | None):
    response = render(
        "auth/account.html",
        "auth/_feed.html",
        password_form=PasswordForm(formdata=None),
        prefs_form=PreferencesForm(obj=current_user, formdata=None),
        feed_url=feed_url,
    )
    response.headers["Cache-Control"] = "no-store"  # the secret is in the page
    return response


@bp.route("/healthz")
def healthz():
    """Answer 200 when the database answers, 503 when it does not."""
    try:
        db.session.execute(db.select(1))
    except SQLAlchemyError:
        logger.exception("Health check: the database does not answer")
        return jsonify(status="unavailable"), 503
    return jsonify(status="ok")


def unauthorized():
    """Send anonymous visitors to the sign-in form, then back where they were."""
    flash(_("Sign in to see that page."))
    target = request.full_path.rstrip("?")
    if request.method != "GET":
        # After signing in, go back to the page the form was on.
        referrer = urlsplit(request.referrer or "")
        same_host = referrer.netloc == request.host
        target = (
            (referrer.path + ("?" + referrer.query if referrer.query else ""))
            if same_host
            else None
        )
    return client_redirect(url_for("auth.login", next=target), reload=True)


@bp.route("/notifications")
@login_required
def notifications():
    """List what has happened that concerns the user."""
    items = notifications_for(current_user.id)
    return render("auth/notifications.html", "auth/_notifications.html", items=items)


@bp.route("/notifications/badge")
def notifications_badge():
    """The header's notification link with the unread count, for the htmx poll."""
    if not current_user.is_authenticated:
        # A tab left open after signing out gets a link that no longer polls.
        return render_template("auth/_badge.html", n=0, poll=False), 401
    n = unread_count(current_user.id)
    return render_template("auth/_badge.html", n=n, poll=True)


@bp.route("/notifications/read", methods=["POST"])
@login_required
def read_notifications():
    """Mark one notification (`id`) or all of them (`id=all`) as read."""
    ident = _notification_choice()
    mark_read(current_user.id, ident)
    commit()
    items = notifications_for(current_user.id)
    if ident is None:
        flash(_("All notifications are marked as read."))
    response = render(
        "auth/notifications.html", "auth/_notifications.html", items=items
    )
    if is_fragment_request():  # the header's count drops at once, out of band
        n = unread_count(current_user.id)
        badge = render_template("auth/_badge.html", n=n, poll=True, oob=True)
        response.set_data(response.get_data(as_text=True) + badge)
    return response


def _notification_choice() -> int | None:
    """The form's `id`: one notification's id, or None for "all"; else 400."""
    value = request.form.get("id", "all")  # pages rendered before `id=all` send none
    if value == "all":
        return None
    try:
        ident = whole_number(value)
    except ValueError:
        abort(400)
    if ident < 1:
        abort(400)
    return ident
