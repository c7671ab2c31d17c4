"""The session's side of two-step sign-in, used by the password sign-in.

After the right password an account with two-step sign-in is *not* signed in:
the session only remembers who is waiting for their code and since when
(`throttle.PENDING`, a few minutes). A password sign-in of an account whose role
requires two-step sign-in, and that has not set it up, marks the session (bound
to the account's session token), which keeps it on the set-up page until it is
on. A sign-in with the organisation's own account (OpenID Connect) sets no mark:
the organisation's provider answers for its second factor.
"""

from __future__ import annotations

import hashlib
import logging
import time

from flask import Response, flash, session, url_for
from flask_babel import gettext as _
from flask_login import login_user

from models import User, db

from ..htmx import client_redirect
from . import throttle

logger = logging.getLogger("samnod")

PENDING_SECONDS = 5 * 60
SET_UP_DUE = "mfa_set_up_due"


def begin(user: User, target: str) -> Response:
    """The password was right: wait for the code (nobody is signed in yet)."""
    session[throttle.PENDING] = {
        "user": user.id,
        "at": int(time.time()),
        "account": throttle.account_digest(user.email),
        "next": target,
    }
    db.session.commit()  # nothing written; the refund writes in its own transaction
    throttle.refund()  # the password was right: only wrong ones count
    logger.info("Password right, code awaited: user %s", user.id)
    return client_redirect(url_for("auth.second_step"))


def pending_user() -> User | None:
    """The account waiting for its code, unless the wait has expired or the
    account can no longer sign in with one."""
    pending = session.get(throttle.PENDING)
    if not isinstance(pending, dict):
        return None
    if time.time() - pending.get("at", 0) > PENDING_SECONDS:
        return None
    user = db.session.get(User, pending.get("user") or 0)
    if user is None or not user.active or not user.mfa_enabled:
        return None
    return user


def forget_pending() -> None:
    """Drop a wait that has expired or ended."""
    session.pop(throttle.PENDING, None)


def finish(user: User) -> Response:
    """The code was right: sign in, give the attempts back, remember the browser."""
    pending = session.pop(throttle.PENDING)
    login_user(user)
    user.signed_in()
    db.session.commit()  # the refund writes in a transaction of its own
    throttle.refund()
    logger.info("Signed in with password and code: user %s", user.id)
    response = client_redirect(pending["next"])
    return throttle.remember_device(response, account=pending["account"])


def _mark(user: User) -> str:
    return hashlib.sha256(user.session_token.encode()).hexdigest()[:32]


def set_up_due() -> bool:
    """True when this session was marked, at a password sign-in, to set up
    two-step sign-in (read from the cookie alone: no query)."""
    return SET_UP_DUE in session


def must_set_up(user: User) -> bool:
    """True while a password session of a role that requires two-step sign-in
    has not set it up."""
    return (
        session.get(SET_UP_DUE) == _mark(user)
        and user.mfa_required
        and not user.mfa_enabled
    )


def set_up_done() -> None:
    """The session need not be held any longer (set up, or signed out since)."""
    session.pop(SET_UP_DUE, None)


def landing(user: User, target: str) -> str:
    """After a password sign-in without a code: go to the set-up page when the
    role requires two-step sign-in (and hold the session there), else `target`."""
    if user.mfa_required and not user.mfa_enabled:
        session[SET_UP_DUE] = _mark(user)
        flash(_("Your role requires two-step sign-in. Set it up to continue."))
        return url_for("auth.mfa")
    return target
