"""Declarative base, the shared `db` object and SQLite connection settings."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from flask import g, has_request_context, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class Base(DeclarativeBase):
    """Base class of every model, with a stable constraint naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)


def utcnow() -> datetime:
    """Return the current time in UTC, naive, as every timestamp column stores it.

    Both SQLite and PostgreSQL `timestamp` columns hand back naive values;
    keeping them naive UTC everywhere avoids comparing aware with naive.
    Flask-Babel shows naive datetimes as UTC converted to Europe/Stockholm.
    """
    return datetime.now(UTC).replace(tzinfo=None)


LOCAL_ZONE = ZoneInfo("Europe/Stockholm")


def local_today() -> date:
    """Return today's date in Sweden, whatever zone the server runs in."""
    return datetime.now(LOCAL_ZONE).date()


def sqlite_on_connect(dbapi_connection, _record) -> None:
    """On connect: WAL, foreign keys and a busy timeout on every SQLite connection.

    Registered in app.py, as is `sqlite_on_begin`.
    """
    if type(dbapi_connection).__module__ != "sqlite3":
        return
    # Let SQLAlchemy's "begin" event emit BEGIN itself (see below).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


def sqlite_on_begin(conn) -> None:
    """Begin writes with BEGIN IMMEDIATE so concurrent writers queue, not fail.

    A deferred transaction that reads and then writes cannot upgrade its lock when
    another writer committed in between; SQLite then fails at once, whatever the
    busy timeout. Requests that may write (anything but GET/HEAD/OPTIONS) and CLI
    commands take the write lock up front instead, until the request's change is
    committed with `commit()`: what it reads after that only draws the answer.
    """
    if conn.dialect.name != "sqlite":
        return
    reading = has_request_context() and (
        request.method in READ_METHODS or g.get("committed", False)
    )
    conn.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")


def commit() -> None:
    """Commit the request's change; then draw the answer without the write lock.

    The page or fragment a route renders after this reads in a deferred
    transaction, so other writers need not wait while it is drawn. Call it for
    the request's last write: a write after it would have to upgrade a read
    transaction, which SQLite refuses when another writer came in between.
    """
    db.session.commit()
    if has_request_context():
        g.committed = True
