"""HTTP guards: signed-in answers are never cached; a chunked body obeys the limit."""

from __future__ import annotations

import io
from urllib.parse import urlencode

import pytest

from models import Event, EventKind, db
from tests.conftest import HX, PASSWORD, csrf_token, page_token
from tests.integration.conftest import sent

LIMIT = 2 * 1024 * 1024


@pytest.mark.parametrize(
    "path,headers",
    [
        ("/inbox/", {}),
        ("/inbox/", HX),
        ("/inbox/{sub}", {}),
        ("/inbox/{sub}", HX),
        ("/submissions/{sub}", {}),
        ("/nodes/koping/", {}),
        ("/methods/", {}),
        ("/followup/", {}),
        ("/notifications", HX),
        ("/notifications/badge", HX),
        ("/account", {}),
        ("/inbox/999999", {}),  # an error page for a signed-in user too
    ],
)
def test_signed_in_answers_are_not_stored_by_caches(app, office, path, headers):
    response = office.get(path.format(sub=sent(app)), headers=headers)
    assert response.status_code in (200, 404)
    assert response.headers["Cache-Control"] == "no-store"


def test_static_files_and_the_sign_in_page_may_be_cached(app, office):
    assert "no-store" not in office.get("/static/css/app.css").headers.get(
        "Cache-Control", ""
    )
    assert "no-store" not in app.test_client().get("/login").headers.get(
        "Cache-Control", ""
    )


def _post_chunked(client, path, fields: dict, padding: int = 0, headers=None):
    body = urlencode(fields).encode() + (b"&pad=" + b"x" * padding if padding else b"")
    return client.post(
        path,
        input_stream=io.BytesIO(body),
        content_type="application/x-www-form-urlencoded",
        headers={"Transfer-Encoding": "chunked", **(headers or {})},
        # As gunicorn passes it on: de-chunked, with no length, marked as such.
        environ_overrides={"wsgi.input_terminated": True, "CONTENT_LENGTH": ""},
    )


def _login_fields(client, user) -> dict:
    token = csrf_token(client.get("/login").get_data(as_text=True))
    return {"csrf_token": token, "email": user.email, "password": PASSWORD}


def test_a_chunked_body_within_the_limit_is_read_whole(client, make_user):
    user = make_user()
    fields = _login_fields(client, user)
    response = _post_chunked(client, "/login", fields, padding=LIMIT - 4096)
    assert response.status_code == 303


@pytest.mark.parametrize("padding", [LIMIT, 3 * LIMIT])
def test_a_chunked_body_over_the_limit_is_refused_not_cut(client, make_user, padding):
    user = make_user()
    response = _post_chunked(client, "/login", _login_fields(client, user), padding)
    assert response.status_code == 413
    assert "större än vad Samnod tar emot" in response.get_data(as_text=True)
    assert client.get("/inbox/").status_code != 200  # nobody was signed in


def test_an_htmx_chunked_note_over_the_limit_gets_a_message(app, office):
    sub_id = sent(app)
    fields = {"csrf_token": page_token(office, "/account"), "text": "Intern not"}
    response = _post_chunked(
        office, f"/inbox/{sub_id}/notes", fields, padding=LIMIT, headers=HX
    )
    assert response.status_code == 413
    assert response.headers["HX-Retarget"] == "#flashes"
    with app.app_context():
        notes = db.session.scalar(
            db.select(db.func.count()).select_from(Event).filter_by(kind=EventKind.NOTE)
        )
    assert notes == 0


def test_a_long_content_length_is_refused_as_before(client, make_user):
    user = make_user()
    fields = urlencode(_login_fields(client, user)) + "&pad=" + "x" * LIMIT
    response = client.post(
        "/login", data=fields, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 413
