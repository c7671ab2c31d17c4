"""The board's decision on an initiative's request for joint funds (Finsam).

A grant needs at least two distinct member parties that have confirmed their
backing; named parties still waiting do not count. Every decision, and every
later change of one, is an event on the timeline; a grant makes the insats.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy.orm.attributes import flag_modified

from . import money_tallies
from .base import db, local_today, utcnow
from .events import EventKind, record
from .funding import Decision, FundingRequest
from .funds import check_period
from .insats import Insats
from .labels import kronor
from .notification import notify
from .organisation import Organisation, OrgKind
from .submission import Backing, Kind, Status, Submission
from .user import User
from .workflow import (
    MIN_FUNDING_PARTIES,
    RuleBroken,
    check_version,
    coordinators_of,
    funding_of,
)

MIN_AMOUNT, MAX_AMOUNT = 1, 100_000_000
EARLIEST = date(2024, 1, 1)
DECIDABLE = frozenset({Status.IN_REVIEW, Status.ACCEPTED})
CHOICES = (Decision.GRANTED, Decision.REJECTED)
REFERENCE_AT_MOST = 100


@dataclass(frozen=True)
class BackingState:
    """The member parties named on a submission: who has confirmed, who not yet."""

    confirmed: list[Organisation]
    waiting: list[Organisation]
    needed: int = MIN_FUNDING_PARTIES

    @property
    def named(self) -> int:
        """How many member parties are named."""
        return len(self.confirmed) + len(self.waiting)

    @property
    def enough(self) -> bool:
        """Enough confirmed member parties for a grant."""
        return len(self.confirmed) >= self.needed


def backing_state(sub: Submission) -> BackingState:
    """Return the distinct member parties that have confirmed and that wait."""
    confirmed: dict[int, Organisation] = {}
    waiting: dict[int, Organisation] = {}
    for party in sub.parties:
        org = party.organisation
        if not org.is_member:
            continue
        (confirmed if party.backing == Backing.CONFIRMED else waiting)[org.id] = org
    return BackingState(
        sorted(confirmed.values(), key=lambda o: o.name),
        sorted(
            (o for i, o in waiting.items() if i not in confirmed),
            key=lambda o: o.name,
        ),
    )


def can_decide(sub: Submission, request: FundingRequest | None) -> bool:
    """An initiative with a funding request, in review or accepted, can be decided."""
    return (
        request is not None and sub.kind == Kind.INITIATIVE and sub.status in DECIDABLE
    )


def check_decision(value: str | None) -> Decision:
    """Return the decision chosen; only a grant or a rejection can be recorded."""
    if value not in {d.value for d in CHOICES}:
        raise RuleBroken(
            _l("Choose whether the joint funds are granted or rejected."),
            field="decision",
        )
    return Decision(value)


def check_amount(decision: Decision, amount: int | None) -> None:
    """A grant has an amount in whole kronor within bounds; a rejection none."""
    if decision == Decision.REJECTED:
        if amount is not None:
            raise RuleBroken(
                _l("Leave the amount empty when the funds are rejected."),
                field="granted_amount",
            )
        return
    if amount is None:
        raise RuleBroken(
            _l("Give the amount granted, in whole kronor."), field="granted_amount"
        )
    if not MIN_AMOUNT <= amount <= MAX_AMOUNT:
        raise RuleBroken(
            _l(
                "The amount must be between %(min)s and %(max)s.",
                min=kronor(MIN_AMOUNT),
                max=kronor(MAX_AMOUNT),
            ),
            field="granted_amount",
        )


def check_decided_on(day: date | None) -> None:
    """The board's date is given, not in the future and not before 2024."""
    if day is None:
        raise RuleBroken(_l("Give the date of the board's decision."), "decided_on")
    if day > local_today():
        raise RuleBroken(
            _l("The board's decision cannot be dated in the future."), "decided_on"
        )
    if day < EARLIEST:
        raise RuleBroken(
            _l("Give a date from %(date)s on.", date=EARLIEST.isoformat()),
            "decided_on",
        )


def check_reference(reference: str) -> str:
    """Return the minutes or diary number, which a decision must have."""
    reference = (reference or "").strip()
    if not reference:
        raise RuleBroken(
            _l("Give the minutes or diary number of the decision (e.g. § 7)."),
            field="reference",
        )
    if len(reference) > REFERENCE_AT_MOST:
        raise RuleBroken(
            _l("At most %(max)d characters.", max=REFERENCE_AT_MOST), "reference"
        )
    return reference


