"""What the detail pane shows: the record, its full timeline and the triage forms."""

from __future__ import annotations

from flask import g, request
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms import SelectChoice

from models import Kind, Role, Status, Submission, User, db, spreading
from models.events import thread, timeline
from models.read.inbox import InboxFilter, neighbours
from models.triage import AnswerTemplate, allowed_next, answer_templates
from models.workflow import confirmed_parties, funding_of

from ..validators import whole_number
from .forms import (
    AssignForm,
    MergeForm,
    NoteForm,
    PublishForm,
    SnoozeForm,
    SpreadForm,
    StatusForm,
)


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


def _forms(sub: Submission, posted: dict | None) -> dict:
    forms = {
        "spread": SpreadForm(formdata=None),
        "status": StatusForm(formdata=None),
        "assign": AssignForm(formdata=None),
        "note": NoteForm(formdata=None),
        "snooze": SnoozeForm(formdata=None),
        "merge": MergeForm(formdata=None),
        "publish": PublishForm(formdata=None),
    }
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


def pane_context(
    sub: Submission, f: InboxFilter, conflict: bool = False, forms: dict | None = None
) -> dict:
    """Everything the detail pane needs, including who changed it last."""
    events, comments = timeline(sub.id, internal=True), thread(sub.id)
    template = request.args.get("template", type=whole_number)
    chosen = db.session.get(AnswerTemplate, template) if template else None
    if chosen is not None and not (forms or {}).get("status"):
        context_forms = _forms(sub, forms)
        context_forms["status"].message.data = chosen.text
        forms = {**(forms or {}), "status": context_forms["status"]}
    prev_id, next_id = neighbours(f, current_user.id, sub)
    # Joint funds are asked for by initiatives alone.
    funding = funding_of(sub) if sub.kind == Kind.INITIATIVE else None
    next_statuses = sorted(allowed_next(sub))
    return {
        "sub": sub,
        "events": events,
        "comments": comments,
        "funding": funding,
        "templates": answer_templates() if next_statuses else [],
        "backed": confirmed_parties(sub) if funding else 0,
        "next_statuses": next_statuses,
        "forms": _forms(sub, forms),
        "conflict": conflict,
        "last_event": events[-1] if events else None,
        "prev_id": prev_id,
        "next_id": next_id,
        "f": f,
        "overview": spreading.spread_overview(sub) if sub.status == "accepted" else [],
    }


def filter_choices() -> dict:
    """The nodes, areas and target groups the inbox can be filtered on."""
    from models import Area, TargetGroup
    from models.organisation import member_organisations

    return {
        "nodes": member_organisations(),
        "areas": db.session.scalars(db.select(Area).order_by(Area.name)).all(),
        "groups": db.session.scalars(
            db.select(TargetGroup).order_by(TargetGroup.name)
        ).all(),
    }


def spread_choices(sub: Submission) -> list[SelectChoice]:
    """The whole county, the areas and every member node except the origin."""
    from models import Area
    from models.organisation import member_organisations

    areas = db.session.scalars(db.select(Area).order_by(Area.name))
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
