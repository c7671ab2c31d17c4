"""Every submission the inbox's filter matches, streamed for an export.

One statement walks the matches in the list's order with a server-side cursor
(`yield_per`), joined with the origin, the assignee and the funding request
(one row each at most); the parties named on a chunk of submissions come in one
more statement per chunk. Memory stays flat and the statements grow with the
chunks, never with the rows.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime
from typing import NamedTuple

from sqlalchemy.orm import aliased

from ..base import db
from ..funding import Decision, FundingRequest
from ..organisation import Organisation
from ..submission import Backing, Kind, Status, Submission, SubmissionParty
from ..user import User
from .inbox import SORTS, InboxFilter, matching

CHUNK = 1000


class InboxExportRow(NamedTuple):
    """One submission as the export shows it."""

    id: int
    kind: Kind
    status: Status
    title: str
    origin: str
    parties: list[tuple[str, Backing]]
    created_at: datetime
    last_activity_at: datetime
    assignee: str | None
    requested: int | None
    granted: int | None


def _statement(f: InboxFilter, user_id: int):
    origin = aliased(Organisation)
    return (
        db.select(
            Submission.id,
            Submission.kind,
            Submission.status,
            Submission.title,
            origin.name,
            Submission.created_at,
            Submission.last_activity_at,
            User.name,
            FundingRequest.amount,
            FundingRequest.granted_amount,
            FundingRequest.decision,
        )
        .join(origin, origin.id == Submission.origin_id)
        .outerjoin(User, User.id == Submission.assignee_id)
        .outerjoin(FundingRequest, FundingRequest.submission_id == Submission.id)
        .where(*matching(f, user_id))
        .order_by(*SORTS[f.sort])
        .execution_options(yield_per=CHUNK)
    )


def _parties(ids: list[int]) -> dict[int, list[tuple[str, Backing]]]:
    """The parties named on these submissions, by name, with their backing."""
    found = defaultdict(list)
    rows = db.session.execute(
        db.select(
            SubmissionParty.submission_id, Organisation.name, SubmissionParty.backing
        )
        .join(Organisation, Organisation.id == SubmissionParty.organisation_id)
        .where(SubmissionParty.submission_id.in_(ids))
        .order_by(Organisation.name)
    )
    for sub_id, name, backing in rows:
        found[sub_id].append((name, backing))
    return found


def inbox_export_rows(f: InboxFilter, user_id: int) -> Iterator[InboxExportRow]:
    """Yield every submission the filter matches (never drafts), in list order."""
    result = db.session.execute(_statement(f, user_id))
    for chunk in result.partitions():
        parties = _parties([row[0] for row in chunk])
        for row in chunk:
            sub_id, kind, status, title, origin, created, active, assignee = row[:8]
            requested, granted, decision = row[8:]
            yield InboxExportRow(
                sub_id,
                kind,
                status,
                title,
                origin,
                parties.get(sub_id, []),
                created,
                active,
                assignee,
                requested,
                granted if decision == Decision.GRANTED else None,
            )
