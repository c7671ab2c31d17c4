"""Two-step sign-in: the set-up page (`/account/mfa`), the sign-in's second step
(`/login/mfa`), and the rule that keeps a required set-up from being skipped."""

from __future__ import annotations

from flask import current_app, flash, request, session, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_required
from markupsafe import Markup

from models import db, mfa
from models.base import commit
from models.mfa import CodeRefused

from ..htmx import client_redirect, render
from . import second_factor, throttle
from .mfa_forms import CodeForm, SetUpForm
from .routes import bp, home_url
from .throttle import limiter

SETUP = "mfa_setup"  # the session key of a secret shown but not yet confirmed
REFUSED = {
    "wrong": _l(
        "That code is not right. Type the code the app shows now, or an unused "
        "recovery code."
    ),
    "reused": _l(
        "That code has already been used or is too old (reused or stale). Wait "
        "for the app's next code and type it."
    ),
    "used": _l("That recovery code has already been used. Each one works once."),
    "required": _l(
        "Two-step sign-in is required for your role and cannot be turned off."
    ),
}
EXPIRED = _l(
    "The sign-in has expired: the code must come within 5 minutes of the "
    "password. Sign in with your password again."
)
TOO_MANY = _l(
    "Too many attempts with codes. Wait 15 minutes and try again, or ask an "
    "administrator for help."
)
# Pages an account kept on the set-up page may still reach.
OPEN_DURING_SET_UP = frozenset(
    {
        "static",
        "auth.logout",
        "auth.healthz",
        "auth.notifications_badge",
        "auth.mfa",
        "auth.enable_mfa",
        "auth.regenerate_recovery_codes",
        "auth.disable_mfa",
    }
)


def _limit(name: str):
    return lambda: current_app.config[name]


@bp.before_app_request
def require_set_up():
    """Keep a password session whose role requires two-step sign-in on the set-up
    page until it is on."""
    if request.endpoint in OPEN_DURING_SET_UP or not second_factor.set_up_due():
        return None
    if current_user.is_authenticated and second_factor.must_set_up(current_user):
        flash(_("Your role requires two-step sign-in. Set it up to continue."))
        return client_redirect(url_for("auth.mfa"))
    second_factor.set_up_done()  # signed out or set up elsewhere since
    db.session.rollback()  # nothing written: let a rate limit count (SQLite)
    return None


# --- the sign-in's second step ---------------------------------------------


def _second_step_page(form: CodeForm, status: int = 200):
    form.code.data = ""  # a code is never shown again
    return render(
        "auth/login_mfa.html", "auth/_login_mfa_form.html", status=status, form=form
    )


def _too_many_at_sign_in(_limit):
    form = CodeForm()
    form.code.errors = [str(TOO_MANY)]
    return _second_step_page(form, 429)


def _not_counted() -> bool:
    return throttle.not_a_code() or throttle.is_known_device_for_code()


@bp.route("/login/mfa", methods=["GET", "POST"])
@limiter.limit(
    _limit("MFA_LIMIT_IP"),
    methods=["POST"],
    exempt_when=throttle.not_a_code,
    on_breach=_too_many_at_sign_in,
)
@limiter.limit(
    _limit("MFA_LIMIT_ACCOUNT"),
    methods=["POST"],
    key_func=throttle.code_origin_key,
    exempt_when=throttle.not_a_code,
    on_breach=_too_many_at_sign_in,
)
@limiter.limit(
    _limit("MFA_LIMIT_ACCOUNT_WIDE"),
    methods=["POST"],
    key_func=throttle.code_account_key,
    exempt_when=_not_counted,
    on_breach=_too_many_at_sign_in,
)
def second_step():
    """Ask for the code after the right password; sign in when it is right."""
    form = CodeForm()
    user = second_factor.pending_user()
    if user is None:
        second_factor.forget_pending()
        if not form.is_submitted():
            flash(_("Sign in with your e-mail address and password first."))
            return client_redirect(url_for("auth.login"))
        form.code.errors = [str(EXPIRED)]
        return _second_step_page(form, 422)
    if not form.validate_on_submit():
        return _second_step_page(form, 422 if form.errors else 200)
    try:
        how = mfa.check_code(user, form.code.data)
    except CodeRefused as refusal:
        db.session.rollback()
        form.code.errors.append(str(REFUSED[refusal.reason]))
        return _second_step_page(form, 422)
    if how == "recovery":
        left = mfa.recovery_codes_left(user)
        flash(
            ngettext(
                "You signed in with a recovery code; %(num)d is left. Make new "
                "ones on the two-step sign-in page.",
                "You signed in with a recovery code; %(num)d are left.",
                left,
            )
        )
    return second_factor.finish(user)


# --- the account's set-up page -----------------------------------------------


def _setup_secret(renew: bool = False) -> str:
    """The secret being set up in this session (a fresh one per account)."""
    kept = session.get(SETUP)
    if not renew and isinstance(kept, dict) and kept.get("user") == current_user.id:
        return kept["secret"]
    secret = mfa.new_secret()
    session[SETUP] = {"user": current_user.id, "secret": secret}
    return secret


