"""Two-step sign-in: codes from an authenticator app (TOTP, RFC 6238) and
single-use recovery codes.

A secret is switched on only once a code made from it has been typed. Each code
works once: the time step of the last accepted code is kept, and one UPDATE that
matches only an older step accepts a code, so two requests with the same code
cannot both pass (the same for a recovery code, spent by one UPDATE). Recovery
codes are stored as sha256 digests only, as the e-mailed links are (tokens.py).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import time
from datetime import datetime

import pyotp
from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, db, utcnow
from .user import User

ISSUER = "Samnod"
STEP_SECONDS = 30
DRIFT = 1  # one step either way: a phone's clock a little off still works
RECOVERY_CODES = 10
# No 0/o, 1/l/i: a code written down on paper is read back without doubt.
_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
_RECOVERY_LENGTH = 10
_TOTP = re.compile(r"[0-9]{6}")
_RECOVERY = re.compile(rf"[{_ALPHABET}]{{{_RECOVERY_LENGTH}}}")
_SEPARATORS = re.compile(r"[\s-]")


class RecoveryCode(Base):
    """One single-use recovery code of an account, as a digest."""

    __tablename__ = "recovery_codes"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    code_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None]

    __table_args__ = (Index("ix_recovery_codes_user", "user_id", "code_hash"),)


class CodeRefused(ValueError):  # noqa: N818 - a domain refusal, not a crash
    """The code does not open the account; `reason` is "wrong", "reused", "used"
    or "required" (it may not be switched off)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def normalise(code: str) -> str:
    """The code as typed, without spaces and hyphens, lower-cased."""
    return _SEPARATORS.sub("", code or "").lower()


def is_app_code(code: str) -> bool:
    """True for six digits (0-9 only), the shape of an authenticator app's code."""
    return _TOTP.fullmatch(normalise(code)) is not None


def is_recovery_code(code: str) -> bool:
    """True for the shape of a recovery code (ten letters and digits)."""
    return _RECOVERY.fullmatch(normalise(code)) is not None


def new_secret() -> str:
    """A fresh random secret for an authenticator app (160 bits, base32)."""
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    """The otpauth:// address a QR code carries to the app."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def _step_now() -> int:
    return int(time.time()) // STEP_SECONDS


def _matching_step(secret: str, code: str) -> int | None:
    """The time step (now, or one either side) whose code this is, else None."""
    code = normalise(code)
    if not is_app_code(code):
        return None
    totp = pyotp.TOTP(secret)
    now = _step_now()
    for step in range(now - DRIFT, now + DRIFT + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def _accept_step(user: User, step: int) -> bool:
    """Record `step` as used, only when it is newer than the last one used."""
    accepted = db.session.execute(
        db.update(User)
        .where(
            User.id == user.id,
            db.or_(User.mfa_last_step.is_(None), User.mfa_last_step < step),
        )
        .values(mfa_last_step=step)
        .execution_options(synchronize_session=False)
    ).rowcount
    if accepted == 1:
        user.mfa_last_step = step
    return accepted == 1


def check_app_code(user: User, code: str) -> None:
    """Accept a current app code once; raise CodeRefused ("wrong" or "reused")."""
    step = _matching_step(user.mfa_secret or "", code)
    if step is None:
        raise CodeRefused("wrong")
    if not _accept_step(user, step):
        raise CodeRefused("reused")


def _digest(code: str) -> str:
    return hashlib.sha256(normalise(code).encode()).hexdigest()


def use_recovery_code(user: User, code: str) -> None:
    """Spend one of the account's recovery codes; raise CodeRefused if it cannot."""
    digest = _digest(code)
    spent = db.session.execute(
        db.update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == digest,
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    if spent == 1:
        return
    known = db.session.scalar(
        db.select(RecoveryCode.id).where(
            RecoveryCode.user_id == user.id, RecoveryCode.code_hash == digest
        )
    )
    raise CodeRefused("used" if known else "wrong")


def check_code(user: User, code: str) -> str:
    """Accept an app code or a recovery code; return which ("app" or "recovery")."""
    if is_recovery_code(code):
        use_recovery_code(user, code)
        return "recovery"
    check_app_code(user, code)
    return "app"


def recovery_codes_left(user: User) -> int:
    """How many of the account's recovery codes are still unused."""
    return db.session.scalar(
        db.select(db.func.count())
        .select_from(RecoveryCode)
        .where(RecoveryCode.user_id == user.id, RecoveryCode.used_at.is_(None))
    )


def _issue_recovery_codes(user: User) -> list[str]:
    """Replace the account's recovery codes with ten new ones; return them."""
    db.session.execute(db.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [
        "".join(secrets.choice(_ALPHABET) for _ in range(_RECOVERY_LENGTH))
        for _ in range(RECOVERY_CODES)
    ]
    db.session.add_all(
        RecoveryCode(user_id=user.id, code_hash=_digest(code)) for code in codes
    )
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def enable(user: User, secret: str, code: str) -> list[str]:
    """Switch two-step sign-in on when `code` comes from `secret`; return the
    recovery codes (shown once). Raise CodeRefused("wrong") and change nothing
    otherwise."""
    step = _matching_step(secret, code)
    if step is None:
        raise CodeRefused("wrong")
    user.mfa_secret, user.mfa_last_step = secret, step
    return _issue_recovery_codes(user)


def regenerate_recovery_codes(user: User, code: str) -> list[str]:
    """New recovery codes (the old ones stop working), confirmed with a code."""
    check_code(user, code)
    return _issue_recovery_codes(user)


def disable(user: User, code: str) -> None:
    """Switch two-step sign-in off, confirmed with a code; never when required."""
    if user.mfa_required:
        raise CodeRefused("required")
    check_code(user, code)
    _clear(user)


def _clear(user: User) -> None:
    user.mfa_secret, user.mfa_last_step = None, None
    db.session.execute(db.delete(RecoveryCode).where(RecoveryCode.user_id == user.id))


def reset(user: User) -> None:
    """Forget the account's app and recovery codes (it lost both) and end its
    sessions; it sets two-step sign-in up again at its next sign-in if required."""
    _clear(user)
    user.rotate_session()
