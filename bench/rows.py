"""Build the rows of one submission: the record, its timeline, parties and spreads.

Every row of a table has the same keys, as Core executemany wants. Ids are given
explicitly so that the link rows can be built before anything is inserted.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from models import Answer, Backing, Decision, EventKind, Kind, Status, Urgency

from . import insatser, words

KINDS = {Kind.NEED: 45, Kind.INITIATIVE: 30, Kind.PRACTICE: 25}
STATUSES = {
    Status.ACCEPTED: 40,
    Status.DECLINED: 24,
    Status.SUBMITTED: 8,
    Status.IN_REVIEW: 7,
    Status.NEEDS_INFO: 5,
    Status.DRAFT: 6,
    Status.MERGED: 5,
    Status.WITHDRAWN: 5,
}
OPEN = frozenset({Status.DRAFT, Status.SUBMITTED, Status.IN_REVIEW, Status.NEEDS_INFO})
DECIDED = frozenset({Status.ACCEPTED, Status.DECLINED, Status.MERGED})
ANSWERS = dict(zip([*Answer, None], (28, 18, 22, 12, 20), strict=True))
_D, _S, _R = Status.DRAFT, Status.SUBMITTED, Status.IN_REVIEW
_SENT = [(EventKind.CREATED, None, None), (EventKind.STATUS, _D, _S)]
PATHS = {
    _D: [(EventKind.CREATED, None, None), (EventKind.EDITED, None, None)],
    _S: _SENT,
    _R: [*_SENT, (EventKind.ASSIGNED, None, None), (EventKind.STATUS, _S, _R)],
    Status.NEEDS_INFO: [
        *_SENT,
        (EventKind.ASSIGNED, None, None),
        (EventKind.STATUS, _S, _R),
        (EventKind.STATUS, _R, Status.NEEDS_INFO),
    ],
    Status.WITHDRAWN: [*_SENT, (EventKind.STATUS, _S, Status.WITHDRAWN)],
    **{
        done: [*_SENT, (EventKind.STATUS, _S, _R), (EventKind.STATUS, _R, done)]
        for done in DECIDED
    },
}
BY_NODE = frozenset({EventKind.CREATED, EventKind.EDITED})
SPREAD_SHARE = 0.2  # of accepted submissions
FUNDING_SHARE = 0.4  # of initiatives


@dataclass
class Ctx:
    """What building rows needs to know about the seeded structure."""

    rng: random.Random
    now: datetime
    members: list[int]
    weights: list[float]
    authors: dict[int, int]
    central: int
    groups: list[int]
    # Member id → the municipalities an insats it asked for serves (its area or
    # itself); none for the county-wide parties.
    reach: dict[int, list[int]] = field(default_factory=dict)
    phrases: dict[str, list[str]] = field(default_factory=dict)
    next_id: dict[str, int] = field(default_factory=dict)
    out: dict[str, list[dict]] = field(default_factory=dict)

    def add(self, table: str, row: dict, with_id: bool = True) -> dict:
        """Append a row to the batch, giving it the table's next id."""
        if with_id:
            row["id"] = self.next_id[table] = self.next_id.get(table, 0) + 1
        self.out.setdefault(table, []).append(row)
        return row

    def pick(self, weighted: dict):
        """Return a key of a {value: weight} dict."""
        return self.rng.choices(list(weighted), list(weighted.values()))[0]

    def after(self, t: datetime, lo_h: float, hi_h: float) -> datetime:
        """Return a time lo-hi hours after t, never past now."""
        later = t + timedelta(hours=self.rng.uniform(lo_h, hi_h))
        return min(later, self.now - timedelta(minutes=1))


def submission(ctx: Ctx) -> None:
    """Add one submission with everything that hangs off it."""
    rng = ctx.rng
    kind, status = ctx.pick(KINDS), ctx.pick(STATUSES)
    origin = rng.choices(ctx.members, ctx.weights)[0]
    days = rng.uniform(0.5, 90) if status in OPEN else rng.uniform(14, 730)
    created = (ctx.now - timedelta(days=days)).replace(microsecond=0)
    row = ctx.add("submissions", _record(ctx, kind, status, origin, created))
    _timeline(ctx, row)
    _kind_fields(ctx, row)
    _parties(ctx, row)
    for group in rng.sample(ctx.groups, rng.randint(1, 3)):
        row_tg = {"submission_id": row["id"], "target_group_id": group}
        ctx.add("submission_target_groups", row_tg, with_id=False)


