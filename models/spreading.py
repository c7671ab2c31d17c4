"""Spreading what works across the county, and each node's answer.

A spread goes to member nodes, an area or the whole county; the origin node is
never a receiver, and a node that already has it is skipped with a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from .base import db, local_today, utcnow
from .events import EventKind, record
from .labels import label
from .notification import notify
from .organisation import Area, Organisation, member_organisations
from .spread import Answer, Spread
from .submission import Status, Submission
from .user import Role, User
from .workflow import RuleBroken, check_version, coordinators_of


def resolve_targets(targets: list[str]) -> list[Organisation]:
    """Turn node slugs, `area:<slug>` and `all` into member organisations."""
    members = {o.slug: o for o in member_organisations()}
    chosen: dict[str, Organisation] = {}
    for target in targets:
        if target == "all":
            chosen.update(members)
        elif target.startswith("area:"):
            area = db.session.scalar(
                db.select(Area).filter_by(slug=target[5:], active=True)
            )
            if area is None:
                raise RuleBroken(
                    _l("There is no area “%(name)s”.", name=target[5:]), field="targets"
                )
            chosen.update({o.slug: o for o in area.current_members})
        elif target in members:
            chosen[target] = members[target]
        else:
            raise RuleBroken(
                _l("There is no node “%(name)s”.", name=target), field="targets"
            )
    return list(chosen.values())


def spread_to(
    sub: Submission,
    targets: list[str],
    actor: User,
    message: str = "",
    deadline: date | None = None,
    version: int | None = None,
) -> tuple[list[Organisation], list[tuple[Organisation, str]]]:
    """Spread an accepted submission; return who got it and who was skipped, why."""
    check_version(sub, version)
    if not sub.can_spread:
        raise RuleBroken(
            _l("Only an accepted submission can be spread."), field="targets"
        )
    if deadline is not None and deadline <= local_today():
        raise RuleBroken(_l("Choose an answer date after today."), field="deadline")
    orgs = resolve_targets(targets)
    if not orgs:
        raise RuleBroken(
            _l("Choose at least one node, an area or the whole county."),
            field="targets",
        )
    have = set(
        db.session.scalars(
            db.select(Spread.organisation_id).filter_by(submission_id=sub.id)
        )
    )
    sent, skipped, spreads = [], [], []
    for org in sorted(orgs, key=lambda o: o.name):
        if org.id == sub.origin_id:
            skipped.append((org, str(_l("it is where the submission comes from"))))
        elif org.id in have:
            skipped.append((org, str(_l("it already has it"))))
        else:
            spreads.append(
                Spread(
                    submission_id=sub.id,
                    organisation_id=org.id,
                    spread_by_id=actor.id,
                    message=message,
                    deadline=deadline,
                )
            )
            sent.append(org)
    if sent:
        db.session.add_all(spreads)
        db.session.flush()
        note = ", ".join(o.name for o in sent)
        record(sub, actor, EventKind.SPREAD, note=note, spreads=spreads)
        _tell_receivers(sub, list(zip(sent, spreads, strict=True)))
    return sent, skipped


def _tell_receivers(sub: Submission, pairs: list[tuple[Organisation, Spread]]) -> None:
    coordinators = coordinators_of([org.id for org, _ in pairs])
    for org, spread in pairs:
        notify(
            [u for u in coordinators if u.organisation_id == org.id],
            "spread",
            sub.id,
            title=sub.title,
            note=spread.message.strip(),
            deadline=spread.deadline.isoformat() if spread.deadline else "",
            node_slug=org.slug,
            spread=spread.id,
        )


TAKEN_UP = frozenset({Answer.INTERESTED, Answer.ADOPTING, Answer.ADOPTED})


def answer_spread(spread: Spread, actor: User, answer: Answer, note: str) -> None:
    """Record (or move on) the receiving node's answer."""
    if (
        actor.role != Role.COORDINATOR
        or actor.organisation_id != spread.organisation_id
    ):
        raise RuleBroken(_l("Only a coordinator of the receiving node can answer."))
    before = spread.answer
    spread.answer, spread.answer_note = answer, note
    spread.answered_by_id, spread.answered_at = actor.id, utcnow()
    record(
        spread.submission,
        actor,
        EventKind.ANSWER,
        note=f"{spread.organisation.name}: {label(answer)}"
        + (f" – {note}" if note else ""),
        spreads=[spread],
        answer=(before, answer),
    )
    readers = [db.session.get(User, spread.spread_by_id)]
    if answer in TAKEN_UP:  # the origin node hears who takes up what it shared
        readers += [
            u
            for u in coordinators_of([spread.submission.origin_id])
            if u.id != spread.spread_by_id
        ]
    notify(
        readers,
        "answer",
        spread.submission_id,
        node=spread.organisation.name,
        answer=answer.value,
        title=spread.submission.title,
        note=note.strip(),
    )


@dataclass
class OverviewCell:
    """Where one member stands with a submission that has been spread."""

    org: Organisation
    state: str  # origin, not_spread, waiting, overdue, or an Answer value
    spread: Spread | None = None


def spread_overview(sub: Submission, today: date | None = None) -> list[OverviewCell]:
    """Return every member with its state for this submission, by name."""
    today = today or local_today()
    spreads = {
        s.organisation_id: s
        for s in db.session.scalars(db.select(Spread).filter_by(submission_id=sub.id))
    }
    cells = []
    for org in member_organisations():
        spread = spreads.get(org.id)
        if org.id == sub.origin_id:
            state = "origin"
        elif spread is None:
            state = "not_spread"
        elif spread.answer is not None:
            state = spread.answer.value
        elif spread.deadline is not None and spread.deadline < today:
            state = "overdue"
        else:
            state = "waiting"
        cells.append(OverviewCell(org, state, spread))
    return cells


def remind_overdue(today: date) -> int:
    """Remind the nodes that let an answer date pass, once per spread; how many."""
    overdue = db.session.scalars(
        db.select(Spread)
        .join(Spread.submission)
        .options(joinedload(Spread.submission))
        .where(
            Spread.deadline < today,
            Spread.answer.is_(None),
            Spread.reminded_at.is_(None),
            Submission.status == Status.ACCEPTED,
        )
        .order_by(Spread.id)
    ).all()
    reminded = 0
    for spread in overdue:
        # Conditional, so two runs at the same time remind only once.
        claimed = db.session.execute(
            db.update(Spread)
            .where(Spread.id == spread.id, Spread.reminded_at.is_(None))
            .values(reminded_at=utcnow())
            .execution_options(synchronize_session=False)
        ).rowcount
        if claimed:
            notify(
                coordinators_of([spread.organisation_id]),
                "reminder",
                spread.submission_id,
                title=spread.submission.title,
                deadline=spread.deadline.isoformat(),
                node_slug=spread.organisation.slug,
                spread=spread.id,
            )
            reminded += 1
    return reminded
