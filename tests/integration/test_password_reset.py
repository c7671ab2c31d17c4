"""A forgotten password: the same answer for every address, a single-use link by
mail, rate-limited, and a reset that ends every session of the account."""

from __future__ import annotations

from datetime import timedelta

import pytest

from models import Role, User, db, utcnow
from models.tokens import AccountToken
from tests.conftest import PASSWORD, csrf_token, login, page_token
from tests.integration.test_admin_users import link_in

FORGOT = "/password/forgot"
NEW_PASSWORD = "ett helt nytt lösenord"


def ask(client, email):
    token = page_token(client, FORGOT)
    return client.post(
        FORGOT, data={"csrf_token": token, "email": email}, buffered=True
    )


def choose(client, path, password=NEW_PASSWORD, confirm=None):
    token = csrf_token(client.get(path).text)
    return client.post(
        path,
        data={"csrf_token": token, "new": password, "confirm": confirm or password},
    )


def test_the_login_page_links_to_the_form(client):
    assert f'href="{FORGOT}"' in client.get("/login").text
    assert "Glömt lösenord" in client.get(FORGOT).text


def test_the_answer_is_the_same_whether_or_not_the_address_exists(
    app, client, make_user, smtp
):
    make_user(email="karin@samnod.test")
    known = ask(client, "Karin@Samnod.test")
    unknown = ask(app.test_client(), "nobody@samnod.test")
    assert known.status_code == unknown.status_code == 303
    assert known.headers["Location"] == unknown.headers["Location"]
    a = client.get("/login").text
    b = app.test_client()
    ask(b, "nobody@samnod.test")
    b_text = b.get("/login").text
    assert "är en länk för att välja nytt lösenord på väg dit" in a
    assert a.replace("Karin@Samnod.test", "X") == b_text.replace(
        "nobody@samnod.test", "X"
    ).replace(csrf_token(b_text), csrf_token(a))
    assert len(smtp.to("karin@samnod.test")) == 1
    assert smtp.to("nobody@samnod.test") == []


def test_a_reset_link_sets_the_password_once_and_ends_every_session(
    app, client, make_user, smtp
):
    user = make_user(email="karin@samnod.test")
    elsewhere = app.test_client()
    login(elsewhere, user)
    assert elsewhere.get("/account").status_code == 200
    ask(client, "karin@samnod.test")
    [message] = smtp.to("karin@samnod.test")
    assert message["Subject"] == "Samnod: välj ett nytt lösenord"
    assert "inom 1 timme" in message.get_body(("plain",)).get_content()
    path = link_in(message, "/password/reset")
    response = choose(client, path)
    assert response.status_code == 303 and response.headers["Location"] == "/login"
    assert elsewhere.get("/account").status_code == 303  # signed out
    assert login(client, user).status_code == 422  # the old password is gone
    assert login(client, user, NEW_PASSWORD).status_code == 303
    used = app.test_client().get(path)
    assert used.status_code == 410 and "redan använts" in used.text


def test_a_deactivated_account_gets_no_link(app, client, make_user, smtp):
    make_user(email="karin@samnod.test", active=False)
    assert ask(client, "karin@samnod.test").status_code == 303
    assert smtp.received == []


def test_an_expired_link_is_refused(app, client, make_user, smtp):
    make_user(email="karin@samnod.test")
    ask(client, "karin@samnod.test")
    path = link_in(smtp.to("karin@samnod.test")[0], "/password/reset")
    with app.app_context():
        row = db.session.scalar(db.select(AccountToken))
        row.expires_at = utcnow() - timedelta(seconds=1)
        db.session.commit()
    response = app.test_client().get(path)
    assert response.status_code == 410 and "Länken har gått ut." in response.text
    assert "Be om en ny länk" in response.text


def test_a_new_link_replaces_the_earlier_one(app, client, make_user, smtp):
    make_user(email="karin@samnod.test")
    ask(client, "karin@samnod.test")
    ask(client, "karin@samnod.test")
    first, second = (
        link_in(m, "/password/reset") for m in smtp.to("karin@samnod.test")
    )
    assert app.test_client().get(first).status_code == 410
    assert app.test_client().get(second).status_code == 200


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Ange din e-postadress."),
        ("karin", "Skriv hela e-postadressen"),
        ("a@b", "Skriv hela e-postadressen"),
        ("x" * 300 + "@samnod.test", "Högst 254 tecken."),
    ],
)
def test_a_malformed_address_is_refused_at_the_field(client, smtp, email, message):
    response = ask(client, email)
    assert response.status_code == 422
    assert message in response.text and 'aria-invalid="true"' in response.text
    assert smtp.received == []


def test_bad_passwords_keep_the_link(app, client, make_user, smtp):
    make_user(email="karin@samnod.test")
    ask(client, "karin@samnod.test")
    path = link_in(smtp.to("karin@samnod.test")[0], "/password/reset")
    assert choose(client, path, "kort").status_code == 422
    response = choose(client, path, NEW_PASSWORD, "ett annat lösenord!")
    assert response.status_code == 422
    assert "De två nya lösenorden stämmer inte överens." in response.text
    response = choose(client, path, "samnod-demo")
    assert response.status_code == 422
    assert choose(client, path).status_code == 303


def test_asking_is_rate_limited_per_account(app, client, make_user, smtp):
    make_user(email="karin@samnod.test")
    for _ in range(3):
        assert ask(client, "karin@samnod.test").status_code == 303
    response = ask(client, "karin@samnod.test")
    assert response.status_code == 429
    assert len(smtp.to("karin@samnod.test")) == 3
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(AccountToken.id))) == 3


def test_asking_is_rate_limited_per_address(app, client, smtp):
    app.config["RESET_LIMIT_IP"] = "2 per 15 minutes"
    assert ask(client, "a@samnod.test").status_code == 303
    assert ask(client, "b@samnod.test").status_code == 303
    assert ask(client, "c@samnod.test").status_code == 429


def test_an_invited_account_cannot_sign_in_before_choosing(app, client, make_user):
    user = make_user(Role.COORDINATOR, "sala", email="ny@sala.se")
    with app.app_context():
        db.session.get(User, user.id).password_hash = ""
        db.session.commit()
    assert login(client, "ny@sala.se", PASSWORD).status_code == 422
    assert login(client, "ny@sala.se", "").status_code == 422
