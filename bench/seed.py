"""Seed a fresh database with N submissions, fast: Core executemany in chunks."""

from __future__ import annotations

import logging
import os
import random
import time
from dataclasses import dataclass, field

from flask import Flask
from sqlalchemy import Table, func
from sqlalchemy.exc import DBAPIError

from demo.data import load
from demo.figures import seed_figures
from demo.structure import seed_accounts, seed_structure
from models import (
    BudgetRow,
    Comment,
    Event,
    FundingRequest,
    Insats,
    InsatsYear,
    Organisation,
    OrgKind,
    Role,
    Spread,
    Submission,
    SubmissionParty,
    TargetGroup,
    User,
    db,
    utcnow,
)
from models.insats import insats_municipalities
from models.read import fulltext
from models.read.counts import recount
from models.submission import submission_target_groups

from . import rows

logger = logging.getLogger("bench")
CHUNK = 5000
# Parent tables first, so every foreign key points at a row already there.
TABLES: list[Table] = [
    Submission.__table__,
    submission_target_groups,
    SubmissionParty.__table__,
    Event.__table__,
    Comment.__table__,
    Spread.__table__,
    FundingRequest.__table__,
    Insats.__table__,
    insats_municipalities,
    BudgetRow.__table__,
    InsatsYear.__table__,
]
WITH_IDS = (
    "submissions",
    "events",
    "comments",
    "spreads",
    "funding_requests",
    "budget_rows",
)
# Rough weight of each member in what gets logged: Västerås is a third of the
# county's population, the state and the region work everywhere.
NODE_WEIGHTS = {
    "vasteras": 6,
    "region-vastmanland": 3,
    "arbetsformedlingen": 2.5,
    "forsakringskassan": 2.5,
    "sala": 2,
    "koping": 2,
    "arboga": 1.5,
    "fagersta": 1.5,
    "hallstahammar": 1.5,
    "surahammar": 1.2,
    "kungsor": 1,
    "norberg": 1,
    "skinnskatteberg": 1,
}
CENTRAL = "kansli@samnod.test"


@dataclass
class Seeded:
    """What the seed made and how long it took."""

    rows: int
    seconds: float
    analyzed: bool
    counts: dict[str, int] = field(default_factory=dict)
    reused: bool = False


def seed(
    app: Flask, n: int, rng_seed: int = 2024, analyze: bool = False, chunk: int = CHUNK
) -> Seeded:
    """Drop and create every table, seed the demo structure and n submissions."""
    started = time.perf_counter()
    with app.app_context():
        db.drop_all()
        db.create_all()
        ctx = _structure(random.Random(rng_seed))
        db.session.commit()  # SQLite: release the write lock for the bulk insert
        with db.engine.begin() as conn:
            for done in range(0, n, chunk):
                ctx.out = {}
                for _ in range(min(chunk, n - done)):
                    rows.submission(ctx)
                for table in TABLES:
                    if ctx.out.get(table.name):
                        conn.execute(table.insert(), ctx.out[table.name])
                logger.info(
                    "seeded %d/%d submissions", done + len(ctx.out["submissions"]), n
                )
            recount(conn)  # Core inserts pass by events.record()
        # and by workflow.fill(), which adds the words to the vocabulary
        fulltext.rebuild_words()
        db.session.commit()
        with db.engine.begin() as conn:
            _after_bulk(conn, analyze)
        counts = _counts()
        db.session.remove()  # its read transaction would hold the checkpoint back
        _settle()
    with app.app_context():
        analyzed = analyze or db.engine.dialect.name == "postgresql"
    return Seeded(n, time.perf_counter() - started, analyzed, counts)


def recounted(app: Flask, n: int) -> Seeded:
    """A database seeded by an earlier run, its kept counters counted afresh
    (the code measured may keep more than the code that seeded it did)."""
    started = time.perf_counter()
    with app.app_context():
        db.create_all()  # tables the measured code has and the seeding had not
        with db.engine.begin() as conn:
            recount(conn)
        counts = _counts()
        db.session.remove()
        _settle()
        analyzed = db.engine.dialect.name == "postgresql"
    seeded = Seeded(n, time.perf_counter() - started, analyzed, counts, reused=True)
    if counts["submissions"] != n:
        raise SystemExit(f"--rows {n}, but the database has {counts['submissions']}")
    return seeded


