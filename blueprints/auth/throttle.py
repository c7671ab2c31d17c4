"""The sign-in throttle: Flask-Limiter counting in Samnod's database.

Three limits guard `POST /login` (see README, "Sign-in throttling"):
- per client address, across accounts (`LOGIN_LIMIT_IP`);
- per account *from one origin* (`LOGIN_LIMIT_ACCOUNT`): the origin is the browser
  when it carries a known-device cookie for that account, else the client address,
  so wrong passwords typed elsewhere never lock the owner out;
- per account from anywhere (`LOGIN_LIMIT_ACCOUNT_WIDE`), a higher cap on guessing
  from many addresses, which a known device of the account does not count against.
Every attempt is counted as it arrives; a sign-in that works is given back.

The codes of two-step sign-in are limited the same way (`MFA_LIMIT_*`): the
account is the one whose password was just given (kept in the session until the
code comes), or the signed-in user's on the account page.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import Response, current_app, request, session, url_for
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

import models  # noqa: F401 - registers the samnod+db:// storage scheme
from models.mfa import is_app_code, is_recovery_code
from models.user import normalise_email

# Keyed by the TCP peer address, never by X-Forwarded-For, so a forged header
# cannot reset the count. Behind a proxy, wrap the app in ProxyFix with the
# number of trusted hops (see README).
limiter = Limiter(key_func=get_remote_address, storage_uri="samnod+db://")

DEVICE_COOKIE = "samnod_device"
DEVICE_COOKIE_AGE = 400 * 24 * 3600  # the longest lifetime browsers keep


def _account() -> str:
    # A digest keeps the counter key short and bounded whatever is typed.
    return account_digest(request.form.get("email", ""))


def _signature(token: str, account: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    message = f"samnod-known-device\0{token}\0{account}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _device_token(account: str | None = None) -> str | None:
    """The browser's known-device token for the account (by default the one
    named in the form), if any."""
    token, _, signature = request.cookies.get(DEVICE_COOKIE, "").partition(".")
    expected = _signature(token, account or _account())
    if token and hmac.compare_digest(signature, expected):
        return token
    return None


def account_origin_key() -> str:
    """Count an account's failures per known device, or else per client address."""
    token = _device_token()
    origin = f"device:{token}" if token else f"addr:{get_remote_address()}"
    return f"login:{_account()}:{origin}"


def account_key() -> str:
    """Count an account's failures from everywhere."""
    return f"login-account:{_account()}"


def is_known_device() -> bool:
    """True when the browser has signed in to the account in the form before."""
    return _device_token() is not None


def refund() -> None:
    """A sign-in that worked does not count: give back what each limit took.

    Every attempt is counted when it arrives (an atomic increment, checked
    against the limit at once), so attempts sent together cannot all pass a
    check made before any of them was counted. The store gives back in a
    transaction of its own: call this after the request's transaction has
    ended, or on SQLite it waits for the request's own write lock.
    """
    for request_limit in limiter.current_limits:
        limiter.limiter.hit(request_limit.limit, *request_limit.request_args, cost=-1)


def remember_device(response: Response, account: str | None = None) -> Response:
    """Mark this browser as a known device of the account that just signed in
    (named in the form, or `account` as `pending_account()` gives it)."""
    account = account or _account()
    token = _device_token(account) or secrets.token_urlsafe(16)
    response.set_cookie(
        DEVICE_COOKIE,
        f"{token}.{_signature(token, account)}",
        max_age=DEVICE_COOKIE_AGE,
        path=url_for("auth.login"),
        secure=current_app.config["SESSION_COOKIE_SECURE"],
        httponly=True,
        samesite="Lax",
    )
    return response


def reset_account_key() -> str:
    """Count requests for reset links per account, from everywhere."""
    return f"reset-account:{_account()}"


PENDING = "mfa_pending"  # the session key of a sign-in waiting for its code


def account_digest(email: str) -> str:
    """The account's key in the counters and the device cookie."""
    email = normalise_email(email)
    return hashlib.sha256(email.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def pending_account() -> str:
    """The account whose password was given and whose code is awaited ("" if none)."""
    pending = session.get(PENDING)
    return pending.get("account", "") if isinstance(pending, dict) else ""


def code_origin_key() -> str:
    """Count an account's wrong codes per known device, or else per address."""
    account = pending_account()
    token = _device_token(account) if account else None
    origin = f"device:{token}" if token else f"addr:{get_remote_address()}"
    return f"mfa:{account}:{origin}"


def code_account_key() -> str:
    """Count an account's wrong codes from everywhere."""
    return f"mfa-account:{pending_account()}"


def is_known_device_for_code() -> bool:
    """True when the browser has signed in to the awaiting account before."""
    account = pending_account()
    return bool(account) and _device_token(account) is not None


def signed_in_code_key() -> str:
    """Count a signed-in session's codes on the account page (new codes, off).

    Read from the session cookie, not the database: on SQLite a query here
    would take the request's write lock before the count could be written."""
    return f"mfa-session:{account_digest(str(session.get('_user_id', '')))}"


def not_a_code() -> bool:
    """True when the form's code has no code's shape: refused at the field, and
    not counted (it could never have opened the account)."""
    code = next(
        (v for k, v in request.form.items() if k == "code" or k.endswith("-code")), ""
    )
    return not (is_app_code(code) or is_recovery_code(code))


def not_a_signed_in_code() -> bool:
    """True unless a signed-in session sends something shaped like a code."""
    return "_user_id" not in session or not_a_code()
