"""One submission's history: made, sent, backed, triaged and decided.

Each step calls the rule a person's request would call, at the planned time.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from models import (
    Decision,
    EventKind,
    Kind,
    Status,
    Submission,
    User,
    triage,
    utcnow,
    workflow,
)
from models.events import record

from .data import Item, body, budget, kronor
from .plan import Demo, Timeline

# Days before now a submission in each final status was created (unless set).
AGES = {
    "draft": (1, 60),
    "submitted": (5, 25),
    "in_review": (8, 70),
    "needs_info": (14, 60),
    "accepted": (45, 700),
    "declined": (40, 700),
    "merged": (40, 700),
    "withdrawn": (30, 600),
}


def plan_submission(demo: Demo, item: Item) -> Timeline:
    """Plan one submission: made, then walked through the office."""
    created = _start(demo, item)
    tl = Timeline(demo, item, created)
    names = [demo.orgs[slug].name for slug in (item.origin, *item.parties)]
    values = {
        "title": item.title,
        "summary": item.summary,
        "body_md": body(item.body, names),
        **item.fields,
    }
    shapes = demo.phrases["budget_shape"]
    funds = budget(demo.rng, shapes, item.amount) if item.amount else ""
    tl.then(tl.author, lambda: _create(demo, item, values, funds))
    _history(tl)
    values.update(_dates(tl, created))
    return tl


def _create(demo: Demo, item: Item, values: dict, funds: str) -> None:
    sub = workflow.create(
        Kind(item.kind),
        demo.orgs[item.origin],
        demo.coordinators[item.origin],
        values,
        [demo.groups[slug] for slug in item.groups],
        [demo.orgs[slug] for slug in item.parties],
    )
    if item.amount:
        workflow.set_funding(sub, item.amount, funds)
    demo.subs[item.title] = sub


def _start(demo: Demo, item: Item) -> datetime:
    """Pick when the submission was created; a merged one after its target."""
    rng = demo.rng
    if item.merge_into:
        start = demo.decided[item.merge_into] + timedelta(days=rng.uniform(5, 60))
    else:
        lo, hi = item.age or AGES[item.status]
        start = demo.now - timedelta(days=rng.uniform(lo, hi))
    return start.replace(
        hour=rng.randint(6, 14), minute=rng.randint(0, 59), second=0, microsecond=0
    )


def _history(tl: Timeline) -> None:
    """Send it, have its partners back it, and walk it to the item's status."""
    rng, target, author = tl.demo.rng, Status(tl.item.status), tl.author
    if target == Status.DRAFT:
        return
    tl.wait(0.01, 1.5)
    tl.then(author, lambda: workflow.submit(tl.sub, author))
    _backing(tl, still_open=target in (Status.SUBMITTED, Status.NEEDS_INFO))
    if target == Status.SUBMITTED:
        if rng.random() < 0.4:
            _assign(tl)
    elif target != Status.WITHDRAWN or rng.random() < 0.5:
        _review(tl, target)
    if target == Status.WITHDRAWN:  # allowed while submitted or asked for more
        tl.wait(1, 10)
        reason = tl.item.note or tl.demo.phrases["notes"]["withdraw"]
        tl.then(author, lambda: workflow.withdraw(tl.sub, author))
        tl.then(author, lambda: workflow.add_comment(tl.sub, author, reason))


def _backing(tl: Timeline, still_open: bool) -> None:
    """The named partners confirm; while it is open, only the first has yet."""
    for n, slug in enumerate(tl.item.parties):
        if still_open and n:
            return
        who = tl.demo.coordinators[slug]
        tl.wait(0.05, 1)
        tl.then(who, lambda who=who: workflow.confirm_backing(tl.sub, who))


def _review(tl: Timeline, target: Status) -> None:
    """The office takes the submission on and works it towards the target."""
    central, rng, notes = tl.demo.central, tl.demo.rng, tl.demo.phrases["notes"]
    _assign(tl)
    tl.then(central, lambda: triage.transition(tl.sub, Status.IN_REVIEW, central))
    if rng.random() < 0.4:
        tl.wait(0.1, 3)
        note = rng.choice(notes["internal"])
        tl.then(central, lambda: triage.add_note(tl.sub, central, note))
    if target in (Status.NEEDS_INFO, Status.WITHDRAWN):
        _ask(tl)
    elif target != Status.IN_REVIEW:
        if rng.random() < 0.35:
            _ask(tl, answered=True)
        _decide(tl, target)


