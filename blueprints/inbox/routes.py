"""The county office's central inbox: a list and a detail pane, like a mail client."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, abort, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError

from models import Status, Submission, db, spreading, triage
from models.read.inbox import (
    BUILT_IN_VIEWS,
    InboxFilter,
    InboxPage,
    SavedView,
    inbox_counts,
    inbox_page,
    matching_ids,
    saved_views,
)
from models.read.inbox import save_view as save_view_rule
from models.read.library import publish_as_method
from models.triage import AnswerTemplate, answer_templates
from models.workflow import RuleBroken, StaleVersion

from ..htmx import client_redirect, is_fragment_request, render, trigger
from ..policy import central_required
from ..validators import whole_number
from .forms import (
    AssignForm,
    BulkForm,
    MergeForm,
    NoteForm,
    PublishForm,
    SnoozeForm,
    SpreadForm,
    StatusForm,
    TemplateForm,
    ViewForm,
)
from .panes import filter_choices, pane_context, spread_choices, staff_choices

bp = Blueprint("inbox", __name__, url_prefix="/inbox")


def _filter() -> InboxFilter:
    return InboxFilter.from_args(request.args)


def _query(args: dict) -> str:
    """A query string ("?…", or "" without arguments) to append to a path."""
    return "?" + urlencode(args) if args else ""


def _list_context(f: InboxFilter, rows: bool = True) -> dict:
    """The list's context; without rows (a pane fragment) only its counts."""
    if rows:
        args = request.args
        page = inbox_page(f, current_user.id, args.get("after"), args.get("before"))
    else:
        page = InboxPage([], *inbox_counts(f, current_user.id))
    return {
        # A row opens on this same page of the list, with or without htmx.
        "row_query": _query(
            f.query_args()
            | {k: request.args[k] for k in ("after", "before") if request.args.get(k)}
        ),
        # Called by the whole page only: fragments skip these queries.
        "views": lambda: saved_views(current_user.id),
        "built_in_views": BUILT_IN_VIEWS,
        "bulk_form": BulkForm(formdata=None) if rows else None,
        "f": f,
        "page": page,
        "statuses": [s for s in Status if s != Status.DRAFT],
        "filter_choices": filter_choices,
    }


REMEMBERED = "inbox_filter"


@bp.route("/")
@central_required
def index():
    """List what the nodes have sent in; opens with the officer's last filter."""
    # The last filter lives in the signed session cookie, not in the database:
    # reading the inbox never writes (a GET has no side effects).
    user_id, stored = session.get(REMEMBERED) or (None, "")
    if not request.args and stored and user_id == current_user.id:
        return redirect(url_for("inbox.index") + "?" + stored, code=303)
    f = _filter()
    query = urlencode(f.query_args())
    if (user_id, stored) != (current_user.id, query):
        session[REMEMBERED] = (current_user.id, query)
    return render("inbox/index.html", "inbox/_list.html", **_list_context(f), pane=None)


@bp.route("/views", methods=["POST"])
@central_required
def save_view():
    """Keep the current filter as a named view."""
    form = ViewForm()
    f = InboxFilter.from_args(request.args)
    if not form.validate_on_submit():  # the list, the name kept at its field
        ctx = _list_context(f) | {"view_form": form}
        return render("inbox/index.html", "inbox/_list.html", 422, **ctx, pane=None)
    save_view_rule(current_user.id, form.name.data, f)
    db.session.commit()
    flash(_("The view “%(name)s” is saved.", name=form.name.data))
    return client_redirect(url_for("inbox.index", **f.query_args()))


@bp.route("/views/<int:view_id>/retire", methods=["POST"])
@central_required
def retire_view(view_id: int):
    """Take one of the officer's own views out of the list."""
    view = db.get_or_404(SavedView, view_id)
    if view.user_id != current_user.id:
        abort(403)
    view.active = False
    db.session.commit()
    flash(_("The view “%(name)s” is removed from your list.", name=view.name))
    return client_redirect(url_for("inbox.index"))


@bp.route("/<int:sub_id>")
@central_required
def show(sub_id: int):
    """Open one submission in the detail pane (the whole inbox without htmx)."""
    f = _filter()
    pane = pane_context(_load(sub_id), f)
    ctx = _list_context(f, rows=not is_fragment_request())
    return render("inbox/index.html", "inbox/_pane.html", **ctx, pane=pane)


