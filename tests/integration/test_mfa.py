"""Two-step sign-in: set-up with an app, the sign-in's second step, recovery codes,
the requirement for admin and office password accounts, the admin's reset."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pyotp
import pytest
import time_machine

from demo.structure import seed_accounts, seed_structure
from models import Change, Role, User, db, mfa
from models.mfa import RecoveryCode
from models.tokens import Purpose, issue
from tests.conftest import HX, csrf_token, login, page_token

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
APP = pyotp.TOTP(SECRET)
# Five seconds into a 30-second step: a test's own steps never cross into the next.
NOON = datetime(2026, 12, 7, 11, 0, 5, tzinfo=UTC)


@pytest.fixture
def clock():
    """Time stands still at NOON until a test moves it."""
    with time_machine.travel(NOON, tick=False) as traveller:
        yield traveller


def code(offset: int = 0) -> str:
    """The app's code `offset` seconds from now."""
    return APP.at(NOON.timestamp() + offset)


@pytest.fixture
def officer(make_user):
    """An office account that must use two-step sign-in (not a demo account)."""
    return make_user(
        Role.CENTRAL, "kansli", email="karin@samnod.test", mfa_exempt=False
    )


def switch_on(app, user_id: int) -> list[str]:
    """Give the account two-step sign-in with SECRET, as if set up yesterday."""
    with app.app_context():
        user = db.session.get(User, user_id)
        codes = mfa.enable(user, SECRET, code())
        user.mfa_last_step = None
        db.session.commit()
        return codes


def send_code(client, value: str, hx: bool = False, addr: str = "10.0.0.7"):
    """Post a code on the second step of the sign-in."""
    token = page_token(client, "/login")
    return client.post(
        "/login/mfa",
        data={"csrf_token": token, "code": value},
        headers=HX if hx else None,
        environ_base={"REMOTE_ADDR": addr},
    )


def _user(app, user_id: int) -> User:
    with app.app_context():
        user = db.session.get(User, user_id)
        db.session.expunge(user)
        return user


def _signed_in(client) -> bool:
    return client.get("/account").status_code == 200


def _field_error(body: str, field: str = "code") -> str:
    match = re.search(rf'<p class="error" id="{field}-error">([^<]+)</p>', body)
    assert match, body[:2000]
    return match.group(1)


# --- the requirement and the set-up ------------------------------------------


def test_an_office_account_without_it_is_kept_on_the_set_up_page(client, officer):
    response = login(client, officer)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/account/mfa")
    elsewhere = client.get("/inbox/")
    assert elsewhere.status_code == 303
    assert elsewhere.headers["Location"].endswith("/account/mfa")
    over_htmx = client.get("/inbox/", headers=HX)
    assert over_htmx.status_code == 204
    assert over_htmx.headers["HX-Location"].endswith("/account/mfa")
    page = client.get("/account/mfa")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Krävs för din roll" in text
    assert "Din roll kräver tvåstegsinloggning" in text  # why it came here
    svg = re.search(r"<svg .*?</svg>", text, re.S).group(0)
    assert "style" not in svg and "<script" not in svg and 'role="img"' in svg
    groups = re.search(r'<code id="mfa-secret">([A-Z2-7 ]+)</code>', text).group(1)
    assert all(len(g) == 4 for g in groups.split())
    assert client.get("/notifications/badge").status_code == 200
    assert (
        client.post("/logout", data={"csrf_token": csrf_token(text)}).status_code == 303
    )


