"""A question before an action that is hard to undo, asked by the server: the
same form comes back with confirm=1, or the officer goes back. No script, no
modal: it works the same with and without JavaScript (the CSP allows neither
inline scripts nor `confirm()` handlers)."""

from __future__ import annotations

from dataclasses import dataclass, field

from flask import Response, request

from .htmx import render


@dataclass(frozen=True)
class Confirmation:
    """What the question page shows and where its two ways out lead."""

    question: str
    detail: str
    button: str
    action: str
    cancel: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    # For htmx: the element the answer replaces (its id is the fragment's).
    target: str | None = None
    # Why it cannot be done (then only the way back is offered).
    error: str | None = None


def confirmed() -> bool:
    """True when the posted form carries the answer to the question."""
    return request.form.get("confirm") == "1"


def ask(confirmation: Confirmation, status: int = 200) -> Response:
    """The question as a page, or as a fragment in place of its target."""
    return render("confirm.html", "_confirm.html", status, confirm=confirmation)