def check_backing(sub: Submission) -> None:
    """Refuse a grant until two distinct member parties have confirmed (Finsam)."""
    state = backing_state(sub)
    if state.enough:
        return
    names = ", ".join(o.name for o in state.confirmed) or "–"
    found = lazy_ngettext(
        "A grant needs at least %(needed)d member parties that have confirmed "
        "their backing; %(num)d has confirmed (%(names)s).",
        "A grant needs at least %(needed)d member parties that have confirmed "
        "their backing; %(num)d have confirmed (%(names)s).",
        len(state.confirmed),
        needed=state.needed,
        names=names,
    )
    if state.waiting:
        missing = _l(
            "Waiting for: %(names)s.",
            names=", ".join(o.name for o in state.waiting),
        )
    else:
        missing = _l("Name another member party and ask it to confirm.")
    raise RuleBroken(f"{found} {missing}", field="decision")


def decide(
    sub: Submission,
    actor: User,
    decision: Decision | str | None,
    amount: int | None,
    decided_on: date | None,
    reference: str,
    note: str = "",
    version: int | None = None,
) -> FundingRequest:
    """Record the board's decision on the funds requested, or change it."""
    check_version(sub, version)
    request = funding_of(sub) if sub.kind == Kind.INITIATIVE else None
    _check_decidable(sub, request)
    decision = check_decision(decision)
    check_amount(decision, amount)
    check_decided_on(decided_on)
    reference, note = check_reference(reference), (note or "").strip()
    if decision == Decision.GRANTED:
        check_backing(sub)
    after = (decision, amount, decided_on, reference, note)
    if after == _decided(request):
        raise RuleBroken(
            _l(
                "This decision is already recorded; "
                "change something to record a new one."
            ),
            field="decision",
        )
    before_text = _text_of(request)
    with money_tallies.kept([sub.id]):
        _set(request, actor, *after)
        if decision == Decision.GRANTED:
            _make_insats(sub)
    record(
        sub,
        actor,
        EventKind.FUNDING,
        note=_event_note(before_text, _text_of(request)),
    )
    flag_modified(sub, "last_activity_at")  # the row moves on: a new version
    _tell(sub, request)
    return request


def _check_decidable(sub: Submission, request: FundingRequest | None) -> None:
    if request is None:
        raise RuleBroken(
            _l("Only an initiative that requests joint funds can be decided on."),
            field="decision",
        )
    if not can_decide(sub, request):
        raise RuleBroken(
            _l(
                "A funding decision can be recorded while the initiative is in "
                "review or accepted."
            ),
            field="decision",
        )


def _decided(request: FundingRequest) -> tuple | None:
    if request.decision == Decision.PENDING:
        return None
    return (
        request.decision,
        request.granted_amount,
        request.decided_on,
        request.reference,
        request.decision_note,
    )


def _set(request, actor, decision, amount, decided_on, reference, note) -> None:
    request.decision, request.granted_amount = decision, amount
    request.decided_on, request.reference = decided_on, reference
    request.decision_note, request.decided_by_id = note, actor.id
    request.decided_at = utcnow()


def _text_of(request: FundingRequest) -> str:
    """The decision in a sentence, as the timeline keeps it."""
    if request.decision == Decision.PENDING:
        return ""
    when = request.decided_on.isoformat() if request.decided_on else ""
    if request.decision == Decision.GRANTED:
        text = _l(
            "Granted %(amount)s (board decision %(date)s, %(reference)s)",
            amount=kronor(request.granted_amount or 0),
            date=when,
            reference=request.reference,
        )
    else:
        text = _l(
            "Rejected (board decision %(date)s, %(reference)s)",
            date=when,
            reference=request.reference,
        )
    return f"{text}. {request.decision_note}" if request.decision_note else str(text)


def _event_note(before: str, after: str) -> str:
    if not before:
        return after
    return str(
        _l("Changed to: %(after)s (was: %(before)s)", after=after, before=before)
    )


def _make_insats(sub: Submission) -> None:
    """A grant makes the insats record, once; a later rejection keeps it."""
    if db.session.get(Insats, sub.id) is not None:
        return
    origin = sub.origin
    starts_on, ends_on = sub.period_start, sub.period_end
    try:
        check_period(starts_on, ends_on)
    except RuleBroken:  # e.g. "until 2099": the office sets the insats's own
        starts_on = ends_on = None
    db.session.add(
        Insats(
            id=sub.id,
            name=sub.title,
            description=sub.summary,
            starts_on=starts_on,
            ends_on=ends_on,
            served=[origin] if origin.kind == OrgKind.MUNICIPALITY else [],
        )
    )


def _tell(sub: Submission, request: FundingRequest) -> None:
    """Tell the origin's coordinators and those of every confirmed backer."""
    backers = {o.id for o in backing_state(sub).confirmed} | {sub.origin_id}
    notify(
        coordinators_of(sorted(backers)),
        "funding",
        sub.id,
        title=sub.title,
        decision=request.decision.value,
        amount=request.granted_amount or "",
        date=request.decided_on.isoformat(),
    )
