"""User administration: the list, invitations by mail, changes, (de)activation."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from models import Change, Role, User, db, utcnow
from models.tokens import AccountToken
from tests.conftest import HX, csrf_token, login, page_token

NEW = "/admin/users/new"


def invite(client, **fields):
    """Post the new-user form with a fresh token; return the response."""
    data = {
        "name": "Sara Sala",
        "email": "sara@sala.se",
        "role": "coordinator",
        "organisation": "sala",
    } | fields
    token = page_token(client, NEW)
    return client.post(NEW, data=data | {"csrf_token": token}, buffered=True)


def link_in(message, path: str) -> str:
    text = message.get_body(("plain",)).get_content()
    match = re.search(rf"http://\S+({path}/[A-Za-z0-9_-]+)", text)
    assert match, text
    return match.group(1)


def _user(app, email) -> User | None:
    with app.app_context():
        user = db.session.scalar(db.select(User).filter_by(email=email))
        if user is not None:
            db.session.expunge(user)
        return user


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count()).select_from(model))


def test_an_invitation_is_mailed_and_its_link_sets_a_password(app, admin, smtp):
    response = invite(admin, email="  Sara@Sala.se ")
    assert response.status_code == 303
    sara = _user(app, "sara@sala.se")
    assert response.headers["Location"].endswith(f"/admin/users/{sara.id}")
    assert sara.password_hash == "" and sara.role == Role.COORDINATOR
    [message] = smtp.to("sara@sala.se")
    assert message["Subject"] == "Samnod: du är inbjuden till Samnod"
    assert "inom 72 timmar" in message.get_body(("plain",)).get_content()
    path = link_in(message, "/invite")
    with app.app_context():  # only a digest of the secret is stored
        stored = db.session.scalar(db.select(AccountToken.token_hash))
        assert path.rsplit("/", 1)[1] not in stored and len(stored) == 64
    person = app.test_client()
    page = person.get(path)
    assert page.status_code == 200 and "Välkommen till Samnod" in page.text
    response = person.post(
        path,
        data={"csrf_token": csrf_token(page.text)}
        | {"new": "ett långt lösenord", "confirm": "ett långt lösenord"},
    )
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/nodes/sala/")
    assert person.get("/nodes/sala/").status_code == 200
    assert _user(app, "sara@sala.se").last_login_at is not None
    again = person.get(path)  # single use
    assert again.status_code == 410 and "redan använts" in again.text


def test_the_admin_log_records_the_invitation(app, admin, smtp):
    invite(admin)
    body = admin.get("/admin/log?kind=user").text
    assert "Inbjuden" in body and "sara@sala.se" in body and "Sara Sala" in body


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"email": "inte-en-adress"}, "email", "Skriv hela e-postadressen"),
        ({"email": "ADMIN@samnod.test"}, "email", "redan ett konto"),
        ({"email": ""}, "email", "Skriv personens e-postadress."),
        ({"name": ""}, "name", "Skriv personens namn."),
        ({"organisation": "kansli"}, "organisation", "En samordnare hör till en"),
        (
            {"role": "central", "organisation": "sala"},
            "organisation",
            "Förbundskansliets personal hör till förbundskansliet.",
        ),
        (
            {"role": "admin", "organisation": "koping"},
            "organisation",
            "En systemadministratör hör till förbundskansliet.",
        ),
        ({"role": "superuser"}, "role", "Inte ett giltigt val"),
    ],
)
def test_bad_input_is_refused_at_the_field_with_input_kept(
    app, admin, smtp, fields, field, message
):
    response = invite(admin, **fields)
    assert response.status_code == 422
    body = response.text
    assert f'id="{field}-error"' in body
    assert message in body
    assert 'value="Sara Sala"' in body or fields.get("name") == ""
    assert _count(app, AccountToken) == 0 and smtp.received == []
    assert _user(app, "sara@sala.se") is None


def test_a_member_that_has_left_is_not_offered(app, admin):
    with app.app_context():
        from tests.conftest import org

        org("sala").active = False
        db.session.commit()
    assert 'value="sala"' not in admin.get(NEW).text
    response = invite(admin)
    assert response.status_code == 422
    assert _user(app, "sara@sala.se") is None


def test_non_admins_get_403_and_nothing_is_made(app, make_user):
    client = app.test_client()
    login(client, make_user(Role.CENTRAL, "kansli"))
    token = page_token(client)
    response = client.post(
        NEW,
        data={"csrf_token": token, "name": "X", "email": "x@sala.se"}
        | {"role": "coordinator", "organisation": "sala"},
    )
    assert response.status_code == 403
    assert _user(app, "x@sala.se") is None


def _expire(app, purpose="invite") -> None:
    with app.app_context():
        for row in db.session.scalars(
            db.select(AccountToken).filter_by(purpose=purpose)
        ):
            row.expires_at = utcnow() - timedelta(minutes=1)
        db.session.commit()


def test_an_expired_or_forged_invitation_opens_nothing(app, admin, smtp):
    invite(admin)
    path = link_in(smtp.to("sara@sala.se")[0], "/invite")
    person = app.test_client()
    forged = person.get(path[:-3] + "abc")
    assert forged.status_code == 404 and "Länken är inte giltig" in forged.text
    assert person.get("/invite/" + "9" * 20).status_code == 404
    _expire(app)
    expired = person.get(path)
    assert expired.status_code == 410 and "Länken har gått ut." in expired.text
    token = page_token(person, "/login")
    response = person.post(
        path,
        data={"csrf_token": token, "new": "ett långt lösenord"}
        | {"confirm": "ett långt lösenord"},
    )
    assert response.status_code == 410
    assert _user(app, "sara@sala.se").password_hash == ""


def test_a_short_password_keeps_the_link_usable(app, admin, smtp):
    invite(admin)
    path = link_in(smtp.to("sara@sala.se")[0], "/invite")
    person = app.test_client()
    token = csrf_token(person.get(path).text)
    response = person.post(
        path, data={"csrf_token": token, "new": "kort", "confirm": "kort"}
    )
    assert response.status_code == 422
    assert 'aria-invalid="true"' in response.text and "minst 12 tecken" in response.text
    assert person.get(path).status_code == 200


def test_resending_replaces_the_earlier_link(app, admin, smtp):
    invite(admin)
    first = link_in(smtp.to("sara@sala.se")[0], "/invite")
    sara = _user(app, "sara@sala.se")
    page = admin.get(f"/admin/users/{sara.id}").text
    response = admin.post(
        f"/admin/users/{sara.id}/invitation",
        data={"csrf_token": csrf_token(page)},
        buffered=True,
    )
    assert response.status_code == 303
    second = link_in(smtp.to("sara@sala.se")[1], "/invite")
    assert first != second
    assert app.test_client().get(first).status_code == 410
    assert app.test_client().get(second).status_code == 200


def test_resending_to_someone_with_a_password_is_refused(app, admin, make_user):
    other = make_user(Role.COORDINATOR, "sala")
    page = admin.get(f"/admin/users/{other.id}").text
    response = admin.post(
        f"/admin/users/{other.id}/invitation", data={"csrf_token": csrf_token(page)}
    )
    assert response.status_code == 422
    assert "har redan valt ett lösenord" in response.text
    assert _count(app, AccountToken) == 0


def _edit(client, user_id, **fields):
    page = client.get(f"/admin/users/{user_id}").text
    data = {"csrf_token": csrf_token(page)} | fields
    return client.post(f"/admin/users/{user_id}", data=data)


def test_changing_role_and_organisation_is_logged(app, admin, make_user):
    user = make_user(Role.COORDINATOR, "sala")
    response = _edit(
        admin, user.id, name="Nytt Namn", role="practitioner", organisation="koping"
    )
    assert response.status_code == 303
    changed = _user(app, user.email)
    assert (changed.name, changed.role) == ("Nytt Namn", Role.PRACTITIONER)
    body = admin.get("/admin/log").text
    assert "Samordnare" in body and "Praktiker" in body
    assert "Sala kommun" in body and "Köpings kommun" in body


def test_a_role_that_does_not_fit_keeps_the_input(app, admin, make_user):
    user = make_user(Role.COORDINATOR, "sala")
    response = _edit(
        admin, user.id, name="Nytt Namn", role="central", organisation="sala"
    )
    assert response.status_code == 422
    assert 'value="Nytt Namn"' in response.text
    assert "Förbundskansliets personal hör till förbundskansliet." in response.text
    assert _user(app, user.email).role == Role.COORDINATOR
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Change.id))) == 0


def test_the_last_active_admin_keeps_the_role(app, admin):
    response = _edit(
        admin, admin.user.id, name="Admin", role="central", organisation="kansli"
    )
    assert response.status_code == 422
    assert "sista aktiva systemadministratören" in response.text
    assert _user(app, "admin@samnod.test").role == Role.ADMIN


def _switch(client, user_id, action):
    page = client.get(f"/admin/users/{user_id}/{action}")
    assert page.status_code == 200
    return client.post(
        f"/admin/users/{user_id}/{action}", data={"csrf_token": csrf_token(page.text)}
    )


def test_deactivation_asks_first_then_ends_sessions_and_reactivation_lets_in(
    app, admin, make_user
):
    user = make_user(Role.COORDINATOR, "sala")
    theirs = app.test_client()
    login(theirs, user)
    page = admin.get(f"/admin/users/{user.id}/deactivate")
    assert "Inaktivera" in page.text and _user(app, user.email).active
    assert _switch(admin, user.id, "deactivate").status_code == 303
    assert theirs.get("/nodes/sala/").status_code == 303  # signed out
    assert login(theirs, user).status_code == 422
    assert _switch(admin, user.id, "reactivate").status_code == 303
    assert login(theirs, user).status_code == 303
    body = admin.get(f"/admin/log?kind=user&actor={admin.user.id}").text
    assert "Inaktiverad" in body and "Aktiv" in body


def test_nobody_deactivates_themself_nor_the_last_admin(app, admin, make_user):
    response = _switch(admin, admin.user.id, "deactivate")
    assert response.status_code == 422
    assert "Du kan inte inaktivera ditt eget konto." in response.text
    other = app.test_client()
    login(other, make_user(Role.ADMIN, "kansli", email="tva@samnod.test"))
    # Two admins: one may deactivate the other, but then the last one stays.
    assert _switch(other, admin.user.id, "deactivate").status_code == 303
    assert _user(app, "admin@samnod.test").active is False


def test_the_last_active_admin_cannot_be_deactivated(app, admin, make_user):
    with app.app_context():
        db.session.get(User, admin.user.id).role = Role.ADMIN
        db.session.commit()
    # A deactivated second admin does not count as a remaining one.
    spare = make_user(Role.ADMIN, "kansli", email="vilande@samnod.test", active=False)
    # The rule itself, as the only active admin tries it on a colleague's behalf:
    from models import accounts
    from models.workflow import RuleBroken

    with app.app_context():
        me = db.session.get(User, spare.id)
        target = db.session.get(User, admin.user.id)
        with pytest.raises(RuleBroken):
            accounts.deactivate(me, target)


def test_the_list_filters_and_searches(app, admin, make_user):
    make_user(Role.COORDINATOR, "sala", email="anna@sala.se")
    make_user(Role.PRACTITIONER, "koping", email="bo@koping.se", active=False)
    body = admin.get("/admin/users?role=coordinator").text
    assert "anna@sala.se" in body and "bo@koping.se" not in body
    body = admin.get("/admin/users?state=inactive").text
    assert "bo@koping.se" in body and "anna@sala.se" not in body
    body = admin.get("/admin/users?organisation=sala&q=ANNA").text
    assert "anna@sala.se" in body
    body = admin.get("/admin/users?never=y").text
    assert "anna@sala.se" in body and "admin@samnod.test" not in body
    assert "Aldrig" in body
    body = admin.get("/admin/users?q=%25_").text
    assert "Inget konto matchar." in body
    fragment = admin.get("/admin/users?q=anna", headers=HX)
    assert "<html" not in fragment.text and 'id="users-list"' in fragment.text
    assert "HX-Request" in fragment.headers["Vary"]


def test_the_old_deactivate_post_without_token_is_refused(app, admin, make_user):
    user = make_user(Role.COORDINATOR, "sala")
    response = admin.post(f"/admin/users/{user.id}/deactivate")
    assert response.status_code == 400
    assert _user(app, user.email).active


def test_the_confirmation_page_says_at_once_when_it_cannot_be_done(admin):
    page = admin.get(f"/admin/users/{admin.user.id}/deactivate")
    assert page.status_code == 200
    assert "Du kan inte inaktivera ditt eget konto." in page.text
    assert 'type="submit"' not in page.text.split("<main", 1)[1].split("Avbryt")[0]


def test_every_error_is_shown_at_once(app, admin):
    response = invite(admin, email="fel", role="central", organisation="sala")
    assert response.status_code == 422
    assert 'id="email-error"' in response.text
    assert 'id="organisation-error"' in response.text
    assert re.search(r'<input[^>]*autofocus id="email"[^>]*value="fel"', response.text)
