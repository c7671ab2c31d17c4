"""The administrator's rules for accounts: invite, change, deactivate, reactivate.

Which organisation a role belongs to, that an address has one account, that
the association always keeps an active administrator, and that every change is
written to the admin log (`changes`, kind "user").
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from . import mfa
from .base import db
from .changelog import log_change
from .organisation import Organisation, OrgKind
from .tokens import Purpose, issue
from .user import Role, User, find_user_by_email, normalise_email
from .workflow import RuleBroken

OFFICE_ROLES = frozenset({Role.CENTRAL, Role.ADMIN})
WRONG_ORGANISATION = {
    Role.COORDINATOR: _l("A coordinator belongs to a member organisation."),
    Role.PRACTITIONER: _l("A practitioner belongs to a member organisation."),
    Role.CENTRAL: _l("County office staff belong to the county office."),
    Role.ADMIN: _l("An administrator belongs to the county office."),
}


def role_fits(role: Role, org: Organisation) -> bool:
    """The office's roles belong to the office; the others to a member."""
    return (org.kind == OrgKind.OFFICE) == (role in OFFICE_ROLES)


def _check_placement(role: Role, org: Organisation, moved: bool) -> None:
    if not role_fits(role, org):
        raise RuleBroken(WRONG_ORGANISATION[role], field="organisation")
    if moved and org.has_left:
        raise RuleBroken(
            _l("%(name)s has left the association.", name=org.name),
            field="organisation",
        )


def check_email_free(email: str, user: User | None = None) -> None:
    """Refuse an address another account has, whatever its case."""
    other = find_user_by_email(email)
    if other is not None and other is not user:
        raise RuleBroken(
            _l("That e-mail address already has an account."), field="email"
        )


def invite(
    actor: User, name: str, email: str, role: Role, org: Organisation
) -> tuple[User, str]:
    """Create an account without a password; return it and its invitation secret."""
    check_email_free(email)
    _check_placement(role, org, moved=True)
    user = User(
        name=name.strip(),
        email=normalise_email(email),
        role=role,
        organisation=org,
        password_hash="",
    )
    db.session.add(user)
    db.session.flush()
    log_change(actor, "user", f"{user.id}/invited", "", user.email)
    return user, issue(user, Purpose.INVITE)


def resend_invitation(actor: User, user: User) -> str:
    """Give an account that has no password yet a new invitation link."""
    if user.has_password:
        raise RuleBroken(_l("%(name)s has already chosen a password.", name=user.name))
    if not user.active:
        raise RuleBroken(_l("Reactivate the account before inviting again."))
    log_change(actor, "user", f"{user.id}/invitation", "", user.email)
    return issue(user, Purpose.INVITE)


def _active_admin_ids() -> list[int]:
    # FOR UPDATE on PostgreSQL: two admins demoting each other at once are serialised.
    return list(
        db.session.scalars(
            db.select(User.id)
            .where(User.role == Role.ADMIN, User.active)
            .with_for_update()
        )
    )


def _is_last_admin(user: User) -> bool:
    return user.role == Role.ADMIN and _active_admin_ids() == [user.id]


def change(actor: User, user: User, name: str, role: Role, org: Organisation) -> None:
    """Change an account's name, role and organisation, keeping the rules."""
    if role != user.role and _is_last_admin(user) and user.active:
        raise RuleBroken(
            _l("The last active administrator must keep the role."), field="role"
        )
    _check_placement(role, org, moved=org.id != user.organisation_id)
    subject = str(user.id)
    log_change(actor, "user", f"{subject}/name", user.name, name.strip())
    log_change(actor, "user", f"{subject}/role", user.role.value, role.value)
    log_change(
        actor, "user", f"{subject}/organisation", user.organisation.name, org.name
    )
    user.name, user.role, user.organisation = name.strip(), role, org


def why_not_deactivate(actor: User, user: User):
    """The reason the actor may not deactivate the account, or None."""
    if user.id == actor.id:
        return _l("You cannot deactivate your own account.")
    if not user.active:
        return _l("%(name)s is already deactivated.", name=user.name)
    if _is_last_admin(user):
        return _l("The last active administrator cannot be deactivated.")
    return None


def why_not_reactivate(_actor: User, user: User):
    """The reason the account cannot be reactivated, or None."""
    if user.active:
        return _l("%(name)s is already active.", name=user.name)
    return None


def deactivate(actor: User, user: User) -> None:
    """Block the account and end its sessions; never oneself or the last admin."""
    refusal = why_not_deactivate(actor, user)
    if refusal:
        raise RuleBroken(refusal)
    user.deactivate()
    log_change(actor, "user", f"{user.id}/active", "active", "inactive")


def reactivate(actor: User, user: User) -> None:
    """Let a deactivated account sign in again."""
    refusal = why_not_reactivate(actor, user)
    if refusal:
        raise RuleBroken(refusal)
    user.reactivate()
    log_change(actor, "user", f"{user.id}/active", "inactive", "active")


def why_not_reset_mfa(user: User):
    """The reason the account's two-step sign-in cannot be reset, or None."""
    if not user.mfa_enabled:
        return _l("%(name)s does not use two-step sign-in.", name=user.name)
    return None


def reset_mfa(actor: User, user: User) -> None:
    """Forget the account's authenticator app and recovery codes (a lost phone);
    its sessions end, and a role that requires it sets it up at the next sign-in."""
    refusal = why_not_reset_mfa(user)
    if refusal:
        raise RuleBroken(refusal)
    mfa.reset(user)
    log_change(actor, "user", f"{user.id}/mfa", "on", "off")
