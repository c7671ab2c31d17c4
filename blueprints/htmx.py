"""The one place where htmx request and response headers are handled."""

from __future__ import annotations

import json

from flask import (
    Response,
    get_flashed_messages,
    make_response,
    redirect,
    render_template,
    request,
)


def is_fragment_request() -> bool:
    """True for htmx requests wanting a fragment (not history restores or boosts)."""
    headers = request.headers
    return (
        headers.get("HX-Request") == "true"
        and headers.get("HX-History-Restore-Request") != "true"
        and headers.get("HX-Boosted") != "true"
    )


def render(page: str, fragment: str, /, status: int = 200, **ctx) -> Response:
    """Render the fragment for htmx, the whole page otherwise (the page includes it)."""
    if not is_fragment_request():
        return make_response(render_template(page, **ctx), status)
    body = render_template(fragment, **ctx) + render_flashes_oob()
    return make_response(body, status)


def render_flashes_oob() -> str:
    """Render pending flash messages as an out-of-band swap into the live region."""
    if not get_flashed_messages():
        return ""
    return render_template("_flashes.html", oob=True)


def client_redirect(url: str, reload: bool = False) -> Response:
    """Redirect a plain request with 303, an htmx request with HX-Location/Redirect."""
    if not is_fragment_request():
        return redirect(url, code=303)
    response = make_response("", 204)
    response.headers["HX-Redirect" if reload else "HX-Location"] = url
    return response


def push_url(response: Response, url: str) -> Response:
    """Put the address of what the response shows in the history and URL bar."""
    response.headers["HX-Push-Url"] = url
    return response


def trigger(response: Response, event: str, detail: object = None) -> Response:
    """Merge a domain event into the response's HX-Trigger header."""
    events = json.loads(response.headers.get("HX-Trigger") or "{}")
    events[event] = detail
    response.headers["HX-Trigger"] = json.dumps(events)
    return response


def add_vary_header(response: Response) -> Response:
    """Tell caches that the answer depends on whether htmx asked."""
    response.vary.add("HX-Request")
    return response