def _record(ctx: Ctx, kind: Kind, status: Status, origin: int, created) -> dict:
    rng, sid = ctx.rng, ctx.next_id.get("submissions", 0) + 1
    body_md, body_html = words.markdown(rng, 30, 80)
    merged = rng.randint(max(1, sid - 2000), sid - 1) if sid > 1 else None
    return {
        "kind": kind,
        "status": status,
        "title": words.title(rng),
        "summary": words.clipped(words.sentences(rng, rng.randint(30, 80)), 500),
        "body_md": body_md,
        "body_html": body_html,
        "origin_id": origin,
        "author_id": ctx.authors[origin],
        "assignee_id": None,
        "merged_into_id": merged if status == Status.MERGED else None,
        "snoozed_until": None,
        "created_at": created,
        "updated_at": created,
        "submitted_at": None,
        "last_activity_at": created,
        "version": 1,
    }


def _steps(ctx: Ctx, status: Status, spread: bool) -> list[tuple]:
    """Return the timeline steps: the status path plus comments and notes."""
    rng, path = ctx.rng, PATHS[status]
    comments = rng.choice((0, 0, 1, 1, 1, 2, 2))
    if status == Status.NEEDS_INFO:
        comments = max(comments, 1)
    comments = min(comments, 6 - len(path) - spread)
    fillers = max(0, rng.randint(3, 6) - len(path) - comments - spread)
    filler = (EventKind.EDITED if status == _D else EventKind.NOTE, None, None)
    middle = [(EventKind.COMMENT, None, None)] * comments + [filler] * fillers
    if status in DECIDED or status == Status.WITHDRAWN:
        steps = [*path[:-1], *middle, path[-1]]
    else:
        steps = [*path, *middle]
    return steps + [(EventKind.SPREAD, None, None)] * spread


def _timeline(ctx: Ctx, row: dict) -> None:
    """Add the events and comments; set the times and assignee they imply."""
    status = row["status"]
    spread = status == Status.ACCEPTED and ctx.rng.random() < SPREAD_SHARE
    t, speaker = row["created_at"], ctx.central
    for n, (kind, old, new) in enumerate(_steps(ctx, status, spread)):
        if n:
            t = ctx.after(t, 24 * 2, 24 * 20) if kind == EventKind.SPREAD else t
            t = ctx.after(t, 1, 24 * 6)
        by_node = kind in BY_NODE or new in (_S, Status.WITHDRAWN)
        actor = row["author_id"] if by_node else ctx.central
        note = ""
        if kind == EventKind.COMMENT:
            note = words.sentences(ctx.rng, ctx.rng.randint(8, 30))
            actor = speaker
            speaker = row["author_id"] if speaker == ctx.central else ctx.central
            _comment(ctx, row["id"], actor, note, t)
        elif kind == EventKind.ASSIGNED:
            row["assignee_id"] = ctx.central
        elif kind == EventKind.SPREAD:
            note = _spreads(ctx, row, t)
        elif kind == EventKind.NOTE or new in DECIDED:
            note = words.sentences(ctx.rng, ctx.rng.randint(6, 20))
        if new == _S:
            row["submitted_at"] = t
        _event(ctx, row, actor, kind, old, new, note, t)
    row["last_activity_at"] = row["updated_at"] = t


def _event(ctx: Ctx, sub: dict, actor: int, kind, old, new, note: str, t) -> None:
    ctx.add(
        "events",
        {
            "submission_id": sub["id"],
            "origin_id": sub["origin_id"],
            "actor_id": actor,
            "kind": kind,
            "from_status": old.value if old else None,
            "to_status": new.value if new else None,
            "note": note,
            "internal": kind == EventKind.NOTE,
            "created_at": t,
        },
    )


def _comment(ctx: Ctx, sid: int, author: int, text: str, t) -> None:
    row = {"submission_id": sid, "author_id": author, "text": text, "created_at": t}
    ctx.add("comments", row)


