"""The method library: accepted practices, for every signed-in user."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    flash,
    make_response,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from models import Status, Submission, db, reviews, utcnow
from models.base import commit
from models.labels import day
from models.read.library import (
    adopters,
    feed_methods,
    get_method,
    related_methods,
    review_due_count,
    search_library,
)
from models.user import find_user_by_feed_token

from ..htmx import client_redirect, render
from ..policy import can_triage
from .forms import MethodSearchForm, ReviewDateForm, ReviewForm

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
    """One method: the record, who uses it, related methods (and its review)."""
    return _show(_method(method_id))


def _method(method_id: int, posted: bool = False):
    method = get_method(method_id)
    if method is None:
        sub = db.session.get(Submission, method_id) if posted else None
        if sub is not None and sub.status != Status.DRAFT:  # it left the library
            abort(409, _("It is no longer in the method library."))
        abort(404, _("There is no method with that number in the library."))
    return method


def _show(method, status: int = 200, **forms):
    """The method's page; its review forms for those who keep it current."""
    reviewer = reviews.can_review(current_user, method)
    if reviewer:
        if "date_form" not in forms:  # the date it has, to move
            forms["date_form"] = ReviewDateForm(formdata=None)
            forms["date_form"].review_date.data = method.review_date
        forms.setdefault("review_form", ReviewForm(formdata=None))
    body = render_template(
        "methods/show.html",
        method=method,
        adopters=adopters(method),
        related=related_methods(method),
        reviewer=reviewer,
        review_events=reviews.reviews_of(method.id),
        **forms,
    )
    return make_response(body, status)


@bp.route("/<int:method_id>/review-date", methods=["POST"])
@login_required
def set_review_date(method_id: int):
    """Move the method's next review (the origin node and the office)."""
    method = _method(method_id, posted=True)
    if not reviews.can_review(current_user, method):
        abort(403)
    form = ReviewDateForm()
    if not form.validate_on_submit():
        return _show(method, 422, date_form=form)
    reviews.set_review_date(method, current_user, form.review_date.data)
    commit()
    flash(_("The next review is %(date)s.", date=day(form.review_date.data)))
    return client_redirect(url_for("methods.show", method_id=method_id))


@bp.route("/<int:method_id>/review", methods=["POST"])
@login_required
def record_review(method_id: int):
    """Record a review without sending the method in again."""
    method = _method(method_id, posted=True)
    if not reviews.can_review(current_user, method):
        abort(403)
    form = ReviewForm()
    if not form.validate_on_submit():
        return _show(method, 422, review_form=form)
    reviews.record_review(
        method,
        current_user,
        form.outcome.data,
        form.note.data or "",
        form.next_review.data,
    )
    commit()
    flash(
        _(
            "The review is recorded. The next review is %(date)s.",
            date=day(form.next_review.data),
        )
    )
    return client_redirect(url_for("methods.show", method_id=method_id))


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
