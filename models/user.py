"""Users, their roles and the server-side session token."""

from __future__ import annotations

import enum
import hashlib
import secrets
from datetime import datetime

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from .base import Base, db, utcnow
from .organisation import Organisation

DEMO_PASSWORD = "samnod-demo"  # noqa: S105 - public demo password, refused outside seed-demo
MIN_PASSWORD_LENGTH = 12


class Role(enum.StrEnum):
    """What a user may do."""

    COORDINATOR = "coordinator"
    CENTRAL = "central"
    PRACTITIONER = "practitioner"
    ADMIN = "admin"


class NotifyPreference(enum.StrEnum):
    """How a user wants e-mail about what concerns them."""

    IMMEDIATELY = "immediately"
    DIGEST = "digest"
    OFF = "off"


class Locale(enum.StrEnum):
    """Interface languages."""

    SV = "sv"
    EN = "en"


def _enum(kind: type[enum.Enum]):
    return db.Enum(
        kind,
        native_enum=False,
        length=20,
        values_callable=lambda e: [m.value for m in e],
    )


# Password accounts with these roles must use two-step sign-in (OWASP ASVS 5.0 L2).
MFA_ROLES = frozenset({Role.ADMIN, Role.CENTRAL})


class User(UserMixin, Base):
    """A person who signs in to Samnod."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(_enum(Role))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    active: Mapped[bool] = mapped_column(default=True)
    # None while an invited person has not chosen a password yet.
    # "" until an invited person chooses a password (matches no password)
    password_hash: Mapped[str] = mapped_column(String(255), default="")
    session_token: Mapped[str] = mapped_column(
        String(64), unique=True, default=lambda: secrets.token_urlsafe(32)
    )
    locale: Mapped[Locale] = mapped_column(_enum(Locale), default=Locale.SV)
    notify: Mapped[NotifyPreference] = mapped_column(
        _enum(NotifyPreference), default=NotifyPreference.IMMEDIATELY
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]
    # sha256 of the secret in the user's Atom feed address; None when revoked
    feed_token_hash: Mapped[str | None] = mapped_column(String(64))
    # Two-step sign-in (models/mfa.py): the authenticator app's secret once switched
    # on; the time step of the last code accepted (a code works once); and the
    # demo accounts' exemption from the requirement (set by seed-demo only).
    mfa_secret: Mapped[str | None] = mapped_column(String(64))
    mfa_last_step: Mapped[int | None]
    mfa_exempt: Mapped[bool] = mapped_column(default=False)

    organisation: Mapped[Organisation] = relationship(lazy="joined")

    __table_args__ = (
        db.Index("uq_users_email_lower", func.lower(email), unique=True),
        db.Index("uq_users_feed_token_hash", "feed_token_hash", unique=True),
    )

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    def get_id(self) -> str:
        """Identify the session by a token that rotates, never by the user id."""
        return self.session_token

    def set_password(self, password: str) -> None:
        """Store a strong hash of the password and end every other session."""
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        self.password_hash = generate_password_hash(password, method=method)
        self.rotate_session()

    def check_password(self, password: str) -> bool:
        """Return True when the password matches (never for an account without one)."""
        if not self.password_hash:
            return False
        return check_password_hash(self.password_hash, password)

    @property
    def has_password(self) -> bool:
        """False for an invited person who has not chosen a password yet."""
        return bool(self.password_hash)

    def signed_in(self) -> None:
        """Note the moment of a successful sign-in."""
        self.last_login_at = utcnow()

    def rotate_session(self) -> None:
        """Make every cookie issued so far worthless."""
        self.session_token = secrets.token_urlsafe(32)

    def issue_feed_token(self) -> str:
        """Give the user a new secret feed address; the old one stops working."""
        token = secrets.token_urlsafe(32)
        self.feed_token_hash = _digest(token)
        return token

    def revoke_feed_token(self) -> None:
        """Make the feed address stop working."""
        self.feed_token_hash = None

    def deactivate(self) -> None:
        """Block sign-in and end every session; the account is kept (arkivlagen)."""
        self.active = False
        self.rotate_session()
        self.revoke_feed_token()

    def reactivate(self) -> None:
        """Let the account sign in again (its old sessions stay ended)."""
        self.active = True

    @property
    def mfa_enabled(self) -> bool:
        """True when signing in with the password also asks for a code."""
        return self.mfa_secret is not None

    @property
    def mfa_required(self) -> bool:
        """True when the role must sign in with a second factor (not the demo's)."""
        return self.role in MFA_ROLES and not self.mfa_exempt

    def coordinates(self, org: Organisation) -> bool:
        """True when this user is a coordinator of that organisation."""
        return self.role == Role.COORDINATOR and self.organisation_id == org.id

    def __repr__(self) -> str:
        return f"<User {self.email}>"


def normalise_email(email: str) -> str:
    """Return the address trimmed and lower-cased, as it is stored."""
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    """Return the user with this address, ignoring case."""
    return db.session.scalar(
        db.select(User).where(func.lower(User.email) == normalise_email(email))
    )


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def find_user_by_feed_token(token: str) -> User | None:
    """Return the active user whose feed address carries this secret."""
    if not token or len(token) > 100:
        return None
    return db.session.scalar(
        db.select(User).where(User.feed_token_hash == _digest(token), User.active)
    )


def find_user_by_session(token: str) -> User | None:
    """Return the active user whose current session token this is."""
    return db.session.scalar(
        db.select(User).where(User.session_token == token, User.active)
    )
