"""Template helpers: labels for enum values and Swedish number and date formats."""

from __future__ import annotations

from flask import Flask, request, url_for
from flask_babel import format_date, format_datetime, format_decimal, get_locale
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from models import Answer, EventKind, Kind, Role, Status, Urgency

from .policy import can_triage

LABELS = {
    Kind.NEED: _l("Need"),
    Kind.INITIATIVE: _l("Initiative"),
    Kind.PRACTICE: _l("Effective practice"),
    Status.DRAFT: _l("Draft"),
    Status.SUBMITTED: _l("Submitted"),
    Status.IN_REVIEW: _l("In review"),
    Status.NEEDS_INFO: _l("More information requested"),
    Status.ACCEPTED: _l("Accepted"),
    Status.DECLINED: _l("Declined"),
    Status.MERGED: _l("Merged"),
    Status.WITHDRAWN: _l("Withdrawn"),
    Urgency.LOW: _l("Can wait"),
    Urgency.MEDIUM: _l("Within the year"),
    Urgency.HIGH: _l("Urgent"),
    Answer.INTERESTED: _l("Interested"),
    Answer.ADOPTING: _l("Adopting"),
    Answer.ADOPTED: _l("Adopted"),
    Answer.NOT_RELEVANT: _l("Not relevant"),
    Role.COORDINATOR: _l("Coordinator"),
    Role.CENTRAL: _l("County office"),
    Role.PRACTITIONER: _l("Practitioner"),
    Role.ADMIN: _l("Administrator"),
}


EVENT_TEXTS = {
    EventKind.CREATED: _l("%(actor)s created it"),
    EventKind.ASSIGNED: _l("%(actor)s assigned it"),
    EventKind.COMMENT: _l("%(actor)s wrote in the conversation"),
    EventKind.SPREAD: _l("%(actor)s spread it"),
    EventKind.ANSWER: _l("%(actor)s answered the spread"),
    EventKind.BACKING: _l("%(actor)s confirmed the backing"),
    EventKind.FUNDING: _l("%(actor)s recorded the funding decision"),
    EventKind.MERGED: _l("%(actor)s merged it"),
    EventKind.EDITED: _l("%(actor)s edited it"),
    EventKind.NOTE: _l("%(actor)s added an internal note"),
}


def event_text(event) -> str:
    """Describe a timeline event in a sentence."""
    actor = event.actor.name if event.actor else str(_l("Samnod"))
    if event.kind == EventKind.STATUS:
        return str(
            _l(
                "%(actor)s changed the status from %(old)s to %(new)s",
                actor=actor,
                old=label(Status(event.from_status)),
                new=label(Status(event.to_status)),
            )
        )
    return EVENT_TEXTS[event.kind] % {"actor": actor}


def label(value) -> str:
    """Return the translated label of an enum value."""
    return str(LABELS.get(value, value))


def sek(amount: int | None) -> str:
    """Format an amount in whole kronor the Swedish way: 375 000 kr."""
    if amount is None:
        return ""
    return f"{format_decimal(amount, format='#,##0')}\u00a0kr"


NAV = (
    # (endpoint, label, roles that see it)
    ("nodes.index", _l("Nodes"), frozenset(Role)),
    ("inbox.index", _l("Inbox"), frozenset({Role.CENTRAL, Role.ADMIN})),
    ("methods.index", _l("Method library"), frozenset(Role)),
    ("followup.index", _l("Follow-up"), frozenset({Role.CENTRAL, Role.ADMIN})),
    ("admin.index", _l("Administration"), frozenset({Role.ADMIN})),
)


def nav_items() -> list[dict]:
    """Return the navigation links the current user's role may use."""
    items = []
    if current_user.role == Role.COORDINATOR:
        items.append(
            {
                "url": url_for("nodes.show", slug=current_user.organisation.slug),
                "label": _l("My node"),
                "endpoint": "nodes.show",
            }
        )
    for endpoint, text, roles in NAV:
        if current_user.role in roles:
            items.append(
                {"url": url_for(endpoint), "label": text, "endpoint": endpoint}
            )
    for item in items:
        item["current"] = request.path == item["url"]
    return items


def register_template_helpers(app: Flask) -> None:
    """Make the helpers available in every template."""
    app.add_template_filter(label)
    app.add_template_filter(sek)
    app.add_template_filter(event_text)
    app.add_template_filter(format_date, "date")
    app.add_template_filter(format_datetime, "datetime")

    @app.context_processor
    def _globals():
        return {
            "can_triage": can_triage(current_user),
            "nav_items": nav_items,
            "get_locale": get_locale,
        }
