"""Who may do what: the one server-side authorisation mechanism every route uses."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from models import Organisation, Role, User, db
from models.organisation import get_member_by_slug


def role_required(*roles: Role) -> Callable:
    """Let signed-in users with one of these roles through; others get 403."""

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator


# Admins administer (users, organisations, lists): no node writing, no triage.
central_required = role_required(Role.CENTRAL)
office_required = role_required(Role.CENTRAL, Role.ADMIN)
admin_required = role_required(Role.ADMIN)


def can_write_node(user: User, org: Organisation) -> bool:
    """Only a coordinator writes, and only in their own organisation's node."""
    return user.coordinates(org)


def can_triage(user: User) -> bool:
    """Only the county office triages."""
    return user.is_authenticated and user.role == Role.CENTRAL


def load_node(slug: str) -> Organisation:
    """Return a member's node or abort 404."""
    org = get_member_by_slug(slug)
    if org is None:
        abort(404)
    return org


def load_node_for_write(slug: str) -> Organisation:
    """Return a member's node the current user may write in, or abort 404/403."""
    org = load_node(slug)
    if not can_write_node(current_user, org):
        abort(403)
    return org


def load_or_404(model: type, ident: int):
    """Load a row by primary key or abort 404."""
    return db.get_or_404(model, ident)
