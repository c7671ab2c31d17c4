"""What the inbox answers with: the list, and the detail pane with the record,
its full timeline and the triage forms (for htmx only the part that changed)."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import flash, g, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy.orm.exc import StaleDataError
from wtforms import SelectChoice

from models import (
    Decision,
    FundingRequest,
    Kind,
    Role,
    Status,
    Submission,
    User,
    db,
    granting,
    spreading,
)
from models.events import thread, timeline
from models.read.inbox import (
    BUILT_IN_VIEWS,
    InboxFilter,
    InboxPage,
    inbox_counts,
    inbox_page,
    neighbours,
    saved_views,
)
from models.triage import AnswerTemplate, allowed_next, answer_templates
from models.workflow import RuleBroken, StaleVersion, funding_of

from ..htmx import client_redirect, is_fragment_request, push_url, render, trigger
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
    WakeForm,
)

# What a triage rule or a lost race raises: each answered with the pane.
REFUSED = (RuleBroken, StaleDataError)

# Decisions after which the next item in the list opens (keyboard triage).
MOVES_ON = frozenset({Status.ACCEPTED, Status.DECLINED, Status.NEEDS_INFO})


def staff_choices() -> list[SelectChoice]:
    """Officers a submission can be assigned to (asked once per request: the
    posted form checks against them and the pane drawn after lists them)."""
    if "staff_choices" not in g:
        staff = db.session.execute(
            db.select(User.id, User.name)
            .where(User.role == Role.CENTRAL, User.active)
            .order_by(User.name)
        )
        g.staff_choices = [
            SelectChoice("", _l("No one")),
            SelectChoice("me", _l("Me")),
        ] + [SelectChoice(str(user_id), name) for user_id, name in staff]
    return g.staff_choices


def _forms(
    sub: Submission, posted: dict | None, funding: FundingRequest | None = None
) -> dict:
    forms = {
        "funding": _funding_form(funding),
        "spread": SpreadForm(formdata=None),
        "status": StatusForm(formdata=None),
        "assign": AssignForm(formdata=None),
        "note": NoteForm(formdata=None),
        "snooze": SnoozeForm(formdata=None),
        "wake": WakeForm(formdata=None),
        "merge": MergeForm(formdata=None),
        "publish": PublishForm(formdata=None),
    }
    if sub.is_snoozed:  # the day it has, to move
        forms["snooze"].until.data = sub.snoozed_until
    forms.update(posted or {})
    forms["assign"].assignee.choices = staff_choices()
    # Only an accepted submission shows the spread form.
    accepted = sub.status == Status.ACCEPTED
    forms["spread"].targets.choices = spread_choices(sub) if accepted else []
    forms["assign"].assignee.data = str(sub.assignee_id or "")
    for form in forms.values():
        if hasattr(form, "version"):
            form.version.data = sub.version  # always the fresh version
    return forms


def _funding_form(funding: FundingRequest | None) -> FundingForm:
    """The decision form, filled in with the decision recorded (to change it)."""
    form = FundingForm(formdata=None)
    if funding is not None and funding.decision != Decision.PENDING:
        form.decision.data = funding.decision.value
        form.granted_amount.data = funding.granted_amount
        form.decided_on.data = funding.decided_on
        form.reference.data = funding.reference
        form.note.data = funding.decision_note
    return form


def _funding_context(sub: Submission) -> dict:
    """The funding request, the backing the rule counts, and the decision."""
    # Joint funds are asked for by initiatives alone.
    funding = funding_of(sub) if sub.kind == Kind.INITIATIVE else None
    if funding is None:
        return {"funding": None}
    decider = funding.decided_by_id and db.session.get(User, funding.decided_by_id)
    return {
        "funding": funding,
        "backing": granting.backing_state(sub),
        "can_decide": granting.can_decide(sub, funding),
        "decided": funding.decision != Decision.PENDING,
        "decided_by": decider or None,
    }


def pane_context(
    sub: Submission,
    f: InboxFilter,
    conflict: bool = False,
    forms: dict | None = None,
    acting: str | None = None,
) -> dict:
    """Everything the detail pane needs, including who changed it last.

    `acting` names the form just sent: the text of every other form is kept
    as the officer left it in the browser (hx-preserve), not drawn again."""
    events, comments = timeline(sub.id, internal=True), thread(sub.id)
    template = request.args.get("template", type=whole_number)
    chosen = db.session.get(AnswerTemplate, template) if template else None
    if chosen is not None and not (forms or {}).get("status"):
        context_forms = _forms(sub, forms)
        context_forms["status"].message.data = chosen.text
        forms = {**(forms or {}), "status": context_forms["status"]}
    prev_id, next_id = neighbours(f, current_user.id, sub)
    money = _funding_context(sub)
    next_statuses = sorted(allowed_next(sub))
    return {
        "sub": sub,
        "events": events,
        "comments": comments,
        **money,
        "templates": answer_templates() if next_statuses else [],
        "next_statuses": next_statuses,
        "forms": _forms(sub, forms, money["funding"]),
        "conflict": conflict,
        "last_event": events[-1] if events else None,
        "prev_id": prev_id,
        "next_id": next_id,
        "f": f,
        "keep": lambda name: (
            {"hx-preserve": "true"} if acting not in (None, name) else {}
        ),
        "overview": spreading.spread_overview(sub) if sub.status == "accepted" else [],
    }


def spread_choices(sub: Submission) -> list[SelectChoice]:
    """The whole county, the areas and every member node except the origin."""
    from models.organisation import active_areas, member_organisations

    areas = active_areas()
    return (
        [SelectChoice("all", _l("The whole county"))]
        + [
            SelectChoice(f"area:{a.slug}", _l("Area: %(name)s", name=a.name))
            for a in areas
        ]
        + [
            SelectChoice(o.slug, o.name)
            for o in member_organisations()
            if o.id != sub.origin_id
        ]
    )


def _query(args: dict) -> str:
    """A query string ("?…", or "" without arguments) to append to a path."""
    return "?" + urlencode(args) if args else ""


def _list_context(filters: InboxFilterForm, rows: bool = True) -> dict:
    """The list's context; without rows (a pane fragment) only its counts."""
    f, args = filters.filter, request.args
    if rows:
        page = inbox_page(f, current_user.id, args.get("after"), args.get("before"))
    else:
        page = InboxPage([], *inbox_counts(f, current_user.id))
    return {
        # A row opens on this same page of the list, with or without htmx.
        "row_query": _query(
            f.query_args() | {k: args[k] for k in ("after", "before") if args.get(k)}
        ),
        # Called by the whole page only: fragments skip these queries.
        "views": lambda: saved_views(current_user.id),
        "built_in_views": BUILT_IN_VIEWS,
        "bulk_form": BulkForm(formdata=None) if rows else None,
        "filter_form": filters,
        "f": f,
        "page": page,
        "statuses": [s for s in Status if s != Status.DRAFT],
    }