def test_setting_up_switches_on_with_a_right_code_and_shows_ten_codes_once(
    app, client, officer, clock
):
    login(client, officer)
    page = client.get("/account/mfa").get_data(as_text=True)
    secret = re.search(r'<code id="mfa-secret">([^<]+)</code>', page).group(1)
    secret = secret.replace(" ", "")
    response = client.post(
        "/account/mfa/enable",
        data={"csrf_token": csrf_token(page), "code": pyotp.TOTP(secret).now()},
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    shown = re.findall(r"<li><code>([a-z2-9]{5}-[a-z2-9]{5})</code></li>", text)
    assert len(shown) == 10 and len(set(shown)) == 10
    with app.app_context():
        stored = db.session.scalars(db.select(RecoveryCode.code_hash)).all()
        assert len(stored) == 10
        assert not any(c.replace("-", "") in h for c in shown for h in stored)
        assert db.session.get(User, officer.id).mfa_secret == secret
    assert client.get("/inbox/").status_code == 200  # no longer held
    again = client.get("/account/mfa").get_data(as_text=True)
    assert shown[0] not in again and "10 oanvända återställningskoder" in again


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("000000", "Koden stämmer inte"),
        ("12ab56", "sex siffror (0–9)"),
        ("1" * 20, "sex siffror (0–9)"),
        ("", "Skriv koden."),
        ("٣٣٣٣٣٣", "sex siffror (0–9)"),
    ],
)
def test_a_bad_first_code_switches_nothing_on(
    app, client, officer, clock, value, message
):
    login(client, officer)
    token = page_token(client, "/account/mfa")
    response = client.post(
        "/account/mfa/enable", data={"csrf_token": token, "code": value}
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in _field_error(text)
    assert 'aria-invalid="true"' in text
    assert f'value="{value}"' not in text or value == ""  # a code is never kept
    with app.app_context():
        assert db.session.get(User, officer.id).mfa_secret is None
        assert db.session.scalar(db.select(db.func.count(RecoveryCode.id))) == 0


def test_demo_accounts_are_exempt_and_told_so(app, client):
    with app.app_context():
        users = seed_accounts(seed_structure())
        db.session.commit()
        assert users["kansli@samnod.test"].mfa_exempt
    response = login(client, "kansli@samnod.test", "samnod-demo")
    assert response.headers["Location"].endswith("/inbox/")
    page = client.get("/account/mfa").get_data(as_text=True)
    assert "Undantagen: det här är ett demokonto" in page


def test_optional_for_a_coordinator(client, make_user):
    login(client, make_user(Role.COORDINATOR, "koping", mfa_exempt=False))
    assert client.get("/nodes/koping/").status_code == 200
    assert "Valfri för din roll" in client.get("/account/mfa").get_data(as_text=True)


def test_an_accepted_invitation_to_the_office_leads_to_the_set_up(app, make_user):
    with app.app_context():
        from tests.conftest import org

        user = User(
            email="ny@samnod.test",
            name="Ny",
            role=Role.ADMIN,
            organisation=org("kansli"),
        )
        db.session.add(user)
        db.session.flush()
        token = issue(user, Purpose.INVITE)
        db.session.commit()
    person = app.test_client()
    page = person.get(f"/invite/{token}").get_data(as_text=True)
    response = person.post(
        f"/invite/{token}",
        data={"csrf_token": csrf_token(page), "new": "ett långt lösenord"}
        | {"confirm": "ett långt lösenord"},
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/account/mfa")
    assert person.get("/admin/").headers["Location"].endswith("/account/mfa")


def test_a_session_not_begun_with_the_password_is_not_held(app, officer):
    """A sign-in by OpenID Connect does not mark the session: not asked for TOTP."""
    from flask_login import login_user

    from blueprints.auth.second_factor import must_set_up

    with app.test_request_context():
        user = db.session.get(User, officer.id)
        login_user(user)
        assert not must_set_up(user)


# --- the sign-in's second step -----------------------------------------------


def test_the_password_alone_does_not_sign_in(app, client, officer, clock):
    switch_on(app, officer.id)
    response = login(client, officer)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/login/mfa")
    assert not _signed_in(client)
    with client.session_transaction() as session:
        assert (
            "_user_id" not in session and session["mfa_pending"]["user"] == officer.id
        )
    page = client.get("/login/mfa")
    assert page.status_code == 200 and "Tvåstegsinloggning" in page.get_data(
        as_text=True
    )
    response = send_code(client, code())
    assert response.status_code == 303 and response.headers["Location"].endswith(
        "/inbox/"
    )
    assert _signed_in(client)
    assert client.get_cookie("samnod_device", path="/login") is not None
    assert _user(app, officer.id).last_login_at is not None


def test_the_next_address_is_kept_through_the_second_step(app, client, officer, clock):
    switch_on(app, officer.id)
    token = page_token(client, "/login")
    client.post(
        "/login?next=/funds/",
        data={"email": officer.email, "password": "correct horse battery staple"}
        | {"csrf_token": token},
    )
    response = send_code(client, code())
    assert response.headers["Location"].endswith("/funds/")


def test_a_code_works_once_and_an_older_one_never(app, client, officer, clock):
    switch_on(app, officer.id)
    login(client, officer)
    assert send_code(client, code()).status_code == 303
    client.post("/logout", data={"csrf_token": page_token(client)})
    login(client, officer)
    for value in (code(), code(-30)):
        response = send_code(client, value)
        assert response.status_code == 422
        assert "använts redan eller är för gammal" in _field_error(response.text)
    assert not _signed_in(client)
    clock.shift(30)  # the app's next code
    assert send_code(client, code(30)).status_code == 303


def test_one_step_of_clock_drift_is_allowed(app, client, officer, clock):
    switch_on(app, officer.id)
    login(client, officer)
    assert "stämmer inte" in _field_error(send_code(client, code(60)).text)
    assert send_code(client, code(30)).status_code == 303


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("12ab56", "sex siffror (0–9)"),
        ("1" * 20, "sex siffror (0–9)"),
        ("", "Skriv koden."),
        ("x" * 300, "Högst 40 tecken."),
        ("123 45", "sex siffror (0–9)"),
    ],
)
@pytest.mark.parametrize("hx", [False, True])
def test_bad_input_at_the_second_step(app, client, officer, clock, value, message, hx):
    switch_on(app, officer.id)
    login(client, officer)
    response = send_code(client, value, hx=hx)
    text = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in _field_error(text)
    assert 'aria-invalid="true"' in text and 'value=""' in text
    assert ("<html" in text) is not hx
    assert response.vary.find("HX-Request") >= 0