def _qr_svg(uri: str) -> Markup:
    """The address as a QR code in SVG: paths only, no script or style attribute."""
    import segno

    svg = segno.make(uri, error="m").svg_inline(
        scale=4,
        dark="#000",
        light="#fff",
        title=_("QR code for your authenticator app"),
        svgclass="qr",
        lineclass=None,
    )
    return Markup(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S704 - segno escapes


def _mfa_page(status: int = 200, **forms):
    """The set-up page: how to switch on, or the codes and how to switch off."""
    user = current_user._get_current_object()
    ctx = {
        "setup_form": forms.get("setup_form") or SetUpForm(formdata=None),
        "renew_form": forms.get("renew_form")
        or CodeForm(prefix="renew", formdata=None),
        "off_form": forms.get("off_form") or CodeForm(prefix="off", formdata=None),
        "recovery_codes": forms.get("recovery_codes"),
        "error": forms.get("error"),
        "next_url": home_url(user),
    }
    for form in (ctx["setup_form"], ctx["renew_form"], ctx["off_form"]):
        form.code.data = ""  # a code is never shown again
    if user.mfa_enabled:
        ctx["codes_left"] = mfa.recovery_codes_left(user)
    else:
        secret = _setup_secret()
        ctx["secret_groups"] = [secret[i : i + 4] for i in range(0, len(secret), 4)]
        ctx["qr"] = _qr_svg(mfa.provisioning_uri(user, secret))
    return render("auth/mfa.html", "auth/mfa.html", status=status, **ctx)


def _too_many_on_page(_limit):
    return _mfa_page(429, error=TOO_MANY)


_SIGNED_IN_LIMIT = {
    "methods": ["POST"],
    "key_func": throttle.signed_in_code_key,
    "exempt_when": throttle.not_a_signed_in_code,
    "on_breach": _too_many_on_page,
}


@bp.route("/account/mfa", endpoint="mfa")
@login_required
def mfa_page():
    """Set up two-step sign-in, or see and change it."""
    return _mfa_page()


@bp.route("/account/mfa/enable", methods=["POST"])
@limiter.limit(_limit("MFA_LIMIT_ACCOUNT"), **_SIGNED_IN_LIMIT)
@login_required
def enable_mfa():
    """Switch two-step sign-in on with a first code; show the recovery codes once."""
    form = SetUpForm()
    user = current_user._get_current_object()
    if user.mfa_enabled:
        flash(_("Two-step sign-in is already on."))
        return client_redirect(url_for("auth.mfa"))
    if not form.validate_on_submit():
        return _mfa_page(422, setup_form=form)
    try:
        codes = mfa.enable(user, _setup_secret(), form.code.data)
    except CodeRefused as refusal:
        form.code.errors.append(str(REFUSED[refusal.reason]))
        return _mfa_page(422, setup_form=form)
    commit()
    session.pop(SETUP, None)
    second_factor.set_up_done()
    throttle.refund()
    flash(_("Two-step sign-in is on. Save your recovery codes now."))
    return _mfa_page(recovery_codes=codes)


def _confirmed_change(prefix: str, rule):
    """Run `rule(user, code)` when the form's code is right; the page either way."""
    form = CodeForm(prefix=prefix)
    user = current_user._get_current_object()
    if not user.mfa_enabled:
        flash(_("Two-step sign-in is off."))
        return None, client_redirect(url_for("auth.mfa"))
    if not form.validate_on_submit():
        return None, _mfa_page(422, **{f"{prefix}_form": form})
    try:
        result = rule(user, form.code.data)
    except CodeRefused as refusal:
        db.session.rollback()
        form.code.errors.append(str(REFUSED[refusal.reason]))
        return None, _mfa_page(422, **{f"{prefix}_form": form})
    commit()
    throttle.refund()
    return result, None


@bp.route("/account/mfa/recovery-codes", methods=["POST"])
@limiter.limit(_limit("MFA_LIMIT_ACCOUNT"), **_SIGNED_IN_LIMIT)
@login_required
def regenerate_recovery_codes():
    """Make ten new recovery codes (the old ones stop working), shown once."""
    codes, refused = _confirmed_change("renew", mfa.regenerate_recovery_codes)
    if refused is not None:
        return refused
    flash(_("New recovery codes are made; the old ones no longer work."))
    return _mfa_page(recovery_codes=codes)


@bp.route("/account/mfa/disable", methods=["POST"])
@limiter.limit(_limit("MFA_LIMIT_ACCOUNT"), **_SIGNED_IN_LIMIT)
@login_required
def disable_mfa():
    """Switch two-step sign-in off (only where the role does not require it)."""
    _result, refused = _confirmed_change("off", mfa.disable)
    if refused is not None:
        return refused
    flash(_("Two-step sign-in is off. Sign-in asks for your password only."))
    return client_redirect(url_for("auth.mfa"))
