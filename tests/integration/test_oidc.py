"""Signing in with a member's own account (OpenID Connect), against a real OpenID
provider started on loopback (tests/oidc_provider.py): the whole flow, and each
answer Samnod must refuse without a 500."""

from __future__ import annotations

import base64
import hashlib
import logging
import socket
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest

from app import create_app
from blueprints.auth.oidc_providers import providers
from models import Role, User, db, tokens, utcnow
from models.identity import verified_email
from models.tokens import Purpose
from tests.conftest import login, org, page_token
from tests.oidc_provider import FOREIGN_KEY, LoopbackProvider

EMAIL = "karin@samnod.test"
LABEL = "Logga in med Köpings konto"


@pytest.fixture(scope="module")
def provider():
    with LoopbackProvider() as running:
        yield running


@pytest.fixture
def idp(app, provider):
    """The app trusts the loopback provider; its tampering is off."""
    provider.tamper = None
    app.config.update(
        SAMNOD_OIDC_ISSUER=provider.issuer,
        SAMNOD_OIDC_CLIENT_ID="samnod-test",
        SAMNOD_OIDC_CLIENT_SECRET="hemligt",
        SAMNOD_OIDC_LABEL=LABEL,
    )
    yield provider
    provider.tamper = None


def person(provider, sub, email=EMAIL, **claims):
    claims.setdefault("email_verified", True)
    return provider.person(sub, email=email, name="Karin", **claims)


def start(client, path="/login/oidc") -> str:
    answer = client.get(path)
    assert answer.status_code == 302, answer.text
    return answer.headers["Location"]


def finish(client, back: str):
    parts = urlsplit(back)
    assert parts.path == "/login/oidc/callback"
    return client.get(f"{parts.path}?{parts.query}")


def sign_in(client, provider, sub, path="/login/oidc"):
    return finish(client, provider.authorize(start(client, path), sub))


def signed_in(client) -> bool:
    return client.get("/account").status_code == 200


def row(app, email=EMAIL) -> User | None:
    with app.app_context():
        user = db.session.scalar(db.select(User).filter_by(email=email))
        if user is not None:
            db.session.expunge(user)
        return user


def test_no_provider_no_button_and_the_routes_are_not_found(client):
    assert "organisationskonto" not in client.get("/login").text
    assert "/login/oidc" not in client.get("/login").text
    assert client.get("/login/oidc").status_code == 404
    assert client.get("/login/oidc/callback?state=x&code=y").status_code == 404


def test_one_button_per_provider_with_its_label(app, client, idp):
    app.config.update(
        SAMNOD_OIDC_SALA_ISSUER="https://login.microsoftonline.com/t/v2.0",
        SAMNOD_OIDC_SALA_CLIENT_ID="a",
        SAMNOD_OIDC_SALA_CLIENT_SECRET="b",
        SAMNOD_OIDC_SALA_LABEL="Logga in med Sala kommuns konto",
        SAMNOD_OIDC_BROKEN_ISSUER="https://incomplete.example",  # no client: ignored
    )
    page = client.get("/login?next=/inbox/").text
    assert LABEL in page and "Logga in med Sala kommuns konto" in page
    assert 'href="/login/oidc?next=/inbox/"' in page
    assert 'href="/login/oidc/sala?next=/inbox/"' in page
    assert "/login/oidc/broken" not in page
    assert client.get("/login/oidc/broken").status_code == 404
    assert client.get("/login/oidc/nobody").status_code == 404


def test_settings_come_from_the_environment(monkeypatch, idp):
    monkeypatch.setenv("SAMNOD_OIDC_VASTERAS_ISSUER", idp.issuer)
    monkeypatch.setenv("SAMNOD_OIDC_VASTERAS_CLIENT_ID", "samnod")
    monkeypatch.setenv("SAMNOD_OIDC_VASTERAS_CLIENT_SECRET", "s")
    app = create_app(
        {"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"}
    )
    with app.test_request_context():
        found = providers()["vasteras"]
    assert found.issuer == idp.issuer and found.client_id == "samnod"
    assert found.label == "Logga in med ditt organisationskonto"


