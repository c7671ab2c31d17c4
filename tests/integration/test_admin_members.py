"""Organisations and areas: names, members that leave, areas that spreads follow."""

from __future__ import annotations

import pytest

from models import Area, Change, Organisation, Role, Spread, Status, Submission, db
from tests.conftest import HX, csrf_token, login, org
from tests.integration.conftest import pane, sent


def _id(app, model, slug) -> int:
    with app.app_context():
        return db.session.scalar(db.select(model.id).filter_by(slug=slug))


def _post(client, url, **data):
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, data={"csrf_token": csrf_token(page.text)} | data)


def test_renaming_an_organisation_is_logged(app, admin):
    sala = _id(app, Organisation, "sala")
    response = _post(
        admin, f"/admin/organisations/{sala}", name="Sala kommun", short_name="Sala"
    )
    assert response.status_code == 303
    with app.app_context():
        assert org("sala").short_name == "Sala"
    body = admin.get("/admin/log?kind=organisation").text
    assert "Kortnamn" in body and "Sala" in body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "short_name": "S"}, "Skriv organisationens namn."),
        ({"name": "köpings KOMMUN", "short_name": "S"}, "En annan organisation"),
        ({"name": "Sala", "short_name": "x" * 61}, "Högst 60 tecken."),
    ],
)
def test_bad_organisation_names_are_refused(app, admin, data, message):
    sala = _id(app, Organisation, "sala")
    response = _post(admin, f"/admin/organisations/{sala}", **data)
    assert response.status_code == 422
    assert message in response.text and 'aria-invalid="true"' in response.text
    with app.app_context():
        assert org("sala").name == "Sala kommun"
        assert db.session.scalar(db.select(db.func.count(Change.id))) == 0


def test_a_member_that_leaves_keeps_its_node_but_drops_out_of_choices(
    app, admin, office
):
    sub_id = sent(app, "koping")
    koping = _id(app, Organisation, "koping")
    page = admin.get(f"/admin/organisations/{koping}/leave")
    assert "Markera att Köpings kommun har gått ur förbundet?" in page.text
    with app.app_context():
        assert org("koping").active  # asking changed nothing
    assert _post(admin, f"/admin/organisations/{koping}/leave").status_code == 303
    with app.app_context():
        assert not org("koping").active
        assert db.session.get(Submission, sub_id).origin.slug == "koping"
    assert office.get("/nodes/koping/").status_code == 200  # history stays
    assert 'value="koping"' not in admin.get("/admin/users/new").text
    assert "Har gått ur" in admin.get("/admin/organisations").text
    assert _post(admin, f"/admin/organisations/{koping}/rejoin").status_code == 303
    with app.app_context():
        assert org("koping").active


def test_the_office_cannot_leave(app, admin):
    kansli = _id(app, Organisation, "kansli")
    response = _post(admin, f"/admin/organisations/{kansli}/leave")
    assert response.status_code == 422
    assert "Förbundskansliet kan inte gå ur förbundet." in response.text


def test_an_area_is_made_renamed_and_its_members_chosen(app, admin):
    response = _post(admin, "/admin/areas", name="Östra Västmanland", members=["sala"])
    assert response.status_code == 303
    area_id = _id(app, Area, "ostra-vastmanland")
    assert area_id is not None
    response = _post(
        admin, f"/admin/areas/{area_id}", name="Östra", members=["sala", "koping"]
    )
    assert response.status_code == 303
    with app.app_context():
        area = db.session.get(Area, area_id)
        assert area.name == "Östra"
        assert {o.slug for o in area.members} == {"sala", "koping"}
    body = admin.get("/admin/log?kind=area").text
    assert "Östra Västmanland" in body and "Köpings kommun, Sala kommun" in body


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": ""}, "name", "Skriv områdets namn."),
        ({"name": "Västerås"}, "name", "Ett annat område har redan det namnet."),
        ({"name": "Nytt", "members": ["kansli"]}, "members", "är inte ett giltigt val"),
        (
            {"name": "Nytt", "members": ["finns-inte"]},
            "members",
            "är inte ett giltigt val",
        ),
    ],
)
def test_bad_areas_are_refused_with_input_kept(app, admin, data, field, message):
    response = _post(admin, "/admin/areas", **data)
    assert response.status_code == 422
    assert f'id="{field}-error"' in response.text
    assert message in response.text
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Area.id))) == 3


