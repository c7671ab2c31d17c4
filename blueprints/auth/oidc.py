"""Signing in with a member organisation's own account (OpenID Connect).

Authlib does the protocol: the authorization code flow with PKCE (S256), `state`
and `nonce`, and it checks the ID token's signature against the provider's keys;
Samnod also demands its `iss` and `aud`. The providers: oidc_providers.py.
"""

from __future__ import annotations

import logging

import requests
from authlib.integrations.flask_client import OAuthError
from flask import abort, flash, request, session
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_user
from joserfc.errors import ExpiredTokenError, JoseError

from models import db, identity
from models.identity import IdentityRefused

from ..htmx import client_redirect, render
from ..mail import absolute_url
from .oidc_providers import Provider, client_for, client_name, providers
from .routes import bp, home_url, safe_next

logger = logging.getLogger("samnod")

_NEXT = "oidc_next"


@bp.context_processor
def _buttons() -> dict:
    return {"oidc_providers": list(providers().values())}


@bp.route("/login/oidc", defaults={"name": ""})
@bp.route("/login/oidc/<name>")
def oidc_login(name: str):
    """Send the browser to the provider's sign-in page."""
    provider = providers().get(name) or abort(404)
    session[_NEXT] = safe_next(request.args.get("next", "")) or ""
    client = client_for(provider)
    # The address registered with the provider: SAMNOD_BASE_URL, as in e-mail,
    # whatever host or proxy the request came through.
    callback = absolute_url("auth.oidc_callback")
    try:
        return client.authorize_redirect(callback)
    except (requests.RequestException, ValueError, KeyError, RuntimeError) as error:
        logger.warning("OpenID Connect %s does not answer: %r", provider.issuer, error)
        return _refused("unreachable")


def _state_key(provider: Provider) -> str:
    """Where Authlib keeps a sign-in's state, PKCE verifier and nonce."""
    return f"_state_{client_name(provider)}_{request.args.get('state', '')}"


def _provider_of_state() -> Provider | None:
    for provider in providers().values():
        if _state_key(provider) in session:
            return provider
    return None


@bp.route("/login/oidc/callback")
def oidc_callback():
    """Finish the provider's sign-in: check the answer, then sign the person in."""
    if not providers():
        abort(404)
    provider = _provider_of_state()
    error = request.args.get("error")
    if error:  # the provider's refusal; some send it without the state
        logger.info("OpenID Connect: the provider answered %.100r", error)
        if provider is not None:
            session.pop(_state_key(provider), None)
        return _refused("denied" if error == "access_denied" else "provider")
    if provider is None:
        return _refused("state")
    if not request.args.get("code"):
        session.pop(_state_key(provider), None)
        return _refused("state")
    try:
        claims = _verified_claims(provider)
        user = identity.account_for(claims)
    except SignInRefused as refusal:
        return _refused(refusal.reason)
    except IdentityRefused as refusal:
        logger.info(
            "OpenID Connect: no account for %s (%s)", refusal.email, refusal.reason
        )
        return _refused(refusal.reason, email=refusal.email)
    return _sign_in(user, provider)