def test_the_whole_flow_signs_in_keeps_next_and_ends_on_logout(
    app, client, make_user, idp, caplog
):
    user = make_user(Role.CENTRAL, "kansli", email=EMAIL)
    person(idp, "karin-1", email="Karin@Samnod.TEST")  # case is not significant
    authorize = start(client, "/login/oidc?next=/inbox/?status=new")
    query = parse_qs(urlsplit(authorize).query)
    assert authorize.startswith(f"{idp.issuer}/oauth2/authorize?")
    assert query["response_type"] == ["code"]
    assert query["client_id"] == ["samnod-test"]
    assert query["scope"] == ["openid email profile"]
    assert query["code_challenge_method"] == ["S256"]
    assert len(query["code_challenge"][0]) == 43
    assert query["state"] and query["nonce"]
    # at SAMNOD_BASE_URL, the address registered with the provider
    assert query["redirect_uri"] == ["http://127.0.0.1:5000/login/oidc/callback"]

    with caplog.at_level(logging.INFO, logger="samnod"):
        answer = finish(client, idp.authorize(authorize, "karin-1"))
    assert answer.status_code == 303
    assert answer.headers["Location"] == "/inbox/?status=new"
    assert (
        f"Signed in with OpenID Connect ({idp.issuer}): user {user.id}" in caplog.text
    )
    assert row(app).last_login_at is not None
    assert client.get("/").headers["Location"] == "/inbox/"
    with client.session_transaction() as session:
        assert not any(key.startswith("_state_") for key in session)

    cookie = client.get_cookie("session").value
    token = page_token(client)
    assert client.post("/logout", data={"csrf_token": token}).status_code == 303
    client.set_cookie("session", cookie)  # the cookie from before signing out
    assert client.get("/account").status_code == 303  # to the sign-in page


def test_the_provider_answers_for_the_second_factor_a_password_does_not(
    client, make_user, idp
):
    """An officer whose role requires two-step sign-in is not held on its set-up
    page after the organisation's sign-in; after a password in the same browser
    they are."""
    user = make_user(Role.CENTRAL, "kansli", email=EMAIL, mfa_exempt=False)
    person(idp, "karin-14")
    sign_in(client, idp, "karin-14")
    assert client.get("/inbox/").status_code == 200
    client.post("/logout", data={"csrf_token": page_token(client)})
    answer = login(client, user)
    assert answer.headers["Location"] == "/account/mfa"
    assert client.get("/inbox/").headers["Location"] == "/account/mfa"


def test_an_address_only_in_userinfo_is_used(client, make_user, idp):
    make_user(email=EMAIL)
    person(idp, "karin-15")
    idp.tamper = {"email": None, "email_verified": None}
    assert sign_in(client, idp, "karin-15").status_code == 303


def test_the_code_is_redeemed_with_the_pkce_verifier_and_the_client_secret(
    client, make_user, idp
):
    """The loopback provider does not itself enforce PKCE, so the test checks
    what Samnod sends: the verifier whose S256 digest was the challenge."""
    make_user(email=EMAIL)
    person(idp, "karin-16")
    authorize = start(client)
    challenge = parse_qs(urlsplit(authorize).query)["code_challenge"][0]
    idp.token_requests.clear()
    assert finish(client, idp.authorize(authorize, "karin-16")).status_code == 303
    [(authorization, form)] = idp.token_requests
    verifier = form["code_verifier"][0]
    digest = hashlib.sha256(verifier.encode()).digest()
    assert base64.urlsafe_b64encode(digest).rstrip(b"=").decode() == challenge
    assert form["grant_type"] == ["authorization_code"]
    assert form["redirect_uri"] == ["http://127.0.0.1:5000/login/oidc/callback"]
    expected = base64.b64encode(b"samnod-test:hemligt").decode()
    assert authorization == f"Basic {expected}"  # client_secret_basic


def test_next_off_the_site_is_dropped_and_the_home_page_used(client, make_user, idp):
    make_user(Role.COORDINATOR, "koping", email=EMAIL)
    person(idp, "karin-2")
    answer = sign_in(client, idp, "karin-2", "/login/oidc?next=//evil.example/")
    assert answer.headers["Location"] == "/nodes/koping/"


def test_a_named_provider_has_its_own_address(app, client, make_user, idp):
    app.config.update(
        SAMNOD_OIDC_SALA_ISSUER=idp.issuer,
        SAMNOD_OIDC_SALA_CLIENT_ID="samnod-sala",
        SAMNOD_OIDC_SALA_CLIENT_SECRET="s",
    )
    make_user(Role.COORDINATOR, "sala", email=EMAIL)
    person(idp, "karin-3")
    authorize = start(client, "/login/oidc/sala")
    assert parse_qs(urlsplit(authorize).query)["client_id"] == ["samnod-sala"]
    answer = finish(client, idp.authorize(authorize, "karin-3"))
    assert answer.headers["Location"] == "/nodes/sala/"


