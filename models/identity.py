"""Who a sign-in through a member's own identity provider (OpenID Connect) is.

The provider vouches for an e-mail address; Samnod trusts it only when the
provider says the address is verified, and only for an account that already
exists (no self-registration). An invited account is accepted by such a sign-in.
"""

from __future__ import annotations

from collections.abc import Mapping

from .tokens import use_up_invitations
from .user import User, find_user_by_email

# Entra ID sends no `email_verified`; its optional claim `xms_edov` says the
# address's domain is verified by the tenant's owner.
VERIFIED_CLAIMS = ("email_verified", "xms_edov")
_TRUE = (True, 1, "true", "True", "1")


class IdentityRefused(ValueError):  # noqa: N818 - a domain refusal, not a crash
    """No Samnod account for this identity; `reason` is "unverified" or "unknown"."""

    def __init__(self, reason: str, email: str):
        super().__init__(reason)
        self.reason = reason
        self.email = email


def verified_email(claims: Mapping[str, object]) -> str | None:
    """The address the provider vouches for, or None when it does not verify it."""
    email = claims.get("email")
    if not isinstance(email, str) or not email.strip() or len(email) > 254:
        return None
    if not any(claims.get(name) in _TRUE for name in VERIFIED_CLAIMS):
        return None
    return email.strip()


def account_for(claims: Mapping[str, object]) -> User:
    """The active account whose address the provider verified, else IdentityRefused.

    A deactivated account is refused as an unknown one, as the password form does.
    """
    email = verified_email(claims)
    if email is None:
        raised = claims.get("email")
        shown = raised if isinstance(raised, str) and len(raised) <= 254 else ""
        raise IdentityRefused("unverified", shown)
    user = find_user_by_email(email)
    if user is None or not user.active:
        raise IdentityRefused("unknown", email)
    return user


def sign_in(user: User) -> bool:
    """Note the sign-in; an invited account is thereby accepted (its invitation
    used up). Return True when it was an invitation's first sign-in."""
    accepted = not user.has_password and use_up_invitations(user) > 0
    user.signed_in()
    return accepted