def inbox_list(filters: InboxFilterForm, status: int = 200, **ctx):
    """The inbox with its list (only the list for htmx)."""
    ctx = _list_context(filters) | ctx
    return render(
        "inbox/index.html",
        "inbox/_list.html",
        status,
        **ctx,
        pane=None,
        list_oob=is_fragment_request(),  # the folded filters' count too
    )


def show_pane(
    sub: Submission,
    status: int = 200,
    conflict: bool = False,
    forms: dict | None = None,
    changed: bool = False,
    acting: str | None = None,
    decided: Submission | None = None,
):
    """The detail pane (with the list's row and counts when the submission
    changed); the whole inbox without htmx. `decided` is the submission just
    decided when the pane shows the next one."""
    filters = InboxFilterForm()
    acting = acting or next(iter(forms or {}), None)
    if status == 422:
        _flash_first_error(forms or {})
    ctx = pane_context(sub, filters.filter, conflict, forms, acting)
    return render(
        "inbox/index.html",
        "inbox/_pane_changed.html" if changed else "inbox/_pane.html",
        status=status,
        **_list_context(filters, rows=not is_fragment_request()),
        pane=ctx,
        changed_sub=decided or sub,
    )


def _flash_first_error(forms: dict) -> None:
    """Say in the live region (and the page title) why nothing was saved."""
    for form in forms.values():
        for field in form:
            if field.errors:
                flash(_("Not saved: %(error)s", error=field.errors[0]))
                return


def next_in_list(sub: Submission) -> int | None:
    """The id after this one in the officer's filtered list (read before a
    decision: afterwards the submission may no longer match the filter)."""
    if not is_fragment_request():
        return None
    return neighbours(InboxFilterForm().filter, current_user.id, sub)[1]


def refused(sub: Submission, name: str, form, exc: Exception):
    """Answer a refused change with the pane: 409 with the fresh state after a
    lost race, 422 with the rule's message at its field."""
    db.session.rollback()
    # Our own check, or the database's: on PostgreSQL the loser of a race
    # passes the check and then finds the row's version already moved on.
    if isinstance(exc, (StaleVersion, StaleDataError)):
        db.session.refresh(sub)
        # The list's row and counts too: they still show what the officer read.
        return show_pane(sub, 409, conflict=True, forms={name: form}, changed=True)
    getattr(form, exc.field, form.version).errors.append(str(exc.message))
    return show_pane(sub, 422, forms={name: form})


def saved(
    sub: Submission,
    message: str,
    changed: bool = True,
    acting: str | None = None,
    next_id: int | None = None,
):
    """Answer a committed change: the pane for htmx, else the submission in the
    inbox (with the list's filter). After a decision (`next_id`), htmx gets the
    next item's pane, its address pushed, and the decided row out of band."""
    flash(message)
    query = InboxFilterForm().filter.query_args()
    if not is_fragment_request():
        return client_redirect(url_for("inbox.show", sub_id=sub.id, **query))
    following = db.session.get(Submission, next_id) if next_id else None
    if following is not None:
        response = show_pane(following, changed=True, decided=sub)
        push_url(response, url_for("inbox.show", sub_id=following.id, **query))
    else:
        response = show_pane(sub, changed=changed, acting=acting)
    if changed:
        trigger(response, "submission-changed", {"id": sub.id})
    return response