def test_a_second_step_without_a_token_is_refused(app, client, officer, clock):
    switch_on(app, officer.id)
    login(client, officer)
    response = client.post("/login/mfa", data={"code": code()})
    assert response.status_code == 400 and not _signed_in(client)


def test_an_expired_second_step_asks_for_the_password_again(
    app, client, officer, clock
):
    switch_on(app, officer.id)
    login(client, officer)
    clock.shift(5 * 60 + 1)
    response = send_code(client, code(5 * 60 + 1))
    assert response.status_code == 422
    assert "Inloggningen har gått ut" in _field_error(response.text)
    assert not _signed_in(client)
    again = client.get("/login/mfa")
    assert again.status_code == 303 and again.headers["Location"].endswith("/login")


def test_a_recovery_code_works_once(app, client, officer, clock):
    recovery = switch_on(app, officer.id)
    login(client, officer)
    typed = " " + recovery[0].upper().replace("-", " - ") + " "
    response = send_code(client, typed)
    assert response.status_code == 303
    assert "9 finns kvar" in client.get("/account/mfa").get_data(as_text=True)
    client.post("/logout", data={"csrf_token": page_token(client)})
    login(client, officer)
    response = send_code(client, recovery[0])
    assert response.status_code == 422
    assert "återställningskoden har redan använts" in _field_error(response.text)
    assert send_code(client, "abcde-fghjk").status_code == 422  # not one of them


def test_code_attempts_are_throttled_and_malformed_ones_not_counted(
    app, client, officer, clock
):
    app.config["MFA_LIMIT_ACCOUNT"] = "3 per 15 minutes"
    switch_on(app, officer.id)
    login(client, officer)
    for _ in range(5):
        assert send_code(client, "abc").status_code == 422  # never a code: not counted
    for _ in range(3):
        assert send_code(client, "000000").status_code == 422
    refused = send_code(client, code())
    assert refused.status_code == 429
    assert "För många försök med koder" in _field_error(refused.text)
    assert not _signed_in(client)
    other = app.test_client()  # another address is not held by this one's tries
    login(other, officer)
    assert send_code(other, code(), addr="10.9.9.9").status_code == 303


def test_a_right_code_gives_its_attempts_back(app, client, officer, clock):
    app.config["MFA_LIMIT_ACCOUNT"] = "2 per 15 minutes"
    switch_on(app, officer.id)
    for offset in (0, 30, 60):
        clock.shift(30 if offset else 0)
        login(client, officer)
        assert send_code(client, code(offset)).status_code == 303
        client.post("/logout", data={"csrf_token": page_token(client)})


# --- recovery codes again, switching off, the admin's reset ------------------


