"""Time the same pages over HTTP from gunicorn, on 127.0.0.1 only."""

from __future__ import annotations

import http.client
import logging
import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from http.cookies import SimpleCookie
from pathlib import Path
from typing import IO
from urllib.parse import urlencode

from models.user import DEMO_PASSWORD

from .cases import ROLES, Case
from .measure import Result, csrf_token, timed

logger = logging.getLogger("bench")
ROOT = Path(__file__).resolve().parent.parent
GUNICORN = Path(sys.executable).parent / "gunicorn"
HOST = "127.0.0.1"
READY_TIMEOUT = 30.0
WORKERS = 2


def free_port() -> int:
    """Ask the kernel for a free loopback port."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(
    target: str,
    env: dict[str, str],
    ready_path: str,
    workers: int = WORKERS,
    log: IO[bytes] | None = None,
) -> Iterator[int]:
    """Run `gunicorn target` (two workers); always stop it. Yields the port.

    Its output goes to `log` when given (the caller reads it), else a temp file.
    """
    port = free_port()
    command = [str(GUNICORN), "--bind", f"{HOST}:{port}", "--workers", str(workers)]
    with nullcontext(log) if log else tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(  # noqa: S603 - fixed argv, our own venv
            [*command, "--log-level", "warning", target],
            cwd=ROOT,
            env={**os.environ, **env},
            stdout=out,
            stderr=out,
        )
        try:
            _wait_ready(proc, port, ready_path)
            yield port
        except Exception as exc:
            out.seek(0)
            tail = out.read().decode(errors="replace")[-3000:]
            raise RuntimeError(f"{exc}\n--- gunicorn's log ends ---\n{tail}") from exc
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(timeout=20)


def _wait_ready(proc: subprocess.Popen, port: int, path: str) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            break
        browser = Browser(port)
        try:
            if browser.request("GET", path)[0] == 200:
                return
        except OSError:
            pass
        finally:
            browser.close()
        time.sleep(0.2)
    raise RuntimeError("gunicorn did not answer in time")


class Browser:
    """A keep-alive HTTP client with a cookie jar, for one signed-in user."""

    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection(HOST, port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, form: dict | None = None, hx: bool = False
    ):
        """Send a request; return (status, body). Reconnects once if dropped."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if hx:
            headers["HX-Request"] = "true"
        body = urlencode(form, doseq=True) if form is not None else None
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body, headers)
                response = self.conn.getresponse()
                data = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionError):
                self.conn.close()
                if attempt == 2:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, data

    def try_sign_in(self, email: str, password: str = DEMO_PASSWORD):
        """Post the sign-in form (token and cookie from GET /login); return
        (status, body)."""
        _, page = self.request("GET", "/login")
        token = csrf_token(page.decode())
        form = {"email": email, "password": password, "csrf_token": token}
        return self.request("POST", "/login", form)

    def sign_in(self, email: str, password: str = DEMO_PASSWORD) -> Browser:
        """Sign in through the form, or raise."""
        status, _ = self.try_sign_in(email, password)
        if status != 303:
            raise RuntimeError(f"sign-in as {email} over HTTP answered {status}")
        return self

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()


def _getter(browser: Browser):
    return lambda path: browser.request("GET", path)[0]


def _sender(browser: Browser, case: Case, token: str):
    def send(path: str) -> int:
        form = {**case.form(path), "csrf_token": token} if case.post else None
        return browser.request("POST" if case.post else "GET", path, form, case.hx)[0]

    return send


def over_http(
    database_url: str, cases: list[Case], requests: int, warmup: int
) -> list[Result]:
    """Measure every case against `gunicorn 'app:create_app()'`."""
    env = {
        "DATABASE_URL": database_url,
        "SECRET_KEY": os.urandom(24).hex(),
        "SAMNOD_COOKIE_SECURE": "0",
    }
    results = []
    with gunicorn("app:create_app()", env, "/healthz") as port:
        browsers = {role: Browser(port).sign_in(role) for role in ROLES}
        tokens = {
            role: csrf_token(b.request("GET", "/account")[1].decode())
            for role, b in browsers.items()
        }
        for case in cases:
            send = _sender(browsers[case.role], case, tokens[case.role])
            result = timed(case, send, requests, warmup)
            result.name = "http " + case.name
            results.append(result)
        for browser in browsers.values():
            browser.close()
    return results + [hello(requests, warmup)]


def hello(requests: int, warmup: int) -> Result:
    """Measure a hello-world Flask app served the same way, for comparison."""
    case = Case("http hello world GET /", "", lambda: "/")
    with gunicorn("bench.hello:create_app()", {}, "/") as port:
        browser = Browser(port)
        result = timed(case, _getter(browser), requests, warmup)
        browser.close()
    return result
