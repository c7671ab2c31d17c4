"""HTTP guards around every request: what caches may keep, how large a body may be."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from io import BytesIO

from flask import Response, request
from flask_login import current_user


def no_store_when_signed_in(response: Response) -> Response:
    """Keep signed-in pages and fragments (internal notes, names) out of every cache."""
    if request.endpoint != "static" and current_user.is_authenticated:
        response.headers["Cache-Control"] = "no-store"
    return response


class ChunkedBodyLimit:
    """WSGI middleware: give a chunked body a length, so the size limit applies to it.

    A body sent with `Transfer-Encoding: chunked` has no Content-Length, and Werkzeug
    then reads at most MAX_CONTENT_LENGTH bytes of it and silently drops the rest (or,
    where the server does not de-chunk, reads nothing). Reading one byte past the
    limit here lets Werkzeug refuse it with 413, exactly as a long Content-Length is.
    """

    def __init__(self, wsgi_app: Callable, max_length: Callable[[], int | None]):
        self.wsgi_app = wsgi_app
        self.max_length = max_length

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        limit = self.max_length()
        chunked = "chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
        if limit is not None and chunked and environ.get("wsgi.input_terminated"):
            body = _read_at_most(environ["wsgi.input"], limit + 1)
            environ["wsgi.input"] = BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))
            del environ["HTTP_TRANSFER_ENCODING"]
        return self.wsgi_app(environ, start_response)


def _read_at_most(stream, size: int) -> bytes:
    parts, left = [], size
    while left > 0:
        part = stream.read(min(left, 64 * 1024))
        if not part:
            break
        parts.append(part)
        left -= len(part)
    return b"".join(parts)
