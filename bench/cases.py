"""What is measured: each page, as whom, with which varying parameters."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from itertools import count
from urllib.parse import quote_plus

from models import Organisation, Status, Submission, db

from . import words

CENTRAL = "kansli@samnod.test"
COORDINATOR = "koping@samnod.test"
PRACTITIONER = "praktiker@samnod.test"
ROLES = (CENTRAL, COORDINATOR, PRACTITIONER)


@dataclass(frozen=True)
class Case:
    """One line of the table: a request shape, the account that makes it."""

    name: str
    role: str
    path: Callable[[], str]
    post: bool = False


@dataclass(frozen=True)
class Targets:
    """Ids and values to vary requests over, read once from the seeded data."""

    visible: list[int]
    commentable: list[int]
    years: list[int]
    inbox_pages: int
    koping_pages: int


def read_targets(sample: int = 2000) -> Targets:
    """Pick random non-draft submissions and what the filters can take."""
    not_draft = Submission.status != Status.DRAFT
    ids = db.select(Submission.id).order_by(db.func.random()).limit(sample)
    koping = db.session.scalar(db.select(Organisation.id).filter_by(slug="koping"))
    # A comment on a "needs_info" one would also move it back to the office.
    open_ok = Submission.status.not_in([Status.DRAFT, Status.NEEDS_INFO])
    total = db.session.scalar(db.select(db.func.count()).where(not_draft))
    mine = db.select(db.func.count()).where(Submission.origin_id == koping)
    return Targets(
        visible=list(db.session.scalars(ids.where(not_draft))),
        commentable=list(
            db.session.scalars(ids.where(Submission.origin_id == koping, open_ok))
        ),
        years=sorted({y for (y,) in db.session.execute(_years())}),
        inbox_pages=max(1, -(-total // 50)),
        koping_pages=max(1, -(-db.session.scalar(mine) // 20)),
    )


def _years():
    return db.select(db.extract("year", Submission.created_at)).distinct()


def build(t: Targets, rng: random.Random) -> list[Case]:
    """Return the cases in table order."""
    return _lists(t, rng) + _pages(t, rng)


def _lists(t: Targets, rng: random.Random) -> list[Case]:
    """The inbox and node listings, first page and random deep pages."""
    return [
        # Plain /inbox/ redirects to the officer's last filter once one is stored.
        Case("GET /inbox/?page=1", CENTRAL, lambda: "/inbox/?page=1"),
        Case(
            "GET /inbox/?status=submitted", CENTRAL, lambda: "/inbox/?status=submitted"
        ),
        Case(
            "GET /inbox/?page=<random>",
            CENTRAL,
            lambda: f"/inbox/?page={rng.randint(1, t.inbox_pages)}",
        ),
        Case("GET /nodes/koping/", COORDINATOR, lambda: "/nodes/koping/"),
        Case(
            "GET /nodes/koping/?page=<random>",
            COORDINATOR,
            lambda: f"/nodes/koping/?page={rng.randint(1, t.koping_pages)}",
        ),
        Case("GET /nodes/", PRACTITIONER, lambda: "/nodes/"),
    ]


def _pages(t: Targets, rng: random.Random) -> list[Case]:
    """Search, one submission, follow-up, and the one write."""
    turn = count()
    followups = ["/followup/", *(f"/followup/?year={y}" for y in t.years)]
    return [
        Case(
            "GET /methods/?q=<word>",
            PRACTITIONER,
            lambda: "/methods/?q=" + quote_plus(rng.choice(words.SEARCH_WORDS)),
        ),
        Case(
            "GET /submissions/<id>",
            CENTRAL,
            lambda: f"/submissions/{rng.choice(t.visible)}",
        ),
        Case(
            "GET /followup/?year=<y>",
            CENTRAL,
            lambda: followups[next(turn) % len(followups)],
        ),
        Case(
            "POST /submissions/<id>/comments",
            COORDINATOR,
            lambda: f"/submissions/{rng.choice(t.commentable)}/comments",
            post=True,
        ),
    ]


def comment_text(rng: random.Random) -> str:
    """A short Swedish comment, as a coordinator writes one."""
    return words.sentences(rng, rng.randint(8, 30))
