"""The rules of a submission's life: create, edit, submit, withdraw, comment, back.

Rules raise domain exceptions; routes map them to 409/422. Model code adds and
flushes; only routes and CLI commands commit.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from . import money_tallies
from .base import db, utcnow
from .events import Comment, EventKind, record
from .funding import FundingRequest
from .notification import notify
from .organisation import Organisation
from .read import fulltext
from .rendering import render_markdown
from .submission import Backing, Kind, Status, Submission, SubmissionParty
from .user import Role, User

MIN_FUNDING_PARTIES = 2


class RuleBroken(ValueError):  # noqa: N818 - a domain refusal, not a crash
    """A domain rule refused the change; `field` names where to show it."""

    def __init__(self, message, field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field


class StaleVersion(RuleBroken):
    """Someone else changed the submission after the user read it."""


def check_version(sub: Submission, read_version: int | None) -> None:
    """Refuse a change made from a stale read of the submission."""
    if read_version is not None and int(read_version) != sub.version:
        raise StaleVersion(_l("Someone else changed this while you were working."))


def set_parties(sub: Submission, orgs: list[Organisation]) -> None:
    """Name the member parties; the origin always backs its own submission.

    A party named after the submission was sent is asked to back it at once.
    """
    origin_id = sub.origin.id
    wanted = {o.id for o in orgs} | {origin_id}
    with money_tallies.kept([sub.id]):  # a backer of a grant dropped or named
        sub.parties = [p for p in sub.parties if p.organisation_id in wanted]
        present = {p.organisation_id for p in sub.parties}
        for org_id in sorted(wanted - present):
            backing = Backing.CONFIRMED if org_id == origin_id else Backing.PENDING
            sub.parties.append(SubmissionParty(organisation_id=org_id, backing=backing))
    if sub.status not in (None, Status.DRAFT):
        _ask_parties_to_back(sub, wanted - present)


def set_funding(sub: Submission, amount: int | None, budget: str) -> None:
    """Attach, change or drop the funding request of an initiative."""
    current = db.session.scalar(
        db.select(FundingRequest).filter_by(submission_id=sub.id)
    )
    if amount and sub.kind == Kind.INITIATIVE:
        if current is None:
            current = FundingRequest(submission_id=sub.id, amount=amount)
            db.session.add(current)
        current.amount, current.budget = amount, budget
        current.budget_html = render_markdown(budget)
    elif current is not None:
        with money_tallies.kept([sub.id]):  # a granted request can be dropped
            db.session.delete(current)


def funding_of(sub: Submission) -> FundingRequest | None:
    """Return the submission's funding request, if it has one."""
    return db.session.scalar(db.select(FundingRequest).filter_by(submission_id=sub.id))


def confirmed_parties(sub: Submission) -> int:
    """Count the member parties that stand behind the submission."""
    return sum(1 for p in sub.parties if p.backing == Backing.CONFIRMED)


def breaks_finsam_rule(funds_requested: bool, parties_named: int) -> bool:
    """Joint funds need at least two member parties named (the Finsam rule)."""
    return funds_requested and parties_named < MIN_FUNDING_PARTIES


def check_finsam_rule(sub: Submission) -> None:
    """Refuse a funding request with too few member parties named (Finsam)."""
    if breaks_finsam_rule(funding_of(sub) is not None, len(sub.parties)):
        raise RuleBroken(
            _l(
                "Joint funds can only be requested when at least two member parties "
                "see the need (the Finsam rule). Name at least one more party."
            ),
            field="parties",
        )


def submit(sub: Submission, actor: User) -> None:
    """Send a draft to the county office: status, timeline, notifications."""
    if sub.status != Status.DRAFT:
        raise RuleBroken(_l("Only a draft can be sent to the county office."))
    check_finsam_rule(sub)
    sub.status, sub.submitted_at = Status.SUBMITTED, utcnow()
    record(
        sub,
        actor,
        EventKind.STATUS,
        from_status=Status.DRAFT,
        to_status=Status.SUBMITTED,
    )
    notify(_office(), "submitted", sub.id, node=sub.origin.name, title=sub.title)
    _ask_parties_to_back(sub)


def _office() -> list[User]:
    return list(
        db.session.scalars(
            db.select(User).where(User.role == Role.CENTRAL, User.active)
        )
    )


def coordinators_of(org_ids) -> list[User]:
    """Return the active coordinators of these organisations."""
    return list(
        db.session.scalars(
            db.select(User).where(
                User.role == Role.COORDINATOR,
                User.active,
                User.organisation_id.in_(list(org_ids)),
            )
        )
    )


def _ask_parties_to_back(sub: Submission, only: set[int] | None = None) -> None:
    pending = [
        p.organisation_id
        for p in sub.parties
        if p.backing == Backing.PENDING and (only is None or p.organisation_id in only)
    ]
    if pending and funding_of(sub) is not None:
        notify(
            coordinators_of(pending),
            "backing",
            sub.id,
            node=sub.origin.name,
            title=sub.title,
        )