class SignInRefused(Exception):  # noqa: N818 - a refusal, not a crash
    """The provider's answer cannot be used; `reason` picks the page."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _verified_claims(provider: Provider) -> dict:
    client = client_for(provider)
    options = {
        "iss": {"essential": True, "value": provider.issuer},
        "aud": {"essential": True, "value": provider.client_id},
    }
    try:
        token = client.authorize_access_token(claims_options=options)
        return _with_userinfo(client, token)
    except OAuthError as error:
        logger.warning(
            "OpenID Connect %s: %s %s", provider.issuer, error.error, error.description
        )
        raise SignInRefused(_oauth_refusal(error)) from error
    except ExpiredTokenError as error:
        raise SignInRefused("expired") from error
    except JoseError as error:
        logger.warning(
            "OpenID Connect %s: ID token refused: %r", provider.issuer, error
        )
        raise SignInRefused("token") from error
    except requests.RequestException as error:
        logger.warning("OpenID Connect %s does not answer: %r", provider.issuer, error)
        raise SignInRefused("unreachable") from error
    except (ValueError, KeyError, RuntimeError) as error:
        logger.warning("OpenID Connect %s: unusable answer: %r", provider.issuer, error)
        raise SignInRefused("provider") from error


def _with_userinfo(client, token: dict) -> dict:
    """The ID token's claims; when it names no address, the provider's userinfo
    endpoint is asked (AD FS and some Keycloak set-ups put it only there)."""
    if not token.get("userinfo"):  # no ID token at all: not OpenID Connect
        raise SignInRefused("token")
    claims = dict(token["userinfo"])
    if "email" not in claims and client.load_server_metadata().get("userinfo_endpoint"):
        extra = client.userinfo(token=token)
        if extra.get("sub") == claims["sub"]:  # OIDC Core 5.3.2
            claims = {**extra, **claims}
    return claims


def _oauth_refusal(error: OAuthError) -> str:
    if error.error in ("mismatching_state", "invalid_grant"):
        return "state"  # e.g. a code from another sign-in, or used twice
    return "provider"


def _sign_in(user, provider: Provider):
    accepted = identity.sign_in(user)
    db.session.commit()
    login_user(user)  # no second factor asked: the provider answers for it
    logger.info(
        "Signed in with OpenID Connect (%s): user %s%s",
        provider.issuer,
        user.id,
        ", invitation accepted" if accepted else "",
    )
    if accepted:
        flash(_("Welcome to Samnod, %(name)s.", name=user.name))
    target = safe_next(session.pop(_NEXT, "") or "") or home_url(user)
    return client_redirect(target)


REFUSALS = {
    "state": (
        400,
        _l("The sign-in could not be completed"),
        _l(
            "The answer from the sign-in service does not belong to a sign-in "
            "started in this browser, or it was already used. Start again from "
            "the sign-in page."
        ),
    ),
    "denied": (
        403,
        _l("The sign-in was cancelled"),
        _l(
            "The sign-in service did not sign you in (you may have cancelled). "
            "You can try again or sign in with your password."
        ),
    ),
    "provider": (
        502,
        _l("The sign-in service gave an answer Samnod cannot use"),
        _l(
            "Try again in a moment. If it keeps happening, tell your "
            "organisation's IT department or the county office."
        ),
    ),
    "token": (
        400,
        _l("The sign-in could not be verified"),
        _l(
            "The proof of who you are was not issued for Samnod by your "
            "organisation's sign-in service, so Samnod cannot trust it. Start "
            "again from the sign-in page."
        ),
    ),
    "expired": (
        400,
        _l("The sign-in has expired"),
        _l("The proof of who you are is no longer valid. Start again."),
    ),
    "unreachable": (
        503,
        _l("The sign-in service does not answer"),
        _l(
            "Your organisation's sign-in service cannot be reached just now. Try "
            "again in a moment, or sign in with your password."
        ),
    ),
    "unverified": (
        403,
        _l("Your e-mail address is not verified"),
        _l(
            "Your organisation's sign-in service does not confirm your e-mail "
            "address, so Samnod cannot tell which account is yours. Ask your "
            "organisation's IT department, or sign in with your password."
        ),
    ),
    "unknown": (
        403,
        _l("There is no Samnod account for you"),
        _l(
            "Samnod has no active account for that address. Accounts are made by "
            "the association's administrator at the county office (kansliet): "
            "ask them to invite you, with the address your organisation uses."
        ),
    ),
}


def _refused(reason: str, email: str = ""):
    status, title, message = REFUSALS[reason]
    return render(
        "auth/oidc_refused.html",
        "auth/oidc_refused.html",
        status=status,
        title=title,
        message=message,
        email=email,
    )