@pytest.mark.parametrize(
    "query", ["", "?code=abc", "?code=abc&state=forged", "?state=&code="]
)
def test_a_missing_or_forged_state_is_refused(client, idp, query):
    start(client)  # a sign-in is under way in this browser, with its own state
    answer = client.get(f"/login/oidc/callback{query}")
    assert answer.status_code == 400
    assert "Inloggningen kunde inte slutföras" in answer.text
    assert not signed_in(client)


@pytest.mark.parametrize("code", ["", "forged-code", "1" * 20])
def test_the_right_state_with_a_missing_or_forged_code(client, idp, code):
    state = parse_qs(urlsplit(start(client)).query)["state"][0]
    answer = client.get(
        "/login/oidc/callback", query_string={"state": state, "code": code}
    )
    assert answer.status_code == 400
    assert "Inloggningen kunde inte slutföras" in answer.text
    assert not signed_in(client)


def test_an_answer_used_twice_is_refused(client, make_user, idp):
    make_user(email=EMAIL)
    person(idp, "karin-4")
    back = idp.authorize(start(client), "karin-4")
    assert finish(client, back).status_code == 303
    again = finish(client, back)
    assert again.status_code == 400
    assert "redan använts" in again.text


def test_another_browsers_state_is_refused(app, client, make_user, idp):
    make_user(email=EMAIL)
    person(idp, "karin-5")
    victim = app.test_client()
    start(victim)
    back = idp.authorize(start(client), "karin-5")  # the attacker's own answer
    assert finish(victim, back).status_code == 400
    assert not signed_in(victim)


def test_the_provider_says_access_denied(client, idp):
    answer = finish(client, idp.authorize(start(client), None))
    assert answer.status_code == 403
    assert "Inloggningen avbröts" in answer.text
    assert not signed_in(client)


@pytest.mark.parametrize(
    ("error", "status", "message"),
    [
        ("access_denied", 403, "Inloggningen avbröts"),
        ("temporarily_unavailable", 502, "ett svar som Samnod inte kan använda"),
        ("<script>x</script>" * 100, 502, "ett svar som Samnod inte kan använda"),
    ],
)
def test_an_error_from_the_provider_with_the_state(client, idp, error, status, message):
    state = parse_qs(urlsplit(start(client)).query)["state"][0]
    answer = client.get(
        "/login/oidc/callback", query_string={"error": error, "state": state}
    )
    assert answer.status_code == status
    assert message in answer.text
    assert "<script>x" not in answer.text
    with client.session_transaction() as session:
        assert not any(key.startswith("_state_") for key in session)


def test_a_wrong_nonce_is_refused(app, client, make_user, idp):
    """A code obtained in another sign-in (with its own nonce) is slipped into
    this browser's callback with this browser's state: the ID token's nonce is
    the other sign-in's."""
    make_user(email=EMAIL)
    person(idp, "karin-6")
    other = idp.authorize(start(app.test_client()), "karin-6")
    mine = urlsplit(start(client))
    state = parse_qs(mine.query)["state"][0]
    code = parse_qs(urlsplit(other).query)["code"][0]
    answer = client.get(f"/login/oidc/callback?state={state}&code={code}")
    assert answer.status_code == 400
    assert "Inloggningen kunde inte styrkas" in answer.text
    assert not signed_in(client)


@pytest.mark.parametrize(
    ("tamper", "status", "message"),
    [
        ({"aud": "another-client"}, 400, "kunde inte styrkas"),
        ({"aud": ["another-client"], "azp": "samnod-test"}, 400, "kunde inte styrkas"),
        ({"iss": "https://evil.example"}, 400, "kunde inte styrkas"),
        (FOREIGN_KEY, 400, "kunde inte styrkas"),
        ({"exp": 1_000_000_000}, 400, "Inloggningen har gått ut"),
    ],
    ids=["audience", "audience-list", "issuer", "foreign-key", "expired"],
)
def test_an_id_token_samnod_cannot_trust_is_refused(
    app, client, make_user, idp, tamper, status, message
):
    make_user(email=EMAIL)
    person(idp, "karin-7")
    idp.tamper = tamper
    answer = sign_in(client, idp, "karin-7")
    assert answer.status_code == status
    assert message in answer.text
    assert not signed_in(client)
    assert row(app).last_login_at is None


def test_an_exp_a_minute_ago_is_within_the_leeway(client, make_user, idp):
    """Clocks differ a little; Authlib allows two minutes."""
    make_user(email=EMAIL)
    person(idp, "karin-8")
    idp.tamper = {"exp": int(utcnow().timestamp()) - 60}
    assert sign_in(client, idp, "karin-8").status_code == 303


