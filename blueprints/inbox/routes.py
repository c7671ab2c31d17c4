"""The county office's central inbox: a list and a detail pane, like a mail client."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, abort, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user

from models import Status, Submission, User, db, granting, mentions, spreading, triage
from models.base import commit
from models.labels import day
from models.read.inbox import SavedView, matching_ids
from models.read.inbox import save_view as save_view_rule
from models.triage import AnswerTemplate, answer_templates

from ..confirm import Confirmation, ask, confirmed
from ..htmx import client_redirect, render
from ..policy import central_required
from ..validators import whole_number
from .forms import (
    AssignForm,
    BulkForm,
    FundingForm,
    InboxFilterForm,
    MergeForm,
    NoteForm,
    PublishForm,
    SnoozeForm,
    SpreadForm,
    StatusForm,
    TemplateForm,
    ViewForm,
    WakeForm,
)
from .panes import (
    MOVES_ON,
    REFUSED,
    inbox_list,
    next_in_list,
    refused,
    saved,
    show_pane,
    spread_choices,
    staff_choices,
)

bp = Blueprint("inbox", __name__, url_prefix="/inbox")

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
    # With nothing remembered it opens on what needs handling (open statuses),
    # and remembers nothing; "Everything" (?clear=1) is remembered as the bare
    # address.
    first = not request.args and user_id != current_user.id
    filters = InboxFilterForm(status="open" if first else "")
    query = urlencode(filters.filter.query_args())
    if not first and (user_id, stored) != (current_user.id, query):
        session[REMEMBERED] = (current_user.id, query)
    return inbox_list(filters)


@bp.route("/views", methods=["POST"])
@central_required
def save_view():
    """Keep the current filter as a named view."""
    filters, form = InboxFilterForm(), ViewForm()
    if not form.validate_on_submit():  # the list, the name kept at its field
        return inbox_list(filters, 422, view_form=form)
    save_view_rule(current_user.id, form.name.data, filters.filter)
    commit()
    flash(_("The view “%(name)s” is saved.", name=form.name.data))
    return client_redirect(url_for("inbox.index", **filters.filter.query_args()))


@bp.route("/views/<int:view_id>/retire", methods=["POST"])
@central_required
def retire_view(view_id: int):
    """Take one of the officer's own views out of the list."""
    view = db.get_or_404(SavedView, view_id)
    if view.user_id != current_user.id:
        abort(403)
    view.active = False
    commit()
    flash(_("The view “%(name)s” is removed from your list.", name=view.name))
    return client_redirect(url_for("inbox.index"))


@bp.route("/<int:sub_id>")
@central_required
def show(sub_id: int):
    """Open one submission in the detail pane (the whole inbox without htmx)."""
    return show_pane(_load(sub_id))


def _load(sub_id: int) -> Submission:
    sub = db.get_or_404(Submission, sub_id)
    if sub.status == Status.DRAFT:
        abort(404)
    return sub


@bp.route("/<int:sub_id>/status", methods=["POST"])
@central_required
def change_status(sub_id: int):
    """Start review, ask for more information, accept, decline or reopen."""
    sub, form = _load(sub_id), StatusForm()
    if form.status.data not in set(Status):
        abort(400)
    if not form.validate_on_submit():
        return show_pane(sub, 422, forms={"status": form})
    to, message = Status(form.status.data), form.message.data or ""
    next_id = next_in_list(sub) if to in MOVES_ON else None
    try:
        triage.transition(sub, to, current_user, message, form.version.data)
        commit()
    except REFUSED as exc:
        return refused(sub, "status", form, exc)
    return saved(sub, _("Status changed."), acting="status", next_id=next_id)


@bp.route("/<int:sub_id>/assign", methods=["POST"])
@central_required
def assign(sub_id: int):
    """Assign to me, to a colleague or to no one."""
    sub, form = _load(sub_id), AssignForm()
    form.assignee.choices = staff_choices()
    if not form.validate_on_submit():
        return show_pane(sub, 422, forms={"assign": form})
    try:
        assignee = _assignee(form.assignee.data)
        triage.assign(sub, assignee, current_user, form.version.data)
        commit()
    except REFUSED as exc:
        return refused(sub, "assign", form, exc)
    return saved(sub, _("Assignment saved."), acting="assign")