def _spreads(ctx: Ctx, row: dict, t: datetime) -> str:
    """Spread to 3-6 other members; each answers (or not yet). Return the note."""
    rng = ctx.rng
    others = [m for m in ctx.members if m != row["origin_id"]]
    message = words.sentences(rng, rng.randint(8, 20))
    for org in sorted(rng.sample(others, rng.randint(3, 6))):
        answer = ctx.pick(ANSWERS)
        answered = t + timedelta(days=rng.uniform(3, 75))
        if answered >= ctx.now:
            answer = None
        spread = {
            "submission_id": row["id"],
            "organisation_id": org,
            "spread_by_id": ctx.central,
            "message": message,
            "deadline": (t + timedelta(days=45)).date(),
            "created_at": t,
            "answer": answer,
            "answer_note": words.sentences(rng, 8) if answer else "",
            "answered_by_id": ctx.authors[org] if answer else None,
            "answered_at": answered if answer else None,
            "reminded_at": None,
        }
        ctx.add("spreads", spread)
    return message


def _kind_fields(ctx: Ctx, row: dict) -> None:
    """Fill what only needs, initiatives or practices have."""
    rng, kind = ctx.rng, row["kind"]

    def text(lo: int, hi: int) -> str:
        return words.sentences(rng, rng.randint(lo, hi))

    empty = ("goal", "expected_results", "purpose", "training", "contact")
    row.update(dict.fromkeys(empty, ""))
    row.update(method_md="", method_html="", evidence_md="", evidence_html="")
    row.update(people_estimate=None, urgency=None, review_date=None)
    row.update(period_start=None, period_end=None)
    if kind == Kind.NEED:
        row["people_estimate"] = rng.randint(5, 300)
        row["urgency"] = rng.choice(list(Urgency))
    elif kind == Kind.INITIATIVE:
        row.update(goal=text(10, 25), expected_results=text(10, 25))
        start = (row["created_at"] + timedelta(days=rng.randint(30, 80))).date()
        row["period_start"] = start.replace(day=1)
        end = row["period_start"].replace(year=start.year + rng.randint(1, 2))
        row["period_end"] = end - timedelta(days=1)
        if rng.random() < FUNDING_SHARE:
            _funding(ctx, row)
    else:
        row.update(purpose=text(10, 25), training=text(6, 15))
        row["method_md"], row["method_html"] = words.markdown(rng, 20, 50)
        row["evidence_md"], row["evidence_html"] = words.markdown(rng, 10, 30)
        row["contact"] = "Samordnaren i kommunen, via Samnod"
        row["review_date"] = (row["last_activity_at"] + timedelta(days=365)).date()


def _funding(ctx: Ctx, row: dict) -> None:
    """Request joint funds; decided with the submission, a grant with its insats."""
    rng, status = ctx.rng, row["status"]
    amount = rng.randrange(50_000, 1_500_000, 10_000)
    granted = status == Status.ACCEPTED and rng.random() < 0.8
    decided = status in DECIDED
    decision, decided_at = Decision.PENDING, row["last_activity_at"]
    if decided:
        decision = Decision.GRANTED if granted else Decision.REJECTED
    row["_funded"] = True
    budget_md, budget_html = words.markdown(rng, 10, 25)
    ctx.add(
        "funding_requests",
        {
            "submission_id": row["id"],
            "amount": amount,
            "budget": budget_md,
            "budget_html": budget_html,
            "decision": decision,
            "granted_amount": amount if granted else None,
            "decision_note": words.sentences(rng, 8) if decided else "",
            "decided_by_id": ctx.central if decided else None,
            "decided_at": decided_at if decided else None,
            "decided_on": decided_at.date() if decided else None,
            "reference": f"Styrelsen {decided_at:%Y-%m-%d} § {rng.randint(1, 40)}"
            if decided
            else "",
            "created_at": row["created_at"],
        },
    )
    if granted:
        insatser.insats(ctx, row, amount, decided_at)


def _parties(ctx: Ctx, row: dict) -> None:
    """The origin backs it; 0-2 other members are named (1-2 when funds asked)."""
    rng, origin = ctx.rng, row["origin_id"]
    extra = rng.choices((0, 1, 2), (45, 35, 20))[0]
    if row.pop("_funded", False):
        extra = max(extra, 1)
    others = rng.sample([m for m in ctx.members if m != origin], extra)
    for org in [origin, *others]:
        sure = org == origin or row["status"] not in (_D, _S) or rng.random() < 0.5
        party = {
            "submission_id": row["id"],
            "organisation_id": org,
            "backing": Backing.CONFIRMED if sure else Backing.PENDING,
            "confirmed_by_id": ctx.authors[org] if sure else None,
            "confirmed_at": row["created_at"] if sure else None,
        }
        ctx.add("submission_parties", party, with_id=False)
