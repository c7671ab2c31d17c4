"""Signing in: where `next` may lead; a throttle no one can turn on the owner."""

from __future__ import annotations

import pytest

from models import Role
from tests.conftest import HX, PASSWORD, csrf_token

OWNER_ADDR = "10.0.0.7"


def _sign_in(client, email, password=PASSWORD, addr=OWNER_ADDR, next_=None, hx=False):
    token = csrf_token(client.get("/login").get_data(as_text=True))
    return client.post(
        "/login",
        query_string={"next": next_} if next_ is not None else None,
        data={"email": email, "password": password, "csrf_token": token},
        headers=HX if hx else None,
        environ_base={"REMOTE_ADDR": addr},
    )


def _browser_that_signed_in(app, email):
    """A browser whose session has ended but which keeps its known-device cookie."""
    first = app.test_client()
    assert _sign_in(first, email).status_code == 303
    browser = app.test_client()
    cookie = first.get_cookie("samnod_device", path="/login")
    browser.set_cookie("samnod_device", cookie.value, path="/login")
    return browser


def _target(response) -> str:
    assert response.status_code in (204, 303), response.get_data(as_text=True)
    return response.headers.get("HX-Location") or response.headers["Location"]


@pytest.mark.parametrize(
    "next_",
    [
        "/\t/evil.example",
        "/ /evil.example",
        "/\u00a0/evil.example",
        "/\u200b/evil.example",
        "/\u2028/evil.example",
        "//evil.example",
        "///evil.example",
        "/\\evil.example",
        "\\\\evil.example",
        "https://evil.example/",
        "HTTPS:evil.example",
        "javascript:alert(1)",
        "evil.example",
        "http://[evil.example",
    ],
)
@pytest.mark.parametrize("hx", [False, True])
def test_next_leading_off_the_site_is_ignored(client, make_user, next_, hx):
    user = make_user(Role.CENTRAL, "kansli")
    assert _target(_sign_in(client, user.email, next_=next_, hx=hx)) == "/inbox/"


@pytest.mark.parametrize(
    "next_",
    ["/\n/evil.example", "/\r\n/evil.example", "\r\nSet-Cookie: a=b", "/\x00/x"],
)
def test_next_with_a_line_break_or_nul_is_refused_not_a_500(client, make_user, next_):
    user = make_user(Role.CENTRAL, "kansli")
    response = _sign_in(client, user.email, next_=next_)
    assert response.status_code == 400
    assert "osynligt styrtecken" in response.get_data(as_text=True)
    assert "Location" not in response.headers and "a=b" not in str(response.headers)


@pytest.mark.parametrize(
    "next_,expected",
    [
        ("/methods/?q=IPS", "/methods/?q=IPS"),
        ("/nodes/koping/#activity", "/nodes/koping/#activity"),
        ("/methods/?q=l%C3%B6sningsfokus", "/methods/?q=l%C3%B6sningsfokus"),
        ("/methods/?q=lösningsfokus", "/methods/?q=l%C3%B6sningsfokus"),
        ("/me thods/\t", "/methods/"),
    ],
)
@pytest.mark.parametrize("hx", [False, True])
def test_next_on_the_site_is_followed(client, make_user, next_, expected, hx):
    user = make_user(Role.CENTRAL, "kansli")
    assert _target(_sign_in(client, user.email, next_=next_, hx=hx)) == expected


def test_htmx_sign_ins_do_not_count_as_failures(app, make_user):
    user = make_user()
    for _ in range(7):  # more than the five failures the account may have
        response = _sign_in(app.test_client(), user.email, hx=True)
        assert response.status_code == 204
        assert response.headers["HX-Location"] == "/nodes/koping/"


def test_wrong_passwords_from_elsewhere_do_not_lock_the_owner_out(app, make_user):
    user = make_user()
    attacker = app.test_client()
    for _ in range(5):
        assert _sign_in(attacker, user.email, "fel", addr="10.6.6.6").status_code == 422
    assert _sign_in(attacker, user.email, addr="10.6.6.6").status_code == 429
    assert _sign_in(app.test_client(), user.email).status_code == 303


def test_many_addresses_reach_the_account_cap_but_not_a_known_browser(app, make_user):
    app.config["LOGIN_LIMIT_ACCOUNT_WIDE"] = "10 per 15 minutes"
    user = make_user()
    other = make_user(email="other@samnod.test")
    owner = _browser_that_signed_in(app, user.email)
    wrong_device = _browser_that_signed_in(app, other.email)
    stranger = app.test_client()
    for n in range(10):
        attacker = app.test_client()
        addr = f"10.6.6.{n // 5}"
        assert _sign_in(attacker, user.email, "fel", addr=addr).status_code == 422
    # A new browser, or one known only for another account, waits out the cap...
    refused = _sign_in(stranger, user.email, addr="10.0.0.8")
    assert refused.status_code == 429
    assert "För många försök" in refused.get_data(as_text=True)
    assert _sign_in(wrong_device, user.email, addr="10.0.0.9").status_code == 429
    # ...the owner's own browser gets in at once, from any address.
    assert _sign_in(owner, user.email, addr="10.0.0.10").status_code == 303


def test_a_forged_device_cookie_counts_for_nothing(app, make_user):
    app.config["LOGIN_LIMIT_ACCOUNT_WIDE"] = "5 per 15 minutes"
    user = make_user()
    for n in range(5):
        attacker = app.test_client()
        _sign_in(attacker, user.email, "fel", addr=f"10.6.6.{n}")
    forger = app.test_client()
    forger.set_cookie("samnod_device", "abc.0123", path="/login")
    assert _sign_in(forger, user.email, addr="10.6.7.1").status_code == 429


def test_the_known_device_cookie_is_private_to_the_sign_in_page(client, make_user):
    _sign_in(client, make_user().email)
    cookie = client.get_cookie("samnod_device", path="/login")
    assert cookie is not None and cookie.http_only and cookie.same_site == "Lax"
    assert cookie.path == "/login" and cookie.expires is not None
