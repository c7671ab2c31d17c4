"""Two years of demo activity: submissions, timelines, funds, spreads and notices."""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from . import demo_texts as texts
from .base import Base, db, utcnow
from .demo_texts import Item
from .events import Comment, Event, EventKind
from .funding import Decision, FundingRequest
from .notification import MailStatus, Notification
from .organisation import Organisation
from .rendering import render_markdown
from .spread import Answer, Spread
from .submission import Backing, Kind, Status, Submission, SubmissionParty, TargetGroup
from .user import Role, User

CENTRAL = "kansli@samnod.test"
DEMO_NODES = ("koping", "fagersta", "vasteras")


@dataclass
class Seed:
    """What every seeding step shares."""

    rng: random.Random
    now: datetime
    orgs: dict[str, Organisation]
    central: User
    coordinators: dict[str, User]
    groups: dict[str, TargetGroup]
    subs: dict[str, Submission] = field(default_factory=dict)
    decided: dict[str, datetime] = field(default_factory=dict)
    funding: dict[str, FundingRequest] = field(default_factory=dict)
    spreads: list[Spread] = field(default_factory=list)
    pending: list[tuple[datetime, int, Submission, Base]] = field(default_factory=list)

    def later(self, at: datetime, sub: Submission, row: Base) -> None:
        """Queue a row that needs the submission's id; an event marks activity."""
        self.pending.append((at, len(self.pending), sub, row))
        if isinstance(row, Event) and at > sub.last_activity_at:
            sub.last_activity_at = sub.updated_at = at


@dataclass
class Timeline:
    """One submission's history, walked forward in time."""

    seed: Seed
    sub: Submission
    item: Item
    t: datetime

    def wait(self, lo: float, hi: float) -> None:
        """Move lo to hi days forward, into office hours, never past now."""
        rng = self.seed.rng
        t = self.t + timedelta(days=rng.uniform(lo, hi))
        t = t.replace(hour=rng.randint(6, 14), minute=rng.randint(0, 59), microsecond=0)
        t = max(t, self.t + timedelta(minutes=rng.randint(5, 90)))
        self.t = min(t, self.seed.now - timedelta(minutes=1))

    def log(self, kind: EventKind, actor: User, note: str = "", **kw: object) -> None:
        """Queue a timeline event at the current time."""
        self.seed.later(self.t, self.sub, _event(kind, actor, note, **kw))

    def move(self, actor: User, to: Status, note: str = "") -> None:
        """Record a status transition."""
        old = self.sub.status.value
        self.log(EventKind.STATUS, actor, note, from_status=old, to_status=to.value)
        self.sub.status = to

    def comment(self, author: User, text: str) -> None:
        """Post a comment in the thread and on the timeline."""
        self.seed.later(self.t, self.sub, Comment(author_id=author.id, text=text))
        self.log(EventKind.COMMENT, author, text)


def _event(kind: EventKind, actor: User, note: str = "", **kw: object) -> Event:
    """Return a timeline event, not yet tied to its submission."""
    return Event(kind=kind, actor_id=actor.id, note=note, **kw)


def seed_activity(orgs: dict[str, Organisation], users: dict[str, User]) -> int:
    """Create the demo activity once; return how many submissions were created."""
    if db.session.scalar(db.select(Submission.id).limit(1)) is not None:
        return 0
    seed = _seed(orgs, users)
    timelines = [_create(seed, item) for item in texts.ITEMS]
    db.session.add_all(sorted(seed.subs.values(), key=lambda s: s.created_at))
    for tl in timelines:
        _spread(seed, tl)
    db.session.flush()  # ids for the notifications' links
    _notify(seed)
    for at, _, sub, row in sorted(seed.pending, key=lambda p: (p[0], p[1])):
        row.submission_id, row.created_at = sub.id, at
        if isinstance(row, Event):  # as events.record() does
            row.origin_id = sub.origin_id
        db.session.add(row)
    db.session.flush()
    return len(timelines)


def _seed(orgs: dict[str, Organisation], users: dict[str, User]) -> Seed:
    """Gather the office account, one coordinator per node and the target groups."""
    coordinators = {slug: users[f"{slug}@samnod.test"] for slug in DEMO_NODES}
    for slug, name in texts.COORDINATOR_NAMES.items():
        email = f"{slug}.samordnare@samnod.test"
        user = db.session.scalar(db.select(User).where(User.email == email))
        if user is None:
            user = User(email=email, name=name, role=Role.COORDINATOR)
            user.organisation = orgs[slug]
            user.set_password(secrets.token_urlsafe(24))  # nobody signs in as them
            db.session.add(user)
        coordinators[slug] = user
    db.session.flush()
    groups = {g.slug: g for g in db.session.scalars(db.select(TargetGroup))}
    rng = random.Random(2024)  # noqa: S311 - reproducible demo data, not security
    now = utcnow().replace(microsecond=0)
    return Seed(rng, now, orgs, users[CENTRAL], coordinators, groups)


