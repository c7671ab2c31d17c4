"""Load a submission and check who may see or change it (404/403)."""

from __future__ import annotations

from flask import abort
from flask_babel import gettext as _
from flask_login import current_user

from models import Role, Spread, Status, Submission, db, spreading
from models.events import thread, timeline
from models.workflow import confirmed_parties, funding_of

from ..policy import can_triage, can_write_node


def load_submission(sub_id: int, for_comment: bool = False) -> Submission:
    """Return a submission the user may read; drafts only for their own node."""
    sub = db.get_or_404(Submission, sub_id)
    own = current_user.organisation_id == sub.origin_id
    if sub.is_draft and not own:
        abort(404)
    if for_comment and not (
        can_write_node(current_user, sub.origin) or can_triage(current_user)
    ):
        abort(403)
    return sub


def load_submission_for_write(sub_id: int, drafts_only: bool = True) -> Submission:
    """Return a submission the user's node may change; drafts unless told otherwise."""
    sub = load_submission(sub_id)
    if not can_write_node(current_user, sub.origin):
        abort(403)
    if drafts_only and not sub.is_draft:
        abort(
            409,
            _(
                "Only a draft can be changed. This one has been sent to the "
                "county office: write in the conversation instead."
            ),
        )
    return sub


def submission_context(sub: Submission, comment_form) -> dict:
    """Everything the submission page shows."""
    events, comments = timeline(sub.id), thread(sub.id)
    spread = _our_spread(sub)
    can_write = can_write_node(current_user, sub.origin)
    my_party = next(
        (
            p
            for p in sub.parties
            if p.organisation_id == current_user.organisation_id
            and current_user.role == Role.COORDINATOR
        ),
        None,
    )
    return {
        "sub": sub,
        "events": events,
        "comments": comments,
        "funding": funding_of(sub),
        "backed": confirmed_parties(sub),
        "can_write": can_write,
        "my_party": my_party,
        "can_comment": can_write or can_triage(current_user),
        "comment_form": comment_form,
        "our_spread": spread,
        "can_answer_spread": spread is not None
        and current_user.coordinates(spread.organisation),
        "overview": (
            spreading.spread_overview(sub)
            if can_triage(current_user) and sub.status == Status.ACCEPTED
            else []
        ),
    }


def _our_spread(sub: Submission) -> Spread | None:
    """The spread of this submission to the viewer's own node, if it got one."""
    return db.session.scalar(
        db.select(Spread).filter_by(
            submission_id=sub.id, organisation_id=current_user.organisation_id
        )
    )
