"""Signing in and out, the throttle, CSRF and sessions that end on the server."""

from __future__ import annotations

import pytest

from models import Role, db
from tests.conftest import HX, PASSWORD, csrf_token, login, page_token


def test_login_lands_on_the_page_for_the_role(client, make_user):
    user = make_user(Role.COORDINATOR, "koping")
    response = login(client, user)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/nodes/koping/")


@pytest.mark.parametrize(
    "role,landing",
    [
        (Role.CENTRAL, "/inbox/"),
        (Role.ADMIN, "/admin/"),
        (Role.PRACTITIONER, "/methods/"),
    ],
)
def test_each_role_lands_where_it_works(client, make_user, role, landing):
    user = make_user(role, "kansli" if role != Role.PRACTITIONER else "sala")
    assert login(client, user).headers["Location"].endswith(landing)


def test_email_is_case_insensitive(client, make_user):
    make_user(email="karin@samnod.test")
    assert login(client, "  KARIN@Samnod.TEST ").status_code == 303


@pytest.mark.parametrize(
    "email,password",
    [("nobody@samnod.test", PASSWORD), ("user1@samnod.test", "wrong password")],
)
def test_wrong_email_or_password_gets_one_generic_message(
    client, make_user, email, password
):
    make_user()
    response = login(client, email, password)
    assert response.status_code == 422
    assert "Fel e-postadress eller lösenord." in response.get_data(as_text=True)
    assert 'value="' + email + '"' in response.get_data(as_text=True)


def test_disabled_account_is_refused(client, make_user):
    make_user(active=False)
    response = login(client, "user1@samnod.test")
    assert response.status_code == 422
    assert client.get("/inbox/").status_code == 303


def test_post_without_csrf_token_is_refused_clearly(client, make_user):
    make_user()
    response = client.post(
        "/login", data={"email": "user1@samnod.test", "password": PASSWORD}
    )
    assert response.status_code == 400
    assert "säkerhetstoken" in response.get_data(as_text=True)


def test_htmx_post_without_token_gets_a_message_for_the_live_region(client):
    response = client.post("/login", data={"email": "a@b.se"}, headers=HX)
    assert response.status_code == 400
    assert response.headers["HX-Retarget"] == "#flashes"
    assert "<html" not in response.get_data(as_text=True)


def test_logout_is_post_only_and_kills_a_copied_cookie(client, app, make_user):
    user = make_user(Role.CENTRAL, "kansli")
    login(client, user)
    stolen = client.get_cookie("session").value
    assert client.get("/logout").status_code == 405
    response = client.post("/logout", data={"csrf_token": page_token(client)})
    assert response.status_code == 303
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/inbox/").status_code == 303


def test_password_change_ends_other_sessions_but_not_this_one(app, make_user):
    user = make_user(Role.CENTRAL, "kansli")
    mine, other = app.test_client(), app.test_client()
    login(mine, user)
    login(other, user)
    response = mine.post(
        "/account/password",
        data={
            "csrf_token": page_token(mine),
            "current": PASSWORD,
            "new": "ett nytt långt lösenord",
            "confirm": "ett nytt långt lösenord",
        },
    )
    assert response.status_code == 303
    assert mine.get("/inbox/").status_code == 200
    assert other.get("/inbox/").status_code == 303
    assert login(app.test_client(), user, "ett nytt långt lösenord").status_code == 303


@pytest.mark.parametrize(
    "new,message", [("kort", "minst 12 tecken"), ("samnod-demo", "demolösenordet")]
)
def test_weak_new_password_is_refused_at_the_field(client, make_user, new, message):
    login(client, make_user())
    response = client.post(
        "/account/password",
        data={
            "csrf_token": page_token(client),
            "current": PASSWORD,
            "new": new,
            "confirm": new,
        },
    )
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert message in body
    assert 'aria-invalid="true"' in body


def test_deactivation_ends_the_session(app, make_user):
    admin = make_user(Role.ADMIN, "kansli")
    victim = make_user(Role.CENTRAL, "kansli")
    admin_client, victim_client = app.test_client(), app.test_client()
    login(admin_client, admin)
    login(victim_client, victim)
    assert victim_client.get("/inbox/").status_code == 200
    response = admin_client.post(
        f"/admin/users/{victim.id}/deactivate",
        data={"csrf_token": page_token(admin_client, "/admin/"), "confirm": "1"},
    )
    assert response.status_code == 303
    assert victim_client.get("/inbox/").status_code == 303


def test_login_throttle_per_account_answers_429_in_swedish(client, make_user):
    make_user()
    for _ in range(5):
        assert login(client, "user1@samnod.test", "fel").status_code == 422
    response = login(client, "user1@samnod.test", PASSWORD)
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert "För många försök" in response.get_data(as_text=True)


def test_forged_forwarded_for_does_not_reset_the_ip_throttle(app, make_user):
    app.config["LOGIN_LIMIT_IP"] = "3 per 15 minutes"
    client = app.test_client()
    for n in range(3):
        headers = {"X-Forwarded-For": f"10.0.0.{n}"}
        token = csrf_token(client.get("/login").get_data(as_text=True))
        client.post(
            "/login",
            headers=headers,
            data={"email": f"x{n}@samnod.test", "password": "fel", "csrf_token": token},
        )
    response = client.post(
        "/login",
        headers={"X-Forwarded-For": "10.9.9.9"},
        data={"email": "y@samnod.test", "password": "fel", "csrf_token": token},
    )
    assert response.status_code == 429


def test_throttle_is_counted_in_the_database(app, client, make_user):
    from models.ratelimit import RateLimitCounter

    make_user()
    login(client, "user1@samnod.test", "fel")
    with app.app_context():
        assert (
            db.session.scalar(db.select(db.func.count()).select_from(RateLimitCounter))
            >= 2
        )


def test_session_cookie_flags(client, make_user):
    login(client, make_user())
    cookie = client.get_cookie("session")
    assert cookie.http_only
    assert cookie.same_site == "Lax"


def test_next_parameter_only_redirects_inside_samnod(client, make_user):
    user = make_user(Role.CENTRAL, "kansli")
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post(
        "/login?next=//evil.example/x",
        data={"email": user.email, "password": PASSWORD, "csrf_token": token},
    )
    assert response.headers["Location"].endswith("/inbox/")