@pytest.mark.parametrize(
    "claims",
    [{"email_verified": False}, {"email_verified": None}, {"email_verified": "no"}],
)
def test_an_unverified_address_is_refused(app, client, make_user, idp, claims):
    make_user(email=EMAIL)
    person(idp, "karin-9", **claims)
    answer = sign_in(client, idp, "karin-9")
    assert answer.status_code == 403
    assert "Din e-postadress är inte bekräftad" in answer.text
    assert not signed_in(client)


def test_an_unknown_address_is_told_whom_to_ask(client, make_user, idp):
    make_user(email="someone.else@samnod.test")
    person(idp, "okand", email="okand@sala.se")
    answer = sign_in(client, idp, "okand")
    assert answer.status_code == 403
    assert "Det finns inget Samnod-konto för dig" in answer.text
    assert "okand@sala.se" in answer.text
    assert "förbundskansliet" in answer.text
    assert not signed_in(client)


def test_a_deactivated_account_is_refused_as_an_unknown_one(
    app, client, make_user, idp
):
    make_user(email=EMAIL, active=False)
    person(idp, "karin-10")
    answer = sign_in(client, idp, "karin-10")
    assert answer.status_code == 403
    assert "Det finns inget Samnod-konto för dig" in answer.text
    assert not signed_in(client)


def test_an_invited_account_is_accepted_by_signing_in(app, client, idp, caplog):
    with app.app_context():
        user = User(
            email=EMAIL, name="Karin", role=Role.COORDINATOR, organisation=org("sala")
        )
        db.session.add(user)
        db.session.flush()
        secret = tokens.issue(user, Purpose.INVITE)
        db.session.commit()
        user_id = user.id
    invitation = f"/invite/{secret}"
    page = client.get(invitation).text
    assert "Eller logga in via din organisation" in page
    assert LABEL in page
    person(idp, "karin-11")
    with caplog.at_level(logging.INFO, logger="samnod"):
        answer = sign_in(client, idp, "karin-11")
    assert answer.status_code == 303
    assert answer.headers["Location"] == "/nodes/sala/"
    assert f"user {user_id}, invitation accepted" in caplog.text
    assert "Välkommen till Samnod, Karin." in client.get("/nodes/sala/").text
    assert row(app).password_hash == ""  # no password of its own
    used = app.test_client().get(invitation)
    assert used.status_code == 410


def test_an_invited_account_whose_invitation_expired_can_still_sign_in(
    app, client, idp, time_machine
):
    with app.app_context():
        user = User(
            email=EMAIL,
            name="Karin",
            role=Role.PRACTITIONER,
            organisation=org("region-vastmanland"),
        )
        db.session.add(user)
        db.session.flush()
        tokens.issue(user, Purpose.INVITE)
        db.session.commit()
    person(idp, "karin-12")
    time_machine.move_to(utcnow() + timedelta(hours=73))
    assert sign_in(client, idp, "karin-12").headers["Location"] == "/methods/"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_provider_that_does_not_answer_gets_a_friendly_page(app, client, idp):
    app.config["SAMNOD_OIDC_ISSUER"] = f"http://127.0.0.1:{_free_port()}"
    answer = client.get("/login/oidc")
    assert answer.status_code == 503
    assert "Inloggningstjänsten svarar inte" in answer.text


def test_a_provider_that_stops_answering_midway_gets_a_friendly_page(
    app, client, make_user
):
    make_user(email=EMAIL)
    with LoopbackProvider() as brief:
        app.config.update(
            SAMNOD_OIDC_ISSUER=brief.issuer,
            SAMNOD_OIDC_CLIENT_ID="samnod-test",
            SAMNOD_OIDC_CLIENT_SECRET="s",
        )
        person(brief, "karin-13")
        back = brief.authorize(start(client), "karin-13")
    answer = finish(client, back)
    assert answer.status_code == 503
    assert "Inloggningstjänsten svarar inte" in answer.text


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        ({"email": "a@b.se", "email_verified": True}, "a@b.se"),
        ({"email": " a@b.se ", "email_verified": "true"}, "a@b.se"),
        ({"email": "a@b.se", "xms_edov": True}, "a@b.se"),  # Entra ID
        ({"email": "a@b.se", "xms_edov": False}, None),
        ({"email": "a@b.se"}, None),
        ({"email_verified": True}, None),
        ({"email": "", "email_verified": True}, None),
        ({"email": ["a@b.se"], "email_verified": True}, None),
        ({"email": "a" * 250 + "@b.se", "email_verified": True}, None),
    ],
)
def test_which_addresses_count_as_verified(claims, expected):
    assert verified_email(claims) == expected
