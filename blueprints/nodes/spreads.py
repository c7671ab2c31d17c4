"""Spreads to the node: its coordinators answer on the spread's card."""

from __future__ import annotations

from flask import abort, flash, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from models import Answer, Spread, db, spreading
from models.base import commit
from models.read.todo import node_todo

from ..htmx import client_redirect, is_fragment_request, render
from .forms import AnswerForm
from .routes import bp, node_page, spread_card_context


@bp.route("/spreads/<int:spread_id>/answer", methods=["POST"])
@login_required
def answer_spread(spread_id: int):
    """The receiving node answers (or moves its answer on); htmx swaps the card."""
    spread = db.get_or_404(Spread, spread_id)
    org = spread.organisation
    if not current_user.coordinates(org):
        abort(403)
    form = AnswerForm()
    if not form.validate_on_submit():
        if not is_fragment_request():
            return node_page(org, 422, answering=(spread.id, form))
        return _spread_card(spread, 422, refused=form)
    spreading.answer_spread(
        spread, current_user, Answer(form.answer.data), form.note.data or ""
    )
    commit()
    flash(_("Your answer is saved."))
    if not is_fragment_request():
        return client_redirect(
            url_for("nodes.show", slug=org.slug, _anchor=f"spread-{spread.id}")
        )
    return _spread_card(spread, answered=True)


def _spread_card(spread: Spread, status: int = 200, **ctx):
    """The spread's card, and the node's to-do list swapped out of band."""
    return render(
        "nodes/_spread_answered.html",
        "nodes/_spread_answered.html",
        status=status,
        sp=spread,
        can_answer=True,
        todo=node_todo(spread.organisation),
        **spread_card_context(),
        **ctx,
    )