def _structure(rng: random.Random) -> rows.Ctx:
    """Members, areas, target groups, money and residents, a coordinator per node."""
    orgs = seed_structure()
    users = seed_accounts(orgs)
    now = utcnow().replace(microsecond=0)
    seed_figures(
        orgs, users["kansli@samnod.test"], [now.year - 2, now.year - 1, now.year]
    )
    authors = {o.id: _coordinator(o, users) for o in orgs.values() if o.is_member}
    db.session.commit()
    members = [orgs[slug].id for slug in NODE_WEIGHTS]
    return rows.Ctx(
        rng=rng,
        now=now,
        members=members,
        weights=list(NODE_WEIGHTS.values()),
        authors={org_id: user.id for org_id, user in authors.items()},
        central=users[CENTRAL].id,
        groups=list(db.session.scalars(db.select(TargetGroup.id))),
        reach={o.id: _reach(o) for o in orgs.values() if o.is_member},
        phrases=load("phrases")["preciserad_inriktning"],
    )


def _reach(org: Organisation) -> list[int]:
    """Whom an insats the member asks for serves: its area, or itself; none
    (the whole county) for the region and the state's agencies."""
    if org.kind != OrgKind.MUNICIPALITY:
        return []
    served = org.areas[0].members if org.areas else [org]
    return sorted(o.id for o in served if o.kind == OrgKind.MUNICIPALITY)


def _coordinator(org: Organisation, users: dict[str, User]) -> User:
    """The demo coordinator of the node, or a new one who cannot sign in."""
    demo = users.get(f"{org.slug}@samnod.test")
    if demo is not None:
        return demo
    user = User(
        email=f"{org.slug}.samordnare@samnod.test",
        name=f"Samordnare {org.name}",
        role=Role.COORDINATOR,
        organisation=org,
        password_hash="!",  # noqa: S106 - matches no password
    )
    db.session.add(user)
    db.session.flush()
    return user


def _after_bulk(conn, analyze: bool) -> None:
    """Move PostgreSQL's id sequences past the explicit ids; gather statistics.

    PostgreSQL is always analysed, as autovacuum would do on a database in use.
    SQLite only when asked: nothing in Samnod runs ANALYZE or `PRAGMA optimize`,
    and with statistics SQLite picks other plans (see README).
    """
    postgres = conn.dialect.name == "postgresql"
    if postgres:
        for name in WITH_IDS:
            table = db.metadata.tables[name]
            top = db.select(func.max(table.c.id)).scalar_subquery()
            conn.execute(
                db.select(func.setval(func.pg_get_serial_sequence(name, "id"), top))
            )
    if postgres or analyze:
        conn.exec_driver_sql("ANALYZE")


def _settle() -> None:
    """Measure a database at rest, as one in use for a while would be.

    PostgreSQL is vacuumed. The bulk insert leaves SQLite's WAL holding the
    whole database (reads then look up every page in it) and hundreds of MB for
    the kernel to write back while the first cases run; both made the first
    cases slower than the rest.
    """
    if db.engine.dialect.name == "postgresql":
        # What autovacuum does after a bulk load (PostgreSQL 13+ vacuums after
        # inserts too): sets hint bits and the visibility map, so the first
        # reads of each page do not write it and index-only scans stay so.
        with db.engine.connect().execution_options(
            isolation_level="AUTOCOMMIT"
        ) as conn:
            conn.exec_driver_sql("VACUUM")
            # ... and writes the load's dirty buffers out now rather than while
            # the first cases run (as SQLite's WAL is checkpointed below).
            try:
                conn.exec_driver_sql("CHECKPOINT")
            except DBAPIError:  # needs superuser or pg_checkpoint
                logger.warning("CHECKPOINT refused: measuring with dirty buffers")
    if db.engine.dialect.name == "sqlite":
        raw = db.engine.raw_connection()  # autocommit: no transaction around it
        try:
            busy, _frames, _done = raw.execute(
                "PRAGMA wal_checkpoint(TRUNCATE)"
            ).fetchone()
        finally:
            raw.close()
        if busy:
            logger.warning("the WAL could not be checkpointed before measuring")
    os.sync()


def _counts() -> dict[str, int]:
    return {
        table.name: db.session.scalar(db.select(func.count()).select_from(table))
        for table in TABLES
    }
