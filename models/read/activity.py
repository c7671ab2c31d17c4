"""Read models for node pages: activity counts and a node's own submissions."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import contains_eager, joinedload, load_only

from ..base import db
from ..organisation import Organisation, OrgKind
from ..spread import Spread
from ..submission import LIST_COLUMNS, Kind, Status, Submission
from ..user import User
from .counts import Measure, node_kind_counts, tallies

PAGE_SIZE = 20


@dataclass
class NodeActivity:
    """One row of the node list."""

    org: Organisation
    needs: int
    initiatives: int
    practices: int
    spreads_received: int
    adoptions: int


def node_activity() -> list[NodeActivity]:
    """Count what each member has sent (drafts excluded) and received."""
    sent = node_kind_counts()
    received = tallies([Measure.SPREADS_RECEIVED, Measure.ADOPTIONS])
    orgs = db.session.scalars(
        db.select(Organisation)
        .where(Organisation.kind != OrgKind.OFFICE)
        .order_by(Organisation.name)
    )
    return [
        NodeActivity(
            org,
            sent.get((org.id, Kind.NEED), 0),
            sent.get((org.id, Kind.INITIATIVE), 0),
            sent.get((org.id, Kind.PRACTICE), 0),
            received.get((Measure.SPREADS_RECEIVED, org.id), 0),
            received.get((Measure.ADOPTIONS, org.id), 0),
        )
        for org in orgs
    ]


@dataclass
class Listing:
    """A page of a node's submissions, with counts per kind."""

    items: list[Submission]
    page: int
    pages: int
    counts: dict[Kind, int]


def node_submissions(org: Organisation, viewer: User, page: int = 1) -> Listing:
    """Return the node's submissions, newest first; drafts only for its own people."""
    where = [Submission.origin_id == org.id]
    if viewer.organisation_id != org.id:
        where.append(Submission.status != Status.DRAFT)
    own = viewer.organisation_id == org.id
    counts = {kind: n for (_org, kind), n in node_kind_counts(own, org.id).items()}
    total = sum(counts.values())
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(page, pages)
    order = (Submission.created_at.desc(), Submission.id.desc())
    # The page's ids first, from the (origin_id, created_at, id) index alone,
    # then those rows: an OFFSET then skips index entries, not whole rows.
    page_ids = (
        db.select(Submission.id)
        .where(*where)
        .order_by(*order)
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    )
    items = db.session.scalars(
        db.select(Submission)
        .where(Submission.id.in_(page_ids))
        .options(load_only(*LIST_COLUMNS))
        .order_by(*order)
    ).all()
    return Listing(list(items), page, pages, counts)


def spread_to_node(org: Organisation, limit: int = 20) -> list[Spread]:
    """Return what the county has spread to this node: unanswered first, then newest."""
    return list(
        db.session.scalars(
            db.select(Spread)
            .where(Spread.organisation_id == org.id)
            .options(  # one statement: the cards show the title and origin
                joinedload(Spread.submission).load_only(
                    Submission.id, Submission.title, Submission.origin_id
                )
            )
            .order_by(Spread.answer.is_not(None), Spread.created_at.desc())
            .limit(limit)
        )
    )


def recent_activity(org: Organisation, viewer: User, limit: int = 10) -> list:
    """Return the latest public timeline events on the node's own submissions."""
    from ..events import Event

    where = [Event.origin_id == org.id, Event.internal.is_(False)]
    if viewer.organisation_id != org.id:
        where.append(Submission.status != Status.DRAFT)
    return list(
        db.session.scalars(
            db.select(Event)
            .join(Submission, Event.submission_id == Submission.id)
            .options(  # one statement, with the submission joined already
                contains_eager(Event.submission).load_only(Submission.title),
                joinedload(Event.actor),
            )
            .where(*where)
            .order_by(Event.id.desc())
            .limit(limit)
        )
    )