def _create(seed: Seed, item: Item) -> Timeline:
    """Build one submission and walk its history."""
    fields = {"title": item.title, "summary": item.summary, **item.fields}
    sub = Submission(kind=Kind(item.kind), status=Status.DRAFT, **fields)
    sub.origin, sub.author = seed.orgs[item.origin], seed.coordinators[item.origin]
    names = [seed.orgs[slug].name for slug in (item.origin, *item.parties)]
    sub.body_md = texts.body(item.body, names)
    for name in ("body", "method", "evidence"):
        setattr(sub, f"{name}_html", render_markdown(getattr(sub, f"{name}_md")))
    sub.target_groups = [seed.groups[slug] for slug in item.groups]
    sub.created_at = sub.last_activity_at = sub.updated_at = _start(seed, item)
    tl = Timeline(seed, sub, item, sub.created_at)
    tl.log(EventKind.CREATED, sub.author)
    if item.amount:
        budget = texts.budget(seed.rng, item.amount)
        request = FundingRequest(amount=item.amount, decision=Decision.PENDING)
        request.budget, request.budget_html = budget, render_markdown(budget)
        seed.funding[item.title] = request
        seed.later(tl.t, sub, request)
    _parties(tl)
    _history(tl)
    _dates(tl)
    seed.subs[item.title] = sub
    return tl


def _start(seed: Seed, item: Item) -> datetime:
    """Pick when the submission was created; a merged one after its target."""
    rng = seed.rng
    if item.merge_into:
        start = seed.decided[item.merge_into] + timedelta(days=rng.uniform(5, 60))
    else:
        lo, hi = item.age or texts.AGES[item.status]
        start = seed.now - timedelta(days=rng.uniform(lo, hi))
    return start.replace(
        hour=rng.randint(6, 14), minute=rng.randint(0, 59), second=0, microsecond=0
    )


def _parties(tl: Timeline) -> None:
    """Name the origin and its partners; partners confirm, a few still pending."""
    item, status = tl.item, Status(tl.item.status)
    still_open = status in (Status.SUBMITTED, Status.NEEDS_INFO)
    for n, slug in enumerate((item.origin, *item.parties)):
        org = tl.seed.orgs[slug]
        party = SubmissionParty(organisation=org, backing=Backing.PENDING)
        tl.sub.parties.append(party)
        if n and (status == Status.DRAFT or (still_open and n > 1)):
            continue
        who = tl.seed.coordinators[slug]
        if n:
            tl.wait(0.05, 1)
            tl.log(EventKind.BACKING, who, texts.BACKING_NOTE.format(org=org.name))
        party.backing = Backing.CONFIRMED
        party.confirmed_by_id, party.confirmed_at = who.id, tl.t


def _history(tl: Timeline) -> None:
    """Walk the central workflow to the item's final status."""
    sub, rng, target = tl.sub, tl.seed.rng, Status(tl.item.status)
    if target == Status.DRAFT:
        return
    tl.wait(0.01, 1.5)
    sub.submitted_at = tl.t
    tl.move(sub.author, Status.SUBMITTED)
    if target == Status.SUBMITTED:
        if rng.random() < 0.4:
            _assign(tl)
    elif target != Status.WITHDRAWN or rng.random() < 0.5:
        _review(tl, target)
    if target == Status.WITHDRAWN:  # allowed while submitted or asked for more
        tl.wait(1, 10)
        tl.move(sub.author, target, tl.item.note or texts.WITHDRAW_NOTE)


def _review(tl: Timeline, target: Status) -> None:
    """The office takes the submission on and works it towards the target."""
    central, rng = tl.seed.central, tl.seed.rng
    _assign(tl)
    tl.move(central, Status.IN_REVIEW)
    if rng.random() < 0.4:
        tl.wait(0.1, 3)
        tl.log(EventKind.NOTE, central, rng.choice(texts.INTERNAL_NOTES), internal=True)
    if target in (Status.NEEDS_INFO, Status.WITHDRAWN):
        _ask(tl)
    elif target != Status.IN_REVIEW:
        if rng.random() < 0.35:
            _ask(tl, answered=True)
        _decide(tl, target)


