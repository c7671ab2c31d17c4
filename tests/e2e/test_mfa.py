"""An office account without two-step sign-in is made to set it up at sign-in
(reading the key off the page, as a person types it into the app), then signs
in with password and code and lands on its inbox. axe on every state."""

from __future__ import annotations

import time

import pyotp

from models import Role, User, db
from models.organisation import Organisation
from tests.e2e.conftest import sign_in

EMAIL = "mfa.kansli@lsfv.se"
PASSWORD = "ett långt lösenord för kansliet"


def _office_account(app) -> None:
    with app.app_context():
        office = db.session.scalar(db.select(Organisation).filter_by(slug="kansli"))
        user = User(email=EMAIL, name="Maja Kansli", role=Role.CENTRAL)
        user.organisation = office
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()


def test_an_office_account_sets_up_and_signs_in_with_a_code(live_app, page, axe):
    _office_account(live_app)
    sign_in(page, EMAIL, PASSWORD)
    assert page.url.endswith("/account/mfa")
    assert page.locator("svg.qr").is_visible()
    axe(page)

    field = page.get_by_label("Kod från appen", exact=True)
    field.fill("12ab")
    page.get_by_role("button", name="Slå på tvåstegsinloggning").click()
    assert "sex siffror" in page.locator("#code-error").inner_text()
    assert field.input_value() == ""  # a code is never kept
    axe(page)

    app = pyotp.TOTP(page.locator("#mfa-secret").inner_text().replace(" ", ""))
    field.fill(app.now())
    field.press("Enter")
    page.get_by_role("heading", name="Dina återställningskoder").wait_for()
    assert page.locator("ol.codes li").count() == 10
    axe(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Jag har sparat dem – fortsätt").click()
    assert page.url.endswith("/inbox/")
    with page.expect_navigation():
        page.get_by_role("button", name="Logga ut").click()

    sign_in(page, EMAIL, PASSWORD)
    assert page.url.endswith("/login/mfa")
    axe(page)
    code = page.get_by_label("Kod från appen eller en återställningskod")
    code.fill(app.at(time.time() + 30))  # the code just used works once only
    with page.expect_navigation():
        code.press("Enter")
    assert page.url.endswith("/inbox/")
    axe(page)