def _assign(tl: Timeline) -> None:
    """The office's officer takes the submission."""
    central = tl.demo.central
    tl.wait(0.05, 2)
    tl.then(central, lambda: triage.assign(tl.sub, central, central))


def _ask(tl: Timeline, answered: bool = False) -> None:
    """The office asks for more (komplettering); the node may answer it."""
    demo, author, central = tl.demo, tl.author, tl.demo.central
    tl.wait(1, 7)
    ask = demo.rng.choice(demo.phrases["info_requests"][tl.item.kind])
    tl.then(central, lambda: triage.transition(tl.sub, Status.NEEDS_INFO, central, ask))
    if answered:  # the answer returns it to the office, which takes it up again
        tl.wait(1, 7)
        reply = demo.rng.choice(demo.phrases["notes"]["info_replies"])
        tl.then(author, lambda: workflow.add_comment(tl.sub, author, reply))
        tl.wait(0.1, 2)
        tl.then(central, lambda: triage.transition(tl.sub, Status.IN_REVIEW, central))


def _decide(tl: Timeline, target: Status) -> None:
    """Accept, decline or merge, with a note; then decide any funding request."""
    demo, item, central = tl.demo, tl.item, tl.demo.central
    notes = demo.phrases["notes"]
    tl.wait(2, 14)
    if target == Status.MERGED:
        note = notes["merge"].format(title=item.merge_into)
        tl.then(central, lambda: triage.add_note(tl.sub, central, note))
        tl.then(
            central, lambda: triage.merge(tl.sub, demo.subs[item.merge_into], central)
        )
    else:
        if target == Status.ACCEPTED:
            note = demo.rng.choice(demo.phrases["accept_notes"][item.kind])
        else:
            note = item.note or notes["decline"]
        tl.then(central, lambda: triage.transition(tl.sub, target, central, note))
    demo.decided[item.title] = tl.t
    if item.published and target == Status.ACCEPTED:
        tl.then(central, lambda: triage.publish(tl.sub, central, True, None))
    if item.amount and target in (Status.ACCEPTED, Status.DECLINED):
        _decide_funding(tl, target == Status.ACCEPTED and item.funding != "rejected")


def _decide_funding(tl: Timeline, grant: bool) -> None:
    """Plan the office's decision on the initiative's funding request."""
    demo, notes, amount = tl.demo, tl.demo.phrases["notes"], tl.item.amount
    tl.wait(0, 0)
    granted = None
    if grant:
        reduced = int(round(amount * 0.8, -4))
        granted = reduced if demo.rng.random() < 0.4 else amount
        note = notes["granted"].format(amount=kronor(granted))
    elif tl.item.status == Status.ACCEPTED:
        note = notes["funds_later"]
    else:
        note = notes["rejected"]
    decision = Decision.GRANTED if grant else Decision.REJECTED
    tl.then(
        demo.central,
        lambda: record_funding_decision(tl.sub, demo.central, decision, granted, note),
    )


def record_funding_decision(
    sub: Submission, actor: User, decision: Decision, granted: int | None, note: str
) -> None:
    """Decide the submission's funding request; a demo step, as no rule does yet.

    The funds issue (#11) adds the rule; until then this sets the request's
    decision as that rule will, and writes the timeline event through record().
    """
    request = workflow.funding_of(sub)
    request.decision, request.granted_amount = decision, granted
    request.decision_note, request.decided_at = note, utcnow()
    request.decided_by_id = actor.id
    record(sub, actor, EventKind.FUNDING, note)


def _dates(tl: Timeline, created: datetime) -> dict:
    """The initiative's period or the practice's review date, for its form."""
    rng, kind = tl.demo.rng, Kind(tl.item.kind)
    if kind == Kind.INITIATIVE:
        start = (created + timedelta(days=rng.randint(20, 80))).date()
        period_start = start.replace(day=1)
        end = period_start.replace(year=start.year + rng.randint(1, 2))
        return {"period_start": period_start, "period_end": end - timedelta(days=1)}
    if kind == Kind.PRACTICE:
        reviewed = tl.demo.decided.get(tl.item.title, created)
        return {"review_date": (reviewed + timedelta(days=365)).date()}
    return {}
