"""The sign-in throttle: Flask-Limiter counting in Samnod's database.

Three limits guard `POST /login` (see README, "Sign-in throttling"):
- per client address, across accounts (`LOGIN_LIMIT_IP`);
- per account *from one origin* (`LOGIN_LIMIT_ACCOUNT`): the origin is the browser
  when it carries a known-device cookie for that account, else the client address,
  so wrong passwords typed elsewhere never lock the owner out;
- per account from anywhere (`LOGIN_LIMIT_ACCOUNT_WIDE`), a higher cap on guessing
  from many addresses, which a known device of the account does not count against.
Every attempt is counted as it arrives; a sign-in that works is given back.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import Response, current_app, request, url_for
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

import models  # noqa: F401 - registers the samnod+db:// storage scheme
from models.user import normalise_email

# Keyed by the TCP peer address, never by X-Forwarded-For, so a forged header
# cannot reset the count. Behind a proxy, wrap the app in ProxyFix with the
# number of trusted hops (see README).
limiter = Limiter(key_func=get_remote_address, storage_uri="samnod+db://")

DEVICE_COOKIE = "samnod_device"
DEVICE_COOKIE_AGE = 400 * 24 * 3600  # the longest lifetime browsers keep


def _account() -> str:
    # A digest keeps the counter key short and bounded whatever is typed.
    email = normalise_email(request.form.get("email", ""))
    return hashlib.sha256(email.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def _signature(token: str, account: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    message = f"samnod-known-device\0{token}\0{account}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def _device_token() -> str | None:
    """The browser's known-device token for the account named in the form, if any."""
    token, _, signature = request.cookies.get(DEVICE_COOKIE, "").partition(".")
    if token and hmac.compare_digest(signature, _signature(token, _account())):
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


def remember_device(response: Response) -> Response:
    """Mark this browser as a known device of the account that just signed in."""
    token = _device_token() or secrets.token_urlsafe(16)
    response.set_cookie(
        DEVICE_COOKIE,
        f"{token}.{_signature(token, _account())}",
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
