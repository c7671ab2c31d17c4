"""A rate-limit store for Flask-Limiter kept in Samnod's own database.

Counting in the database means the login throttle holds across gunicorn workers
and hosts without another service to run. It uses the request's session so that
SQLite never sees two writers from one request.
"""

from __future__ import annotations

import time

from limits.storage import Storage
from sqlalchemy import Float, String, case
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Mapped, mapped_column

from .base import Base, db


class RateLimitCounter(Base):
    """One fixed-window counter: how many hits under a key until it expires."""

    __tablename__ = "rate_limit_counters"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)
    expires_at: Mapped[float] = mapped_column(Float)


def _upsert(key: str, expiry: int, amount: int):
    """Build an atomic insert-or-increment that restarts an expired window."""
    now = time.time()
    dialect = db.session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    stmt = insert(RateLimitCounter).values(
        key=key, count=amount, expires_at=now + expiry
    )
    expired = stmt.excluded.expires_at - expiry > RateLimitCounter.expires_at
    return stmt.on_conflict_do_update(
        index_elements=[RateLimitCounter.key],
        set_={
            "count": case((expired, amount), else_=RateLimitCounter.count + amount),
            "expires_at": case(
                (expired, stmt.excluded.expires_at), else_=RateLimitCounter.expires_at
            ),
        },
    )


class DatabaseStorage(Storage):
    """Fixed-window counters in the `rate_limit_counters` table."""

    STORAGE_SCHEME = ["samnod+db"]

    def __init__(self, uri: str | None = None, wrap_exceptions: bool = False, **_):
        super().__init__(uri, wrap_exceptions=wrap_exceptions)

    @property
    def base_exceptions(self):
        return Exception

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        """Count a hit and return the count it made (committed at once).

        The count comes back from the increment itself (RETURNING): read
        afterwards, two attempts arriving together would both see the later
        count, and both be refused where one was still allowed."""
        stmt = _upsert(key, expiry, amount).returning(RateLimitCounter.count)
        count = db.session.execute(stmt).scalar_one()
        db.session.commit()
        return count

    def _row(self, key: str) -> RateLimitCounter | None:
        row = db.session.get(RateLimitCounter, key)
        if row is not None and row.expires_at <= time.time():
            return None
        return row

    def get(self, key: str) -> int:
        """Return the hits counted in the current window."""
        row = self._row(key)
        return row.count if row else 0

    def get_expiry(self, key: str) -> float:
        """Return when the current window ends (epoch seconds)."""
        row = self._row(key)
        return row.expires_at if row else time.time()

    def check(self) -> bool:
        """The store is healthy when the database answers."""
        db.session.execute(db.select(1))
        return True

    def reset(self) -> int | None:
        """Forget every counter."""
        result = db.session.execute(db.delete(RateLimitCounter))
        db.session.commit()
        return result.rowcount

    def clear(self, key: str) -> None:
        """Forget one counter."""
        db.session.execute(
            db.delete(RateLimitCounter).where(RateLimitCounter.key == key)
        )
        db.session.commit()
