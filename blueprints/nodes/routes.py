"""Nodes: each member organisation's area and what it has logged."""

from __future__ import annotations

from flask import Blueprint, request
from flask_login import current_user, login_required

from models import Role, User, db
from models.base import local_today
from models.read.activity import (
    node_activity,
    node_submissions,
    recent_activity,
    spread_to_node,
)
from models.read.todo import node_todo

from ..htmx import render
from ..policy import can_write_node, load_node
from ..validators import whole_number
from .forms import AnswerForm

bp = Blueprint("nodes", __name__)


@bp.route("/nodes/")
@login_required
def index():
    """List every member's node with its activity counts."""
    return render("nodes/index.html", "nodes/index.html", rows=node_activity())


@bp.route("/nodes/<slug>/")
@login_required
def show(slug: str):
    """Show a node: the organisation, its coordinators and what it has logged."""
    return node_page(load_node(slug))


def node_page(org, status: int = 200, answering=None):
    """The node's page; `answering` (spread id, form) shows a refused answer
    with its message at the field and the text as it was written."""
    page = request.args.get("page", 1, type=whole_number)
    coordinators = db.session.scalars(
        db.select(User)
        .where(
            User.organisation_id == org.id, User.role == Role.COORDINATOR, User.active
        )
        .order_by(User.name)
    ).all()
    listing = node_submissions(org, current_user, page=max(page, 1))
    can_answer = current_user.coordinates(org)
    # the to-do list is the node's coordinators' own
    todo = node_todo(org) if can_answer else None
    return render(
        "nodes/show.html",
        # A refused answer is shown on the whole page, at its card.
        "nodes/show.html" if answering else "nodes/_submissions.html",
        status=status,
        org=org,
        coordinators=coordinators,
        listing=listing,
        # every spread the to-do list links to has its card here
        spreads=spread_to_node(org, max(20, len(todo.spreads) if todo else 0)),
        activity=recent_activity(org, current_user),
        can_write=can_write_node(current_user, org),
        answering=answering,
        can_answer=can_answer,
        todo=todo,
        **spread_card_context(),
    )


def spread_card_context() -> dict:
    """What every spread card needs besides its spread: today and the answers."""
    return {"today": local_today(), "answer_choices": answer_choices()}


def answer_choices() -> list[tuple[str, str]]:
    """The answers a node can give, as (value, words), once for all the cards."""
    field = AnswerForm(formdata=None).answer
    return [(value, str(text)) for value, text, _on, _kw in field.iter_choices()]
