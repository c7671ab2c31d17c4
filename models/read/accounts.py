"""The administrator's user list: search, filters and one page of accounts."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_

from ..base import db
from ..organisation import Organisation
from ..user import Role, User

PER_PAGE = 50


@dataclass(frozen=True)
class UserQuery:
    """What the list is asked for; empty strings mean "any"."""

    q: str = ""
    role: str = ""
    organisation: str = ""
    state: str = ""  # "active" | "inactive" | ""
    never: bool = False  # never signed in
    page: int = 1


@dataclass(frozen=True)
class UserPage:
    """One page of accounts and how many match."""

    users: list[User]
    total: int
    page: int

    @property
    def pages(self) -> int:
        """How many pages the matches fill."""
        return max(1, -(-self.total // PER_PAGE))


def _filtered(query: UserQuery):
    stmt = db.select(User).join(User.organisation)
    if query.q:
        words = query.q.strip().lower()
        stmt = stmt.where(
            or_(
                func.lower(User.name).contains(words, autoescape=True),
                func.lower(User.email).contains(words, autoescape=True),
            )
        )
    if query.role in {r.value for r in Role}:
        stmt = stmt.where(User.role == Role(query.role))
    elif query.role:
        stmt = stmt.where(False)  # a role that does not exist matches nobody
    if query.organisation:
        stmt = stmt.where(Organisation.slug == query.organisation)
    if query.state == "active":
        stmt = stmt.where(User.active)
    elif query.state == "inactive":
        stmt = stmt.where(User.active.is_(False))
    if query.never:
        stmt = stmt.where(User.last_login_at.is_(None))
    return stmt


def users_page(query: UserQuery) -> UserPage:
    """The accounts that match, by name, one page at a time."""
    stmt = _filtered(query)
    total = db.session.scalar(
        db.select(func.count()).select_from(stmt.order_by(None).subquery())
    )
    users = db.session.scalars(
        stmt.order_by(func.lower(User.name), User.id)
        .offset((query.page - 1) * PER_PAGE)
        .limit(PER_PAGE)
    ).unique()
    return UserPage(list(users), total or 0, query.page)