def _assign(tl: Timeline) -> None:
    """Assign the submission to the office's officer."""
    central = tl.seed.central
    tl.wait(0.05, 2)
    tl.sub.assignee = central
    tl.log(EventKind.ASSIGNED, central, central.name)


def _ask(tl: Timeline, answered: bool = False) -> None:
    """The office asks for more (komplettering); the node may answer it."""
    seed, author = tl.seed, tl.sub.author
    tl.wait(1, 7)
    tl.move(seed.central, Status.NEEDS_INFO)
    tl.comment(seed.central, seed.rng.choice(texts.INFO_REQUESTS[tl.item.kind]))
    if answered:  # an answer from the node returns it to the office
        tl.wait(1, 7)
        tl.comment(author, seed.rng.choice(texts.INFO_REPLIES))
        tl.move(author, Status.SUBMITTED)
        tl.wait(0.1, 2)
        tl.move(seed.central, Status.IN_REVIEW)


def _decide(tl: Timeline, target: Status) -> None:
    """Accept, decline or merge, with a note; then decide any funding request."""
    seed, item, central = tl.seed, tl.item, tl.seed.central
    tl.wait(2, 14)
    if target == Status.ACCEPTED:
        note = seed.rng.choice(texts.ACCEPT_NOTES[item.kind])
    elif target == Status.DECLINED:
        note = item.note or texts.DECLINE_NOTE
    else:
        into = tl.sub.merged_into = seed.subs[item.merge_into]
        note = texts.MERGE_NOTE.format(title=into.title)
        origin = seed.orgs[item.origin].name
        here = texts.MERGED_HERE_NOTE.format(title=item.title, origin=origin)
        seed.later(tl.t, into, _event(EventKind.MERGED, central, here))
    tl.move(central, target, note)
    seed.decided[item.title] = tl.t
    if item.published and target == Status.ACCEPTED:
        tl.sub.is_method = True
        tl.log(EventKind.PUBLISHED, central)
    if item.amount and target in (Status.ACCEPTED, Status.DECLINED):
        _decide_funding(tl, target == Status.ACCEPTED and item.funding != "rejected")


def _decide_funding(tl: Timeline, grant: bool) -> None:
    """Record the office's decision on the initiative's funding request."""
    seed, request = tl.seed, tl.seed.funding[tl.item.title]
    tl.wait(0, 0)
    if grant:
        reduced = int(round(request.amount * 0.8, -4))
        request.granted_amount = reduced if seed.rng.random() < 0.4 else request.amount
        note = texts.GRANTED_NOTE.format(amount=texts.kronor(request.granted_amount))
    elif tl.sub.status == Status.ACCEPTED:
        note = texts.FUNDS_LATER_NOTE
    else:
        note = texts.REJECTED_NOTE
    request.decision = Decision.GRANTED if grant else Decision.REJECTED
    request.decision_note, request.decided_at = note, tl.t
    request.decided_by_id = seed.central.id
    tl.log(EventKind.FUNDING, seed.central, note)


def _dates(tl: Timeline) -> None:
    """Fill the initiative's period or the practice's review date."""
    sub, rng = tl.sub, tl.seed.rng
    if sub.kind == Kind.INITIATIVE:
        start = (sub.created_at + timedelta(days=rng.randint(20, 80))).date()
        sub.period_start = start.replace(day=1)
        end = sub.period_start.replace(year=start.year + rng.randint(1, 2))
        sub.period_end = end - timedelta(days=1)
    elif sub.kind == Kind.PRACTICE:
        reviewed = tl.seed.decided.get(tl.item.title, sub.created_at)
        sub.review_date = (reviewed + timedelta(days=365)).date()


def _spread(seed: Seed, tl: Timeline) -> None:
    """Spread an accepted submission to other nodes and record their answers."""
    item, rng = tl.item, seed.rng
    if item.status != Status.ACCEPTED:
        return
    if not item.spread and rng.random() >= texts.SPREAD_CHANCE[item.kind]:
        return
    at = seed.decided[item.title] + timedelta(days=rng.randint(2, 20), hours=1)
    if at > seed.now - timedelta(days=3):
        return
    pool = [s for s, org in seed.orgs.items() if org.is_member and s != item.origin]
    chosen = sorted(rng.sample(pool, rng.randint(3, 6)))
    answers, weights = list(texts.ANSWER_WEIGHTS), list(texts.ANSWER_WEIGHTS.values())
    targets = list(item.spread) or [
        (s, rng.choices(answers, weights)[0]) for s in chosen
    ]
    days = rng.choice((30, 45, 60)) if item.spread or rng.random() < 0.5 else 0
    message = rng.choice(texts.SPREAD_MESSAGES[item.kind])
    names = ", ".join(seed.orgs[slug].name for slug, _ in targets)
    note = texts.SPREAD_NOTE.format(message=message, names=names)
    seed.later(at, tl.sub, _event(EventKind.SPREAD, seed.central, note))
    for slug, answer in targets:
        spread = Spread(submission=tl.sub, organisation=seed.orgs[slug], created_at=at)
        spread.spread_by_id, spread.message = seed.central.id, message
        spread.deadline = (at + timedelta(days=days)).date() if days else None
        db.session.add(spread)
        seed.spreads.append(spread)
        _answer(seed, spread, Answer(answer) if answer else None, bool(item.spread))


