"""@mentions in the office's internal notes: who can be named, and who a note names.

A colleague is named by the first name (`@Åsa`, any case; å, ä and ö stay
distinct) or by the part of the address before the @ (`@asa.lind`), which is
what the note field suggests when two colleagues share a first name.
"""

from __future__ import annotations

import re
from collections import Counter

from .base import db
from .user import Role, User

# A word after an @ that is not itself part of a word or an address.
_MENTION = re.compile(r"(?<![\w@.])@([\w][\w.\-]*)")
OFFERED_AT_MOST = 8


def _staff() -> list[User]:
    """The active county office staff, by name: who an internal note can name
    (coordinators never see internal notes)."""
    return list(
        db.session.scalars(
            db.select(User)
            .where(User.role == Role.CENTRAL, User.active)
            .order_by(User.name, User.id)
        )
    )


def _first_name(user: User) -> str:
    return (user.name.split() or [""])[0].casefold()


def _local_part(user: User) -> str:
    return user.email.split("@")[0].casefold()


def handle(user: User, staff: list[User]) -> str:
    """Return how to write the user in a note: the first name, or the address's
    local part when a colleague has the same first name."""
    shared = Counter(_first_name(u) for u in staff)
    if shared[_first_name(user)] == 1:
        return user.name.split()[0]
    return user.email.split("@")[0]


def named_in(text: str, exclude: int | None = None) -> list[User]:
    """Return the colleagues a note names (never the writer)."""
    words = {w.rstrip(".-").casefold() for w in _MENTION.findall(text)}
    if not words:
        return []
    return [
        u
        for u in _staff()
        if u.id != exclude and (_first_name(u) in words or _local_part(u) in words)
    ]


def offered(prefix: str, exclude: int | None = None) -> list[tuple[User, str]]:
    """Return the colleagues whose name or address starts with `prefix` (any
    case), each with the handle to write; at most OFFERED_AT_MOST."""
    start = prefix.strip().lstrip("@").casefold()
    staff = _staff()
    found = [
        u
        for u in staff
        if u.id != exclude
        and (
            any(part.casefold().startswith(start) for part in u.name.split())
            or _local_part(u).startswith(start)
        )
    ]
    return [(u, handle(u, staff)) for u in found[:OFFERED_AT_MOST]]
