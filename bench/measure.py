"""Time requests in-process with the Flask test client and count their queries."""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import event

from models import db
from models.user import DEMO_PASSWORD

from .cases import ROLES, Case

HX = {"HX-Request": "true"}
_TOKEN = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


@dataclass
class Result:
    """The timings of one case."""

    name: str
    seconds: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    statuses: Counter = field(default_factory=Counter)

    def cells(self) -> list[str]:
        """Return the p50, p95, max (ms) and queries cells of the table."""
        ordered = sorted(self.seconds)
        ms = [f"{_nearest_rank(ordered, q) * 1000:.1f}" for q in (0.50, 0.95, 1.0)]
        if not self.queries:
            return [*ms, "–"]
        lo, hi = min(self.queries), max(self.queries)
        return [*ms, str(lo) if lo == hi else f"{lo}–{hi}"]

    def odd_statuses(self) -> dict[int, int]:
        """Statuses other than the expected 200, with how often they came."""
        return {code: n for code, n in self.statuses.items() if code != 200}


def _nearest_rank(ordered: list[float], q: float) -> float:
    return ordered[max(0, min(len(ordered) - 1, round(q * len(ordered)) - 1))]


def csrf_token(html: str) -> str:
    """Read the CSRF token out of a rendered form."""
    match = _TOKEN.search(html)
    if match is None:
        raise RuntimeError("no CSRF token in the page")
    return match.group(1)


def timed(
    case: Case, send: Callable[[str], int], requests: int, warmup: int, counter=None
) -> Result:
    """Send warm-up requests, then time `requests` more; bounded, sequential."""
    result = Result(case.name)
    for n in range(warmup + requests):
        path = case.path()
        if counter is not None:
            counter.count = 0
        started = time.perf_counter()
        status = send(path)
        elapsed = time.perf_counter() - started
        if case.answered is not None:
            case.answered(path, status)
        if n >= warmup:
            result.seconds.append(elapsed)
            result.statuses[status] += 1
            if counter is not None:
                result.queries.append(counter.count)
    return result


class QueryCounter:
    """Count the SQL statements the engine sends, while listening."""

    def __init__(self, engine) -> None:
        self.engine, self.count = engine, 0

    def __enter__(self) -> QueryCounter:
        event.listen(self.engine, "before_cursor_execute", self._tick)
        return self

    def __exit__(self, *exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self._tick)

    def _tick(self, *_args) -> None:
        self.count += 1


def sign_in(app: Flask, email: str) -> FlaskClient:
    """Return a test client signed in through the real form."""
    client = app.test_client()
    token = csrf_token(client.get("/login").get_data(as_text=True))
    form = {"email": email, "password": DEMO_PASSWORD, "csrf_token": token}
    response = client.post("/login", data=form)
    if response.status_code != 303:
        raise RuntimeError(f"sign-in as {email} answered {response.status_code}")
    return client


def _sender(client: FlaskClient, case: Case, token: str) -> Callable[[str], int]:
    headers = HX if case.hx else {}

    def get(path: str) -> int:
        response = client.get(path, headers=headers)
        response.get_data()
        response.close()
        return response.status_code

    def post(path: str) -> int:
        form = {**case.form(path), "csrf_token": token}
        response = client.post(path, data=form, headers=headers)
        response.get_data()
        response.close()
        return response.status_code

    return post if case.post else get


def in_process(
    app: Flask, cases: list[Case], requests: int, warmup: int
) -> list[Result]:
    """Measure every case with the test client, signed in as its role."""
    clients = {role: sign_in(app, role) for role in ROLES}
    tokens = {
        role: csrf_token(c.get("/account").get_data(True))
        for role, c in clients.items()
    }
    with app.app_context():
        engine = db.engine
    results = []
    with QueryCounter(engine) as counter:
        for case in cases:
            send = _sender(clients[case.role], case, tokens[case.role])
            results.append(timed(case, send, requests, warmup, counter))
    return results
