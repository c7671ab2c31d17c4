"""A rate-limit store for Flask-Limiter kept in Samnod's own database.

Counting in the database means the login throttle holds across gunicorn workers
and hosts without another service to run.

A hit is counted in a transaction of its own, on a connection of its own,
committed at once: counting never commits (nor rolls back) what the request has
pending, and a request that fails later does not take its hits back with it.
SQLite has one writer at a time, so such a transaction waits while the request's
own session holds the write lock (a POST takes it with its first query, see
`models/base.py`): Flask-Limiter counts in the view's decorator, before the view
has touched the database, and a view that gives hits back (the sign-in's
refund) ends its transaction first.

Reads go through the request's connection (a SQLite connection of their own
would queue behind that write lock too), as plain rows: no ORM object of a
counter stays in the session to go stale after a count made elsewhere, and
nothing the request has pending is flushed.
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
    dialect = db.engine.dialect.name
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
        """Count a hit in a transaction of its own and return the count it made.

        The count comes back from the increment itself (RETURNING): read
        afterwards, two attempts arriving together would both see the later
        count, and both be refused where one was still allowed."""
        stmt = _upsert(key, expiry, amount).returning(RateLimitCounter.count)
        with db.engine.begin() as conn:
            return conn.execute(stmt).scalar_one()

    def _window(self, key: str) -> tuple[int, float] | None:
        """The live window's count and end under `key`, or None."""
        live = db.select(RateLimitCounter.count, RateLimitCounter.expires_at).where(
            RateLimitCounter.key == key, RateLimitCounter.expires_at > time.time()
        )
        row = db.session.connection().execute(live).first()
        return tuple(row) if row else None

    def get(self, key: str) -> int:
        """Return the hits counted in the current window."""
        window = self._window(key)
        return window[0] if window else 0

    def get_expiry(self, key: str) -> float:
        """Return when the current window ends (epoch seconds)."""
        window = self._window(key)
        return window[1] if window else time.time()

    def check(self) -> bool:
        """The store is healthy when the database answers."""
        db.session.execute(db.select(1))
        return True

    def reset(self) -> int | None:
        """Forget every counter, in a transaction of its own."""
        with db.engine.begin() as conn:
            return conn.execute(db.delete(RateLimitCounter)).rowcount

    def clear(self, key: str) -> None:
        """Forget one counter, in a transaction of its own."""
        with db.engine.begin() as conn:
            conn.execute(db.delete(RateLimitCounter).where(RateLimitCounter.key == key))
