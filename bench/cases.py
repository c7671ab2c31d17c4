"""What is measured: each page, as whom, with which varying parameters."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from itertools import count, cycle
from urllib.parse import quote_plus

from models import Organisation, Status, Submission, db

from . import words

CENTRAL = "kansli@samnod.test"
COORDINATOR = "koping@samnod.test"
PRACTITIONER = "praktiker@samnod.test"
ROLES = (CENTRAL, COORDINATOR, PRACTITIONER)
BULK_ROWS = 100
TRIAGE_POOL = 400
TYPED_SEED = 7  # its own random numbers: the other cases draw as they always did


@dataclass(frozen=True)
class Case:
    """One line of the table: a request shape, the account that makes it.

    A case with `form` is a POST of that form (the CSRF token is added);
    `hx` sends `HX-Request: true`; `answered(path, status)` hears each result.
    """

    name: str
    role: str
    path: Callable[[], str]
    form: Callable[[str], dict] | None = None
    hx: bool = False
    answered: Callable[[str, int], None] | None = None

    @property
    def post(self) -> bool:
        """Whether the case sends a form."""
        return self.form is not None


@dataclass(frozen=True)
class Targets:
    """Ids and values to vary requests over, read once from the seeded data.

    `versions` follows the triage pool as the benchmark changes it, so every
    triage POST carries the version it would have been read at.
    """

    visible: list[int]
    cursors: list[str]
    commentable: list[int]
    years: list[int]
    koping_pages: int
    versions: dict[int, int] = field(default_factory=dict)
    bulk_pool: list[int] = field(default_factory=list)


def read_targets(sample: int = 2000) -> Targets:
    """Pick random non-draft submissions and what the filters can take."""
    not_draft = Submission.status != Status.DRAFT
    shuffled = db.select(Submission.id).order_by(db.func.random()).limit(sample)
    koping = db.session.scalar(db.select(Organisation.id).filter_by(slug="koping"))
    # A comment on a "needs_info" one would also move it back to the office.
    open_ok = Submission.status.not_in([Status.DRAFT, Status.NEEDS_INFO])
    mine = db.select(db.func.count()).where(Submission.origin_id == koping)
    # Triage targets are not Köping's: the comment case changes those.
    others = db.session.execute(
        db.select(Submission.id, Submission.version)
        .where(not_draft, Submission.origin_id != koping)
        .order_by(db.func.random())
        .limit(TRIAGE_POOL + 4 * BULK_ROWS)
    ).all()
    return Targets(
        visible=list(db.session.scalars(shuffled.where(not_draft))),
        cursors=[
            f"{at.isoformat()}_{sub_id}"
            for sub_id, at in db.session.execute(
                db.select(Submission.id, Submission.created_at)
                .where(not_draft)
                .order_by(db.func.random())
                .limit(sample)
            )
        ],
        commentable=list(
            db.session.scalars(shuffled.where(Submission.origin_id == koping, open_ok))
        ),
        years=sorted({y for (y,) in db.session.execute(_years())}),
        koping_pages=max(1, -(-db.session.scalar(mine) // 20)),
        versions=dict(others[:TRIAGE_POOL]),
        bulk_pool=[sub_id for sub_id, _v in others[TRIAGE_POOL:]],
    )


def _years():
    return db.select(db.extract("year", Submission.created_at)).distinct()


def build(t: Targets, rng: random.Random) -> list[Case]:
    """Return the cases in table order."""
    return _inbox(t, rng) + _triage(t, rng) + _pages(t, rng)


def _inbox(t: Targets, rng: random.Random) -> list[Case]:
    """The issue's inbox reads: first page, filtered, searched, deep, one opened."""
    typing = random.Random(TYPED_SEED)
    return [
        # Plain /inbox/ redirects to the officer's last filter once one is stored.
        Case("GET /inbox/ first page", CENTRAL, lambda: "/inbox/?clear=1"),
        Case(
            "GET /inbox/?node=koping&status=submitted",
            CENTRAL,
            lambda: "/inbox/?node=koping&status=submitted",
        ),
        Case(
            "GET /inbox/?q=<word>",
            CENTRAL,
            lambda: "/inbox/?q=" + quote_plus(rng.choice(words.SEARCH_WORDS)),
        ),
        Case(
            "GET /inbox/?q=<word being typed>",
            CENTRAL,
            lambda: "/inbox/?q=" + quote_plus(words.typed(typing)),
        ),
        Case(
            "GET /inbox/?after=<random cursor>",
            CENTRAL,
            lambda: "/inbox/?after=" + quote_plus(rng.choice(t.cursors)),
        ),
        Case(
            "GET /inbox/<id> (HX, detail pane)",
            CENTRAL,
            lambda: f"/inbox/{rng.choice(t.visible)}",
            hx=True,
        ),
    ]


def _triage(t: Targets, rng: random.Random) -> list[Case]:
    """One triage action and one bulk action on 100 rows, each valid every time."""
    pool, turn = cycle(list(t.versions)), count()

    def assign_form(path: str) -> dict:
        sub_id = int(path.split("/")[2])
        who = "me" if next(turn) % 2 else ""  # to me, then to no one
        return {"assignee": who, "version": t.versions[sub_id]}

    def assigned(path: str, status: int) -> None:
        if status == 200:  # the version moves on with every saved change
            t.versions[int(path.split("/")[2])] += 1

    actions = cycle(["assign_me", "unassign"])
    return [
        Case(
            "POST /inbox/<id>/assign (HX)",
            CENTRAL,
            lambda: f"/inbox/{next(pool)}/assign",
            form=assign_form,
            hx=True,
            answered=assigned,
        ),
        Case(
            f"POST /inbox/bulk {BULK_ROWS} rows (HX)",
            CENTRAL,
            lambda: "/inbox/bulk",
            form=lambda _path: {
                "action": next(actions),
                "ids": [
                    str(i)
                    for i in rng.sample(t.bulk_pool, min(BULK_ROWS, len(t.bulk_pool)))
                ],
            },
            hx=True,
        ),
    ]


def _pages(t: Targets, rng: random.Random) -> list[Case]:
    """Node pages, search, one submission, follow-up, and the node's write."""
    turn = count()
    followups = ["/followup/", *(f"/followup/?year={y}" for y in t.years)]
    this_year = date.today().year
    return [
        Case("GET /nodes/koping/", COORDINATOR, lambda: "/nodes/koping/"),
        Case(
            "GET /nodes/koping/?page=<random>",
            COORDINATOR,
            lambda: f"/nodes/koping/?page={rng.randint(1, t.koping_pages)}",
        ),
        Case("GET /nodes/", PRACTITIONER, lambda: "/nodes/"),
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
        # issue #11's target: three years by tertial, p95 ≤ 50 ms at 10⁶
        Case(
            "GET /followup/?from=<Y-2>&to=<Y>&by=tertial",
            CENTRAL,
            lambda: f"/followup/?from={this_year - 2}&to={this_year}&by=tertial",
        ),
        Case(
            "POST /submissions/<id>/comments (HX)",
            COORDINATOR,
            lambda: f"/submissions/{rng.choice(t.commentable)}/comments",
            form=lambda _path: {"text": comment_text(rng)},
            hx=True,
        ),
    ]


def comment_text(rng: random.Random) -> str:
    """A short Swedish comment, as a coordinator writes one."""
    return words.sentences(rng, rng.randint(8, 30))