def _answer(seed: Seed, spread: Spread, answer: Answer | None, planned: bool) -> None:
    """Record the node's answer, or leave it open and remind when overdue."""
    rng, now, start = seed.rng, seed.now, spread.created_at
    at = start + timedelta(days=rng.randint(3, 75), minutes=rng.randint(-90, 240))
    if planned:
        at = min(at, now - timedelta(hours=rng.uniform(6, 72)))
    if answer is None or at >= now:
        reminder = spread.deadline and spread.deadline + timedelta(days=2)
        if reminder and reminder < now.date():
            spread.reminded_at = datetime.combine(reminder, time(6))
        return
    who, org = seed.coordinators[spread.organisation.slug], spread.organisation
    steps = [(answer, at)]
    if answer == Answer.ADOPTED and rng.random() < 0.5:  # first "adopting", then done
        steps.insert(0, (Answer.ADOPTING, start + (at - start) / 2))
    for step, when in steps:
        note = rng.choice(texts.ANSWER_NOTES[step.value])
        label = texts.ANSWER_LABELS[step.value]
        text = texts.ANSWER_NOTE.format(org=org.name, label=label, note=note)
        seed.later(when, spread.submission, _event(EventKind.ANSWER, who, text))
    spread.answer, spread.answer_note = answer, note
    spread.answered_by_id, spread.answered_at = who.id, at


def _notice(key: str, sub: Submission, kw: dict) -> tuple[str, dict]:
    """The kind and parameters a notification of this demo event stores."""
    title = sub.title
    if key == "submitted":  # to the node: its submission has arrived
        return "status", {"title": title, "status": Status.SUBMITTED.value}
    if key == "needs_info":
        return "needs_info", {"title": title}
    if key == "spread":
        spread = kw.pop("spread")
        return "spread", {
            "title": title,
            "spread": str(spread.id),
            "node_slug": spread.organisation.slug,
        }
    if key == "answer":
        return "answer", {"title": title, "node": kw["org"], "answer": kw.pop("answer")}
    return "submitted", {"title": title, "node": kw["org"]}  # to the office


def _notify(seed: Seed) -> None:
    """Leave a few unread notifications for the demo accounts (already mailed)."""

    def tell(user: User, sub: Submission, key: str, at: datetime, **kw: str) -> None:
        kind, params = _notice(key, sub, kw)
        row = Notification(
            user_id=user.id,
            kind=kind,
            params=params,
            submission_id=sub.id,
            text=texts.NOTICES[key].format(title=sub.title, **kw),
            mail_status=MailStatus.SENT,  # the demo sends no mail
        )
        row.emailed_at = at + timedelta(minutes=5)
        seed.later(at + timedelta(minutes=1), sub, row)

    for slug in DEMO_NODES:
        user, org = seed.coordinators[slug], seed.orgs[slug]
        for sub in (s for s in seed.subs.values() if s.origin is org):
            if sub.status in (Status.SUBMITTED, Status.NEEDS_INFO):
                tell(user, sub, sub.status.value, sub.last_activity_at)
        received = [s for s in seed.spreads if s.organisation is org]
        if received:
            s = max(received, key=lambda s: s.created_at)
            tell(user, s.submission, "spread", s.created_at, org=org.name, spread=s)
        answered = [s for s in seed.spreads if s.submission.origin is org and s.answer]
        if answered:
            s = max(answered, key=lambda s: s.answered_at)
            by, label = s.organisation.name, texts.ANSWER_LABELS[s.answer.value]
            tell(
                user,
                s.submission,
                "answer",
                s.answered_at,
                org=by,
                label=label,
                answer=s.answer.value,
            )
    waiting = [s for s in seed.subs.values() if s.status == Status.SUBMITTED]
    for sub in sorted(waiting, key=lambda s: s.submitted_at)[-3:]:
        tell(seed.central, sub, "inbox", sub.submitted_at, org=sub.origin.name)