def _load(sub_id: int) -> Submission:
    sub = db.get_or_404(Submission, sub_id)
    if sub.status == Status.DRAFT:
        abort(404)
    return sub


def _act(sub: Submission, form, action, forms: dict | None = None):
    """Run a triage rule; answer with the pane, 409 with fresh state, or 422."""
    if form.validate_on_submit():
        try:
            done = action()
            db.session.flush()  # a lost race shows here, before anything is drawn
        except (StaleVersion, StaleDataError):
            # Our own check, or the database's: on PostgreSQL the loser of a race
            # passes the check and then finds the row's version already moved on.
            db.session.rollback()
            db.session.refresh(sub)
            return _pane(sub, 409, conflict=True, forms=forms)
        except RuleBroken as exc:
            db.session.rollback()
            getattr(form, exc.field, form.version).errors.append(str(exc.message))
            return _pane(sub, 422, forms=forms)
        return _saved(sub, done)
    return _pane(sub, 422, forms=forms)


def _saved(sub: Submission, message: str, changed: bool = True):
    """Answer a change held in this transaction: the pane (with the list's row
    and counts when the submission changed) is drawn from what the transaction
    holds, then committed, so no second transaction reads everything again."""
    flash(message)
    if not is_fragment_request():
        db.session.commit()
        return client_redirect(
            url_for("inbox.show", sub_id=sub.id, **_filter().query_args())
        )
    response = _pane(sub, 200, changed=changed)
    if changed:
        trigger(response, "submission-changed", {"id": sub.id})
    db.session.commit()
    return response


def _pane(
    sub: Submission,
    status: int,
    conflict: bool = False,
    forms=None,
    changed: bool = False,
):
    ctx = pane_context(sub, _filter(), conflict=conflict, forms=forms)
    return render(
        "inbox/index.html",
        "inbox/_pane_changed.html" if changed else "inbox/_pane.html",
        status=status,
        **_list_context(_filter(), rows=not is_fragment_request()),
        pane=ctx,
    )


@bp.route("/<int:sub_id>/status", methods=["POST"])
@central_required
def change_status(sub_id: int):
    """Start review, ask for more information, accept, decline or reopen."""
    sub, form = _load(sub_id), StatusForm()

    def action():
        triage.transition(
            sub,
            Status(form.status.data),
            current_user,
            form.message.data or "",
            form.version.data,
        )
        return _("Status changed.")

    if form.status.data not in set(Status):
        abort(400)
    return _act(sub, form, action, {"status": form})


@bp.route("/<int:sub_id>/assign", methods=["POST"])
@central_required
def assign(sub_id: int):
    """Assign to me, to a colleague or to no one."""
    sub, form = _load(sub_id), AssignForm()
    form.assignee.choices = staff_choices()

    def action():
        triage.assign(
            sub, _assignee(form.assignee.data), current_user, form.version.data
        )
        return _("Assignment saved.")

    return _act(sub, form, action, {"assign": form})


def _assignee(value: str):
    from models import User

    if value == "me":
        return current_user._get_current_object()
    return db.session.get(User, int(value)) if value.isdigit() else None


@bp.route("/<int:sub_id>/notes", methods=["POST"])
@central_required
def add_note(sub_id: int):
    """Add an internal note (append-only: it never conflicts)."""
    sub, form = _load(sub_id), NoteForm()
    if not form.validate_on_submit():
        return _pane(sub, 422, forms={"note": form})
    triage.add_note(sub, current_user, form.text.data)
    return _saved(sub, _("Note saved."), changed=False)


@bp.route("/<int:sub_id>/snooze", methods=["POST"])
@central_required
def snooze(sub_id: int):
    """Snooze until a date, or end the snooze."""
    sub, form = _load(sub_id), SnoozeForm()

    def action():
        triage.snooze(sub, form.until.data, current_user, form.version.data)
        return _("Snooze saved.")

    return _act(sub, form, action, {"snooze": form})