def _assignee(value: str) -> User | None:
    if value == "me":
        return current_user._get_current_object()
    return db.session.get(User, int(value)) if value.isdigit() else None


@bp.route("/<int:sub_id>/notes", methods=["POST"])
@central_required
def add_note(sub_id: int):
    """Add an internal note (append-only: it never conflicts)."""
    sub, form = _load(sub_id), NoteForm()
    if not form.validate_on_submit():
        return show_pane(sub, 422, forms={"note": form})
    triage.add_note(sub, current_user, form.text.data)
    commit()
    return saved(sub, _("Note saved."), changed=False, acting="note")


@bp.route("/<int:sub_id>/snooze", methods=["POST"])
@central_required
def snooze(sub_id: int):
    """Snooze until a date; the next item in the list opens."""
    sub, form = _load(sub_id), SnoozeForm()
    if not form.validate_on_submit():
        return show_pane(sub, 422, forms={"snooze": form})
    next_id = next_in_list(sub)
    try:
        triage.snooze(sub, form.until.data, current_user, form.version.data)
        commit()
    except REFUSED as exc:
        return refused(sub, "snooze", form, exc)
    return saved(
        sub,
        _("Snoozed until %(date)s.", date=day(form.until.data)),
        acting="snooze",
        next_id=next_id,
    )


@bp.route("/<int:sub_id>/wake", methods=["POST"])
@central_required
def wake(sub_id: int):
    """End a snooze before its day ("Wake now")."""
    sub, form = _load(sub_id), WakeForm()
    if not form.validate_on_submit():
        return show_pane(sub, 422, forms={"wake": form})
    try:
        triage.wake(sub, current_user, form.version.data)
        commit()
    except REFUSED as exc:  # shown at the snooze's date: the wake form is gone
        shown = SnoozeForm(formdata=None)
        shown.until.errors = []
        return refused(sub, "snooze", shown, exc)
    return saved(sub, _("It is back in the inbox."))


@bp.route("/<int:sub_id>/method", methods=["POST"])
@central_required
def publish(sub_id: int):
    """Publish an accepted initiative in the method library, or take it out."""
    sub, form = _load(sub_id), PublishForm()
    if not form.validate_on_submit():
        return show_pane(sub, 422, forms={"publish": form})
    on = form.publish.data == "1"
    try:
        triage.publish(sub, current_user, on, form.version.data)
        commit()
    except REFUSED as exc:
        return refused(sub, "publish", form, exc)
    if on:
        return saved(sub, _("Published in the method library."), acting="publish")
    return saved(sub, _("Taken out of the method library."), acting="publish")


@bp.route("/<int:sub_id>/merge", methods=["POST"])
@central_required
def merge(sub_id: int):
    """Merge into another submission; both nodes stay counted on it."""
    sub, form = _load(sub_id), MergeForm()
    if not form.validate_on_submit():
        return show_pane(sub, 422, forms={"merge": form})
    next_id = next_in_list(sub)
    try:
        target = triage.merge_target(form.target.data)
        triage.merge(sub, target, current_user, form.version.data)
        title = target.title  # before the commit, which expires it
        commit()
    except REFUSED as exc:
        return refused(sub, "merge", form, exc)
    return saved(sub, _("Merged into “%(title)s”.", title=title), next_id=next_id)


@bp.route("/<int:sub_id>/funding", methods=["POST"])
@central_required
def decide_funding(sub_id: int):
    """Record the board's decision on the joint funds requested, or change it."""
    sub, form = _load(sub_id), FundingForm()
    if not form.validate_on_submit():
        return show_pane(sub, 422, forms={"funding": form})
    try:
        granting.decide(
            sub,
            current_user,
            form.decision.data,
            form.granted_amount.data,
            form.decided_on.data,
            form.reference.data,
            form.note.data or "",
            form.version.data,
        )
        commit()
    except REFUSED as exc:
        return refused(sub, "funding", form, exc)
    return saved(sub, _("The funding decision is recorded."), acting="funding")


