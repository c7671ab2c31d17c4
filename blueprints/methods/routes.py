"""The method library: accepted practices, for every signed-in user."""

from __future__ import annotations

from flask import Blueprint, abort, make_response, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from models import utcnow
from models.read.library import (
    adopters,
    feed_methods,
    get_method,
    related_methods,
    review_due_count,
    search_library,
)
from models.user import find_user_by_feed_token

from ..htmx import render
from ..policy import can_triage
from .forms import MethodSearchForm

bp = Blueprint("methods", __name__, url_prefix="/methods")


@bp.route("/")
@login_required
def index():
    """Browse and search the library, with filters and an order to choose."""
    form = MethodSearchForm()
    return render(
        "methods/index.html",
        "methods/_results.html",
        search_form=form,
        query=form.query,
        result=search_library(form.query),
        review_due=review_due_count() if can_triage(current_user) else 0,
    )


@bp.route("/<int:method_id>")
@login_required
def show(method_id: int):
    """One method: the record, who uses it, related methods."""
    method = get_method(method_id)
    if method is None:
        abort(404, _("There is no method with that number in the library."))
    return render_template(
        "methods/show.html",
        method=method,
        adopters=adopters(method),
        related=related_methods(method),
    )


@bp.route("/feed.atom")
def feed():
    """New and changed methods as Atom, for a feed reader holding a personal link."""
    if find_user_by_feed_token(request.args.get("token", "")) is None:
        return _feed_refused()
    methods = feed_methods()
    updated = max((m.updated_at for m in methods), default=utcnow())
    body = render_template("methods/feed.xml", methods=methods, updated=updated)
    response = make_response(body)
    response.mimetype = "application/atom+xml"
    return response


def _feed_refused():
    message = _(
        "This feed address is wrong or has been revoked. "
        "Get a new one on your account page in Samnod."
    )
    response = make_response(message, 403)
    response.mimetype = "text/plain"
    return response