def _signed_in_with_mfa(app, client, user, clock) -> list[str]:
    recovery = switch_on(app, user.id)
    login(client, user)
    assert send_code(client, code()).status_code == 303
    clock.shift(30)
    return recovery


def test_new_recovery_codes_replace_the_old_ones(app, client, officer, clock):
    old = _signed_in_with_mfa(app, client, officer, clock)
    token = page_token(client, "/account/mfa")
    wrong = client.post(
        "/account/mfa/recovery-codes",
        data={"csrf_token": token, "renew-code": "000000"},
    )
    assert wrong.status_code == 422
    assert "stämmer inte" in _field_error(wrong.text, "renew-code")
    response = client.post(
        "/account/mfa/recovery-codes",
        data={"csrf_token": token, "renew-code": code(30)},
    )
    new = re.findall(r"<li><code>([a-z2-9-]{11})</code></li>", response.text)
    assert response.status_code == 200 and len(new) == 10 and not set(new) & set(old)
    client.post("/logout", data={"csrf_token": token})
    login(client, officer)
    assert send_code(client, old[1]).status_code == 422
    assert send_code(client, new[0]).status_code == 303


def test_codes_on_the_account_page_are_throttled_too(app, client, officer, clock):
    app.config["MFA_LIMIT_ACCOUNT"] = "2 per 15 minutes"
    _signed_in_with_mfa(app, client, officer, clock)
    token = page_token(client, "/account/mfa")
    answers = [
        client.post(
            "/account/mfa/recovery-codes",
            data={"csrf_token": token, "renew-code": "000000"},
        )
        for _ in range(3)
    ]
    assert [a.status_code for a in answers] == [422, 422, 429]
    assert "För många försök med koder" in answers[-1].text


def test_a_required_account_cannot_switch_it_off(app, client, officer, clock):
    _signed_in_with_mfa(app, client, officer, clock)
    page = client.get("/account/mfa").get_data(as_text=True)
    assert "/account/mfa/disable" not in page and "kan inte stängas av" in page
    response = client.post(
        "/account/mfa/disable",
        data={"csrf_token": csrf_token(page), "off-code": code(30)},
    )
    assert response.status_code == 422
    assert _user(app, officer.id).mfa_secret == SECRET


def test_an_optional_account_switches_it_off_with_a_code(app, client, make_user, clock):
    user = make_user(Role.COORDINATOR, "koping", mfa_exempt=False)
    _signed_in_with_mfa(app, client, user, clock)
    token = page_token(client, "/account/mfa")
    response = client.post(
        "/account/mfa/disable", data={"csrf_token": token, "off-code": code(30)}
    )
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(User, user.id).mfa_secret is None
        assert db.session.scalar(db.select(db.func.count(RecoveryCode.id))) == 0


def test_an_admin_resets_a_lost_phone_and_the_sessions_end(
    app, admin, client, officer, clock
):
    _signed_in_with_mfa(app, client, officer, clock)
    url = f"/admin/users/{officer.id}/mfa/reset"
    question = admin.get(url)
    assert question.status_code == 200
    assert "Återställ tvåstegsinloggning för" in question.text
    response = admin.post(url, data={"csrf_token": csrf_token(question.text)})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/admin/users/{officer.id}")
    with app.app_context():
        assert db.session.get(User, officer.id).mfa_secret is None
        change = db.session.scalar(
            db.select(Change).where(Change.subject == f"{officer.id}/mfa")
        )
        assert (change.kind, change.before, change.after) == ("user", "on", "off")
    assert not _signed_in(client)  # the officer's session has ended
    assert login(client, officer).headers["Location"].endswith("/account/mfa")
    again = admin.get(url)
    assert "använder inte tvåstegsinloggning" in again.text
    refused = admin.post(url, data={"csrf_token": csrf_token(again.text)})
    assert refused.status_code == 422


def test_only_an_admin_resets(app, client, officer, make_user, clock):
    switch_on(app, officer.id)
    login(client, make_user(Role.CENTRAL, "kansli"))
    token = page_token(client)
    url = f"/admin/users/{officer.id}/mfa/reset"
    assert client.post(url, data={"csrf_token": token}).status_code == 403
    assert _user(app, officer.id).mfa_secret == SECRET