@bp.route("/bulk", methods=["POST"])
@central_required
def bulk():
    """Apply one action to the chosen rows (or all matching); report each one."""
    filters, form = InboxFilterForm(), BulkForm()
    if not form.validate_on_submit():
        if set(form.errors) - {"until"}:  # not a form the list draws: forged
            abort(400)
        chosen = set(request.form.getlist("ids", type=whole_number))
        return inbox_list(filters, 422, bulk_form=form, selected=chosen)
    ids = (
        matching_ids(filters.filter, current_user.id)
        if form.everything.data
        else request.form.getlist("ids", type=whole_number)
    )
    if form.everything.data and not confirmed():
        return ask(_bulk_question(form, filters, len(ids)))
    subs = db.session.scalars(
        db.select(Submission).where(
            Submission.id.in_(ids), Submission.status != Status.DRAFT
        )
    ).all()
    results = triage.bulk(list(subs), form.action.data, current_user, form.until.data)
    # Read before the commit expires the rows (after it, a statement per row).
    report = [(sub.id, sub.title, why) for sub, why in results]
    commit()
    done = sum(1 for _id, _title, why in report if why is None)
    flash(
        _("%(done)d done, %(skipped)d skipped.", done=done, skipped=len(report) - done)
    )
    return inbox_list(filters, bulk_results=report, selected=set(ids))


def _bulk_question(form: BulkForm, filters: InboxFilterForm, count: int):
    """Ask before one action reaches every row that matches the filter."""
    query = filters.filter.query_args()
    action = next(c.label for c in form.action.choices if c.value == form.action.data)
    until = form.until.raw_data[0] if form.until.raw_data else ""
    return Confirmation(
        question=ngettext(
            "“%(action)s” on all %(num)d that match the filter?",
            "“%(action)s” on all %(num)d that match the filter?",
            count,
            action=action,
        ),
        detail=_("Each one is checked on its own; the report lists what was skipped."),
        button=_("Apply to all %(num)d", num=count),
        action=url_for("inbox.bulk", **query),
        cancel=url_for("inbox.index", **query),
        fields=[("action", form.action.data), ("until", until), ("everything", "y")],
        target="#inbox-list",
    )


@bp.route("/templates", methods=["GET", "POST"])
@central_required
def templates():
    """List, add and retire the office's answer templates."""
    form = TemplateForm()
    if form.validate_on_submit():
        db.session.add(AnswerTemplate(name=form.name.data, text=form.text.data))
        commit()
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
    commit()
    flash(_("The template “%(name)s” is no longer offered.", name=item.name))
    return client_redirect(url_for("inbox.templates"))


@bp.route("/<int:sub_id>/candidates")
@central_required
def merge_candidates(sub_id: int):
    """Search for a submission to merge into (the picker of the merge form)."""
    sub = _load(sub_id)
    found = triage.merge_candidates(sub, request.args.get("mq", "")[:200])
    return render("inbox/_candidates.html", "inbox/_candidates.html", candidates=found)


@bp.route("/<int:sub_id>/mentions")
@central_required
def mention_options(sub_id: int):
    """The colleagues a note on this submission can name, for the note field's
    @ suggestions (a listbox fragment)."""
    _load(sub_id)
    q = request.args.get("q", "")[:80]
    found = mentions.offered(q, current_user.id)
    return render("inbox/_mentions.html", "inbox/_mentions.html", found=found, q=q)


@bp.route("/<int:sub_id>/spread", methods=["POST"])
@central_required
def spread(sub_id: int):
    """Spread an accepted submission; nodes that already have it are skipped."""
    sub, form = _load(sub_id), SpreadForm()
    form.targets.choices = spread_choices(sub)
    if not form.validate_on_submit():
        return show_pane(sub, 422, forms={"spread": form})
    targets, note = form.targets.data or [], form.message.data or ""
    try:
        sent, skipped = spreading.spread_to(
            sub, targets, current_user, note, form.deadline.data, form.version.data
        )
        message = _spread_message(sent, skipped)  # before the commit expires them
        commit()
    except REFUSED as exc:
        return refused(sub, "spread", form, exc)
    return saved(sub, message, acting="spread")


def _spread_message(sent: list, skipped: list) -> str:
    """Name the nodes that received it, and why the others did not."""
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
