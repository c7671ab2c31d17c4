"""Headers, error pages, htmx fragments and the health check."""

from __future__ import annotations

import re

import pytest

from models import Role
from tests.conftest import HX, login

SECURITY_HEADERS = (
    "Content-Security-Policy",
    "X-Content-Type-Options",
    "Referrer-Policy",
)


@pytest.fixture
def central(client, make_user):
    login(client, make_user(Role.CENTRAL, "kansli"))
    return client


@pytest.mark.parametrize(
    "path", ["/login", "/nosuchpage", "/healthz", "/static/css/app.css"]
)
def test_security_headers_on_every_response(client, path):
    response = client.get(path)
    for header in SECURITY_HEADERS:
        assert header in response.headers
    csp = response.headers["Content-Security-Policy"]
    for directive in (
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "script-src 'self'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp


def test_security_headers_on_htmx_error_fragments(central):
    response = central.get("/inbox/999999/nothing", headers=HX)
    assert response.status_code == 404
    assert "Content-Security-Policy" in response.headers


def test_unknown_url_gets_a_swedish_404_page(client):
    response = client.get("/finns-inte")
    assert response.status_code == 404
    body = response.get_data(as_text=True)
    assert '<html lang="sv">' in body
    assert "Hittades inte" in body


def test_htmx_404_is_a_fragment_for_the_live_region(central):
    response = central.get("/nodes/finns-inte/", headers=HX)
    assert response.status_code == 404
    assert "<html" not in response.get_data(as_text=True)
    assert response.headers["HX-Retarget"] == "#flashes"


def test_malformed_id_is_404_not_500(app, make_user):
    client = app.test_client()
    login(client, make_user(Role.ADMIN, "kansli"))
    token = client.get("/admin/").get_data(as_text=True)
    assert "csrf_token" in token
    response = client.post("/admin/users/abc/deactivate")
    assert response.status_code == 404


def test_body_over_the_limit_gets_413_in_swedish(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    response = client.post("/login", data={"email": "x" * 5000})
    assert response.status_code == 413
    assert "För stort" in response.get_data(as_text=True)


def test_fragment_and_page_pair_with_vary(central):
    page = central.get("/inbox/")
    fragment = central.get("/inbox/", headers=HX)
    assert "<html" in page.get_data(as_text=True)
    assert "<html" not in fragment.get_data(as_text=True)
    assert 'id="inbox-list"' in fragment.get_data(as_text=True)
    for response in (page, fragment):
        assert "HX-Request" in response.headers["Vary"]


def test_history_restore_gets_the_whole_page(central):
    headers = HX | {"HX-History-Restore-Request": "true"}
    assert "<html" in central.get("/inbox/", headers=headers).get_data(as_text=True)


def test_anonymous_htmx_request_is_sent_to_login_not_swapped(client):
    response = client.get("/inbox/", headers=HX)
    assert response.status_code == 204
    assert response.headers["HX-Redirect"].startswith("/login")


def test_every_page_names_an_icon_the_browser_can_load(client):
    """Without one the browser asks for /favicon.ico on every page: a 404 in
    the console of everyone who opens it."""
    page = client.get("/login").get_data(as_text=True)
    href = re.search(r'<link rel="icon" href="([^"]+)"', page).group(1)
    icon = client.get(href)
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_healthz_503_when_the_database_is_gone(tmp_path):
    from app import create_app

    broken = create_app(
        {
            "TESTING": True,
            "SECRET_KEY": "x",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/missing/dir/db.sqlite",
        }
    )
    response = broken.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["status"] != "ok"


def test_interface_is_swedish_with_landmarks(central):
    body = central.get("/inbox/").get_data(as_text=True)
    assert '<html lang="sv">' in body
    assert 'href="#main"' in body and 'id="main"' in body
    assert 'role="status" aria-live="polite"' in body
    assert "Inkorg" in body


def test_english_can_be_chosen_per_user(central):
    token = central.get("/account").get_data(as_text=True)
    from tests.conftest import csrf_token

    central.post(
        "/account/preferences",
        data={"csrf_token": csrf_token(token), "locale": "en", "notify": "digest"},
    )
    body = central.get("/inbox/").get_data(as_text=True)
    assert '<html lang="en">' in body
    assert "Inbox" in body


def test_navigation_follows_the_role(client, make_user):
    login(client, make_user(Role.PRACTITIONER, "sala"))
    body = client.get("/methods/").get_data(as_text=True)
    assert 'href="/methods/"' in body
    assert 'href="/inbox/"' not in body and 'href="/admin/"' not in body


def test_server_error_is_a_swedish_page_or_fragment_never_a_traceback(make_user):
    from app import create_app
    from tests.conftest import _config

    app = create_app(_config())
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.route("/boom")
    def boom():
        raise RuntimeError("kaputt")

    client = app.test_client()
    page = client.get("/boom")
    assert page.status_code == 500
    body = page.get_data(as_text=True)
    assert "Något gick fel" in body and "kaputt" not in body
    assert "Content-Security-Policy" in page.headers
    fragment = client.get("/boom", headers=HX)
    assert fragment.status_code == 500
    assert "<html" not in fragment.get_data(as_text=True)


def test_a_failed_write_still_gets_the_swedish_error_page(make_user):
    """A flush that fails (SQLite's "database is locked" under load, here a
    constraint) leaves the session needing a rollback; the error page, which
    asks who is signed in, must not fail in turn and fall back to gunicorn's."""
    from app import create_app
    from models import User, db
    from tests.conftest import _config

    app = create_app(_config())
    app.config["PROPAGATE_EXCEPTIONS"] = False

    @app.route("/broken-write")
    def broken_write():
        db.session.add(User(email="x@samnod.test", name="Utan org", role=Role.CENTRAL))
        db.session.flush()  # NOT NULL: a user needs an organisation

    client = app.test_client()
    login(client, make_user(Role.CENTRAL, "kansli", email="karin@samnod.test"))
    for headers in ({}, HX):
        response = client.get("/broken-write", headers=headers)
        assert response.status_code == 500
        assert "Något gick fel" in response.get_data(as_text=True)


def test_admin_manages_the_target_group_list(app, client, make_user):
    from models import TargetGroup, db
    from tests.conftest import csrf_token

    login(client, make_user(Role.ADMIN, "kansli"))
    token = csrf_token(client.get("/admin/").get_data(as_text=True))
    empty = client.post("/admin/target-groups", data={"csrf_token": token, "name": ""})
    assert empty.status_code == 422
    assert 'id="name-error"' in empty.get_data(as_text=True)
    added = client.post(
        "/admin/target-groups",
        data={"csrf_token": token, "name": "Unga med NPF-diagnos"},
    )
    assert added.status_code == 303
    with app.app_context():
        group = db.session.scalar(
            db.select(TargetGroup).filter_by(slug="unga-med-npf-diagnos")
        )
        assert group.active
    client.post(f"/admin/target-groups/{group.id}/toggle", data={"csrf_token": token})
    with app.app_context():
        assert not db.session.get(TargetGroup, group.id).active
    form = client.get("/nodes/koping/submissions/new").get_data(as_text=True)
    assert "unga-med-npf-diagnos" not in form
