"""Single-use links sent by e-mail: an invitation (72 h) and a password reset (1 h).

Only a digest of each secret is stored (sha256 of a `secrets.token_urlsafe(32)`),
so the table alone opens no account. A link is spent by one UPDATE that matches
only an unspent, unexpired row: two requests with the same link cannot both use it.
"""

from __future__ import annotations

import enum
import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .base import Base, db, utcnow
from .user import User, _enum


class Purpose(enum.StrEnum):
    """What a link lets its holder do."""

    INVITE = "invite"
    RESET = "reset"


LIFETIME = {Purpose.INVITE: timedelta(hours=72), Purpose.RESET: timedelta(hours=1)}
_LONGEST = 100  # a token_urlsafe(32) is 43 characters; longer is forged


class AccountToken(Base):
    """One link sent to one account: its digest, purpose, expiry and use."""

    __tablename__ = "account_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    purpose: Mapped[Purpose] = mapped_column(_enum(Purpose))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    __table_args__ = (Index("ix_account_tokens_user", "user_id", "purpose"),)

    @property
    def expired(self) -> bool:
        """True once the link's lifetime has passed."""
        return self.expires_at <= utcnow()


class TokenRefused(ValueError):  # noqa: N818 - a domain refusal, not a crash
    """The link cannot be used; `reason` is "unknown", "used" or "expired"."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def issue(user: User, purpose: Purpose) -> str:
    """Make a new link for the account; its earlier unspent ones stop working."""
    now = utcnow()
    db.session.execute(
        db.update(AccountToken)
        .where(
            AccountToken.user_id == user.id,
            AccountToken.purpose == purpose,
            AccountToken.used_at.is_(None),
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    token = secrets.token_urlsafe(32)
    db.session.add(
        AccountToken(
            user_id=user.id,
            purpose=purpose,
            token_hash=_digest(token),
            created_at=now,
            expires_at=now + LIFETIME[purpose],
        )
    )
    return token


def check(token: str, purpose: Purpose) -> AccountToken:
    """Return the link's row when it may be used now, else raise TokenRefused."""
    row = None
    if token and len(token) <= _LONGEST:
        row = db.session.scalar(
            db.select(AccountToken).where(
                AccountToken.token_hash == _digest(token),
                AccountToken.purpose == purpose,
            )
        )
    if row is None or not row.user.active:
        raise TokenRefused("unknown")
    if row.used_at is not None:
        raise TokenRefused("used")
    if row.expired:
        raise TokenRefused("expired")
    return row


def spend(row: AccountToken) -> None:
    """Use the link up, or raise TokenRefused when another request just did."""
    now = utcnow()
    spent = db.session.execute(
        db.update(AccountToken)
        .where(
            AccountToken.id == row.id,
            AccountToken.used_at.is_(None),
            AccountToken.expires_at > now,
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if spent != 1:
        raise TokenRefused("used")


def pending_invitation(user: User) -> AccountToken | None:
    """The account's latest invitation that can still be used, if any."""
    return db.session.scalar(
        db.select(AccountToken)
        .where(
            AccountToken.user_id == user.id,
            AccountToken.purpose == Purpose.INVITE,
            AccountToken.used_at.is_(None),
            AccountToken.expires_at > utcnow(),
        )
        .order_by(AccountToken.id.desc())
        .limit(1)
    )


def last_invitation(user: User) -> AccountToken | None:
    """The account's latest invitation, spent or not."""
    return db.session.scalar(
        db.select(AccountToken)
        .where(AccountToken.user_id == user.id, AccountToken.purpose == Purpose.INVITE)
        .order_by(AccountToken.id.desc())
        .limit(1)
    )


def use_up_invitations(user: User) -> int:
    """Spend every unspent invitation of the account (it was accepted another
    way); return how many there were."""
    return db.session.execute(
        db.update(AccountToken)
        .where(
            AccountToken.user_id == user.id,
            AccountToken.purpose == Purpose.INVITE,
            AccountToken.used_at.is_(None),
        )
        .values(used_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