def _accepted(app, office) -> int:
    sub_id = sent(app, "fagersta", "Hälsofrämjande aktivitetsgrupp")
    with app.app_context():
        db.session.get(Submission, sub_id).status = Status.ACCEPTED
        db.session.commit()
    return sub_id


def _spread(office, sub_id, target):
    token, version = pane(office, sub_id)
    return office.post(
        f"/inbox/{sub_id}/spread",
        headers=HX,
        data={"csrf_token": token, "version": version, "targets": [target]},
    )


def test_a_spread_to_an_area_follows_its_members_and_skips_one_that_left(
    app, admin, office
):
    area = _id(app, Area, "vastra-malardalen")
    with app.app_context():
        members = {o.slug for o in db.session.get(Area, area).members}
    assert "koping" in members
    koping = _id(app, Organisation, "koping")
    _post(admin, f"/admin/organisations/{koping}/leave")
    sub_id = _accepted(app, office)
    assert _spread(office, sub_id, "area:vastra-malardalen").status_code == 200
    with app.app_context():
        reached = set(
            db.session.scalars(
                db.select(Organisation.slug)
                .join(Spread, Spread.organisation_id == Organisation.id)
                .where(Spread.submission_id == sub_id)
            )
        )
    assert "koping" not in reached and reached == members - {"koping", "fagersta"}


def test_a_retired_area_is_not_offered_nor_accepted_as_a_target(app, admin, office):
    area = _id(app, Area, "vasteras")
    page = admin.get(f"/admin/areas/{area}/retire")
    assert "Avveckla området" in page.text
    assert _post(admin, f"/admin/areas/{area}/retire").status_code == 303
    sub_id = _accepted(app, office)
    assert 'value="area:vasteras"' not in office.get(f"/inbox/{sub_id}").text
    response = _spread(office, sub_id, "area:vasteras")
    assert response.status_code == 422
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(Spread.id))) == 0
    assert _post(admin, f"/admin/areas/{area}/restore").status_code == 303
    assert 'value="area:vasteras"' in office.get(f"/inbox/{sub_id}").text


def test_the_log_filters_by_person_and_kind_and_pages(app, admin, make_user):
    other = app.test_client()
    colleague = make_user(Role.ADMIN, "kansli", email="kollega@samnod.test")
    login(other, colleague)
    sala = _id(app, Organisation, "sala")
    for n in range(55):
        _post(admin, f"/admin/organisations/{sala}", name=f"Sala {n}", short_name="")
    _post(other, f"/admin/organisations/{sala}", name="Sala kommun", short_name="")
    body = admin.get(f"/admin/log?actor={colleague.id}").text
    assert "1 ändring" in body and "Sala 54" in body
    body = admin.get("/admin/log?kind=organisation").text
    assert "56 ändringar" in body and "Sida 1 av 2" in body
    assert "Sala 0</td>" not in body
    body = admin.get("/admin/log?kind=organisation&page=2").text
    assert "Sala 0</td>" in body
    assert "0 ändringar" in admin.get("/admin/log?kind=area").text
    assert admin.get("/admin/log?actor=99999999999999999999&page=-1").status_code == 200
    fragment = admin.get("/admin/log?kind=user", headers=HX)
    assert "<html" not in fragment.text and 'id="admin-log"' in fragment.text


def test_the_log_cannot_be_changed(app, admin):
    sala = _id(app, Organisation, "sala")
    _post(admin, f"/admin/organisations/{sala}", name="Sala", short_name="")
    from models.events import ImmutableEventError

    with app.app_context():
        change = db.session.scalar(db.select(Change))
        change.after = "något annat"
        with pytest.raises(ImmutableEventError):
            db.session.flush()