def withdraw(sub: Submission, actor: User) -> None:
    """Withdraw a submission the office has not started on (never a delete)."""
    if not sub.can_withdraw:
        raise RuleBroken(
            _l(
                "The county office has started on this; it can no "
                "longer be withdrawn. Write a comment instead."
            )
        )
    record(
        sub, actor, EventKind.STATUS, from_status=sub.status, to_status=Status.WITHDRAWN
    )
    sub.status = Status.WITHDRAWN


def add_comment(sub: Submission, author: User, text: str) -> Comment:
    """Add to the thread; an answer from the node returns it to the office."""
    comment = Comment(submission_id=sub.id, author_id=author.id, text=text)
    db.session.add(comment)
    record(sub, author, EventKind.COMMENT, note=text)
    if sub.status == Status.NEEDS_INFO and author.organisation_id == sub.origin_id:
        record(
            sub,
            author,
            EventKind.STATUS,
            from_status=Status.NEEDS_INFO,
            to_status=Status.SUBMITTED,
        )
        sub.status, sub.info_answered_at = Status.SUBMITTED, utcnow()
        notify(_office(), "answered", sub.id, node=sub.origin.name, title=sub.title)
    return comment


def confirm_backing(sub: Submission, actor: User) -> None:
    """A coordinator confirms that their organisation stands behind it."""
    party = next(
        (p for p in sub.parties if p.organisation_id == actor.organisation_id), None
    )
    if party is None or actor.role != Role.COORDINATOR:
        raise RuleBroken(_l("Your organisation is not named on this submission."))
    if party.backing == Backing.CONFIRMED:
        raise RuleBroken(_l("Your organisation already stands behind this."))
    with money_tallies.kept([sub.id]):  # a grant's new backer
        party.backing, party.confirmed_by_id = Backing.CONFIRMED, actor.id
    party.confirmed_at = utcnow()
    record(
        sub,
        actor,
        EventKind.BACKING,
        note=str(_l("%(org)s stands behind it", org=actor.organisation.name)),
    )


def fill(
    sub: Submission, values: dict, target_groups: list, parties: list[Organisation]
) -> None:
    """Copy validated values onto the submission and render its Markdown once."""
    for name, value in values.items():
        setattr(sub, name, value if value is not None or name in NULLABLE else "")
    sub.body_html = render_markdown(sub.body_md)
    sub.method_html = render_markdown(sub.method_md)
    sub.evidence_html = render_markdown(sub.evidence_md)
    fulltext.add_words(sub.title, sub.summary, sub.body_md, sub.purpose, sub.method_md)
    sub.target_groups = list(target_groups)
    set_parties(sub, parties)


NULLABLE = frozenset(
    {"people_estimate", "urgency", "period_start", "period_end", "review_date"}
)


def create(
    kind: Kind,
    origin: Organisation,
    author: User,
    values: dict,
    target_groups: list,
    parties: list[Organisation],
    key: str | None = None,
) -> Submission:
    """Create a draft submission from validated values."""
    sub = Submission(
        kind=kind,
        origin=origin,
        author=author,
        title=values["title"],
        idempotency_key=key,
    )
    db.session.add(sub)
    fill(sub, values, target_groups, parties)
    db.session.flush()
    record(sub, author, EventKind.CREATED)
    return sub


def created_from(key: str | None) -> Submission | None:
    """Return the submission already made from the form with this key, if any."""
    if not key:
        return None
    return db.session.scalar(db.select(Submission).filter_by(idempotency_key=key))


def create_once(
    key: str | None,
    kind: Kind,
    origin: Organisation,
    author: User,
    values: dict,
    target_groups: list,
    parties: list[Organisation],
) -> tuple[Submission, bool]:
    """Create a draft from one form once; return it and whether it is new.

    A second post of the same form (a double click, a resent POST) gets the first
    one's submission. On PostgreSQL both posts may read before either commits: the
    unique key refuses the later insert, and it then finds the earlier row.
    """
    earlier = created_from(key)
    if earlier is not None:
        return earlier, False
    try:
        with db.session.begin_nested():
            sub = create(kind, origin, author, values, target_groups, parties, key)
    except IntegrityError:
        earlier = created_from(key)
        if earlier is None:
            raise
        return earlier, False
    return sub, True


def form_data(sub: Submission) -> dict:
    """Return the submission's values in the shape of its form, for editing."""
    names = (
        "title",
        "summary",
        "people_estimate",
        "urgency",
        "goal",
        "period_start",
        "period_end",
        "expected_results",
        "purpose",
        "method_md",
        "training",
        "evidence_md",
        "contact",
        "review_date",
    )
    data = {name: getattr(sub, name) for name in names}
    data["body"] = sub.body_md
    data["target_groups"] = [t.slug for t in sub.target_groups]
    data["parties"] = [p.organisation.slug for p in sub.parties]
    funding = funding_of(sub)
    if funding is not None:
        data["funding_amount"], data["budget"] = funding.amount, funding.budget
    return data
