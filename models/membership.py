"""The administrator's rules for organisations and areas, each change logged.

A member that leaves is never deleted: its node, its history and the follow-up
keep it, but it is no longer offered for new work (users, spreads, areas). An
area is retired rather than deleted, for the same reason.
"""

from __future__ import annotations

import re
import unicodedata

from flask_babel import lazy_gettext as _l
from sqlalchemy import func

from .base import db
from .changelog import log_change
from .organisation import Area, Organisation
from .user import User
from .workflow import RuleBroken


def _names(orgs: list[Organisation]) -> str:
    return ", ".join(sorted(o.name for o in orgs))


def _name_taken(model: type, name: str, this: object | None) -> bool:
    other = db.session.scalar(
        db.select(model).where(func.lower(model.name) == name.strip().lower())
    )
    return other is not None and other is not this


def rename_organisation(
    actor: User, org: Organisation, name: str, short_name: str
) -> None:
    """Change an organisation's name and short name."""
    if _name_taken(Organisation, name, org):
        raise RuleBroken(
            _l("Another organisation already has that name."), field="name"
        )
    log_change(actor, "organisation", f"{org.slug}/name", org.name, name.strip())
    log_change(
        actor, "organisation", f"{org.slug}/short_name", org.short_name, short_name
    )
    org.name, org.short_name = name.strip(), short_name.strip()


def mark_left(actor: User, org: Organisation) -> None:
    """Record that a member has left the association; its history stays."""
    if not org.is_member:
        raise RuleBroken(_l("The county office cannot leave the association."))
    if not org.active:
        raise RuleBroken(_l("%(name)s has already left.", name=org.name))
    org.active = False
    log_change(actor, "organisation", f"{org.slug}/member", "member", "left")


def rejoin(actor: User, org: Organisation) -> None:
    """Make a member that had left a member again."""
    if org.active:
        raise RuleBroken(_l("%(name)s is a member.", name=org.name))
    org.active = True
    log_change(actor, "organisation", f"{org.slug}/member", "left", "member")


def slugify(name: str) -> str:
    """An address-safe key for a name: "Västra Mälardalen" → "vastra-malardalen"."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-")[:50] or "omrade"


def _free_slug(name: str) -> str:
    base, n = slugify(name), 1
    slug = base
    while db.session.scalar(db.select(Area.id).where(Area.slug == slug)) is not None:
        n += 1
        slug = f"{base}-{n}"
    return slug


def _check_area(area: Area | None, name: str, members: list[Organisation]) -> None:
    if _name_taken(Area, name, area):
        raise RuleBroken(_l("Another area already has that name."), field="name")
    kept = set(area.members) if area else set()
    if any(o.has_left and o not in kept for o in members):
        raise RuleBroken(
            _l("A member that has left cannot join an area."), field="members"
        )
    if any(not o.is_member for o in members):
        raise RuleBroken(_l("Only members can be in an area."), field="members")


def create_area(actor: User, name: str, members: list[Organisation]) -> Area:
    """Make a new area of members to spread to at once."""
    _check_area(None, name, members)
    area = Area(slug=_free_slug(name), name=name.strip(), members=members)
    db.session.add(area)
    db.session.flush()
    log_change(actor, "area", f"{area.slug}/name", "", area.name)
    log_change(actor, "area", f"{area.slug}/members", "", _names(members))
    return area


def change_area(
    actor: User, area: Area, name: str, members: list[Organisation]
) -> None:
    """Rename an area and choose its members; spreads to it follow at once."""
    _check_area(area, name, members)
    log_change(actor, "area", f"{area.slug}/name", area.name, name.strip())
    log_change(
        actor, "area", f"{area.slug}/members", _names(area.members), _names(members)
    )
    area.name, area.members = name.strip(), members


def retire_area(actor: User, area: Area) -> None:
    """Stop offering an area as a spread target; what was spread stays."""
    if not area.active:
        raise RuleBroken(_l("%(name)s is already retired.", name=area.name))
    area.active = False
    log_change(actor, "area", f"{area.slug}/active", "active", "retired")


def restore_area(actor: User, area: Area) -> None:
    """Offer a retired area again."""
    if area.active:
        raise RuleBroken(_l("%(name)s is in use.", name=area.name))
    area.active = True
    log_change(actor, "area", f"{area.slug}/active", "retired", "active")