@bp.route("/<int:sub_id>/method", methods=["POST"])
@central_required
def publish(sub_id: int):
    """Publish an accepted initiative in the method library, or take it out."""
    sub, form = _load(sub_id), PublishForm()

    def action():
        on = form.publish.data == "1"
        publish_as_method(sub, current_user, on, form.version.data)
        if on:
            return _("Published in the method library.")
        return _("Taken out of the method library.")

    return _act(sub, form, action, {"publish": form})


@bp.route("/<int:sub_id>/merge", methods=["POST"])
@central_required
def merge(sub_id: int):
    """Merge into another submission; both nodes stay counted on it."""
    sub, form = _load(sub_id), MergeForm()

    def action():
        target = triage.merge_target(form.target.data)
        triage.merge(sub, target, current_user, form.version.data)
        return _("Merged into “%(title)s”.", title=target.title)

    return _act(sub, form, action, {"merge": form})


@bp.route("/bulk", methods=["POST"])
@central_required
def bulk():
    """Apply one action to the chosen rows (or all matching); report each one."""
    f, form = _filter(), BulkForm()
    if not form.validate_on_submit():
        abort(400)
    ids = (
        matching_ids(f, current_user.id)
        if form.everything.data
        else request.form.getlist("ids", type=whole_number)
    )
    subs = db.session.scalars(
        db.select(Submission).where(
            Submission.id.in_(ids), Submission.status != Status.DRAFT
        )
    ).all()
    results = triage.bulk(list(subs), form.action.data, current_user, form.until.data)
    done = sum(1 for _sub, why in results if why is None)
    flash(
        _("%(done)d done, %(skipped)d skipped.", done=done, skipped=len(results) - done)
    )
    # Drawn from what this transaction holds, then committed (as _saved does):
    # after a commit every reported row would be read again, one by one.
    response = render(
        "inbox/index.html",
        "inbox/_list.html",
        **_list_context(f),
        pane=None,
        bulk_results=results,
        selected=set(ids),
    )
    db.session.commit()
    return response


@bp.route("/templates", methods=["GET", "POST"])
@central_required
def templates():
    """List, add and retire the office's answer templates."""
    form = TemplateForm()
    if form.validate_on_submit():
        db.session.add(AnswerTemplate(name=form.name.data, text=form.text.data))
        db.session.commit()
        flash(_("The template “%(name)s” is saved.", name=form.name.data))
        return client_redirect(url_for("inbox.templates"))
    return render(
        "inbox/templates.html",
        "inbox/templates.html",
        status=422 if form.errors else 200,
        form=form,
        items=answer_templates(),
    )


@bp.route("/templates/<int:template_id>/retire", methods=["POST"])
@central_required
def retire_template(template_id: int):
    """Take a template out of use (it is kept)."""
    item = db.get_or_404(AnswerTemplate, template_id)
    item.active = False
    db.session.commit()
    flash(_("The template “%(name)s” is no longer offered.", name=item.name))
    return client_redirect(url_for("inbox.templates"))


@bp.route("/<int:sub_id>/candidates")
@central_required
def merge_candidates(sub_id: int):
    """Search for a submission to merge into (the picker of the merge form)."""
    sub = _load(sub_id)
    found = triage.merge_candidates(sub, request.args.get("mq", "")[:200])
    return render("inbox/_candidates.html", "inbox/_candidates.html", candidates=found)


@bp.route("/<int:sub_id>/spread", methods=["POST"])
@central_required
def spread(sub_id: int):
    """Spread an accepted submission; nodes that already have it are skipped."""
    sub, form = _load(sub_id), SpreadForm()
    form.targets.choices = spread_choices(sub)

    def action():
        sent, skipped = spreading.spread_to(
            sub,
            form.targets.data or [],
            current_user,
            form.message.data or "",
            form.deadline.data,
            form.version.data,
        )
        done = (
            ngettext(
                "Spread to %(num)d node: %(names)s.",
                "Spread to %(num)d nodes: %(names)s.",
                len(sent),
                names=", ".join(org.name for org in sent),
            )
            if sent
            else _("No node received it.")
        )
        why = "; ".join(f"{org.name}: {reason}" for org, reason in skipped)
        return _("%(done)s Skipped: %(list)s.", done=done, list=why) if why else done

    return _act(sub, form, action, {"spread": form})
