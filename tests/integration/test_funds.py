"""Funds: the insats list and record, budget rows, contributions and residents."""

from __future__ import annotations

import re
from datetime import date

import pytest

from models import (
    Area,
    Backing,
    BudgetRow,
    BudgetType,
    Change,
    Contribution,
    Decision,
    FundingRequest,
    Insats,
    Kind,
    Organisation,
    Residents,
    Role,
    Status,
    User,
    db,
    workflow,
)
from models.base import local_today
from tests.conftest import HX, csrf_token, login, org

THIS_YEAR = local_today().year


def granted(
    app,
    title="Arbetsträning i Köping",
    origin="koping",
    parties=("koping", "vasteras"),
    pending=(),
    period=(date(THIS_YEAR, 1, 1), date(THIS_YEAR + 1, 12, 31)),
    decision=Decision.GRANTED,
    served=(),
    county=False,
) -> int:
    """An initiative with confirmed parties, a decision and its insats row."""
    with app.app_context():
        author = db.session.scalar(db.select(User).filter_by(role=Role.COORDINATOR))
        named = [org(s) for s in (*parties, *pending)]
        sub = workflow.create(
            Kind.INITIATIVE, org(origin), author, {"title": title}, [], named
        )
        for party in sub.parties:
            if party.organisation.slug in parties:
                party.backing = Backing.CONFIRMED
            else:
                party.backing = Backing.PENDING
        db.session.add(
            FundingRequest(
                submission_id=sub.id,
                amount=500_000,
                decision=decision,
                granted_amount=400_000,
                decided_on=date(THIS_YEAR, 1, 15),
                reference="Protokoll 2/2026 § 7",
            )
        )
        insats = Insats(
            id=sub.id,
            name=title,
            starts_on=period[0] if period else None,
            ends_on=period[1] if period else None,
            serves_county=county,
            served=[org(s) for s in served],
        )
        db.session.add(insats)
        db.session.commit()
        return sub.id


@pytest.fixture
def central(app, client, make_user):
    make_user(Role.COORDINATOR, "koping", email="k@samnod.test")
    login(client, make_user(Role.CENTRAL, "kansli", email="karin@samnod.test"))
    return client


def _page(client, insats_id):
    response = client.get(f"/funds/{insats_id}")
    body = response.get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', body)
    return body, csrf_token(body), int(version.group(1)) if version else None


def _edit(client, insats_id, version=None, **values):
    body, token, read_version = _page(client, insats_id)
    data = {
        "csrf_token": token,
        "version": read_version if version is None else version,
        "name": "Arbetsträning i Köping",
        "starts_on": f"{THIS_YEAR}-01-01",
        "ends_on": f"{THIS_YEAR + 1}-12-31",
        "inriktning": "individual",
        **values,
    }
    return client.post(f"/funds/{insats_id}", data=data)


def _budget(client, insats_id, **values):
    _body, token, _version = _page(client, insats_id)
    data = {"csrf_token": token, "year": THIS_YEAR, "type": "insats"} | values
    return client.post(f"/funds/{insats_id}/budget", data=data)


def _rows(body: str) -> list[str]:
    tbody = body.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r"<tr>(.*?)</tr>", tbody, re.S)


def test_list_shows_granted_insatser_only_with_parties_and_budget(app, central):
    shown = granted(app, served=("koping", "arboga"), pending=("sala",))
    rejected = granted(app, "Avslaget initiativ", decision=Decision.REJECTED)
    with app.app_context():
        db.session.add(
            BudgetRow(
                insats_id=shown, year=THIS_YEAR, type=BudgetType.INSATS, budget=250_000
            )
        )
        db.session.commit()
    body = central.get("/funds/").get_data(as_text=True)
    assert f"/funds/{shown}" in body and f"/funds/{rejected}" not in body
    row = _rows(body)[0]
    assert "Köpings kommun, Västerås stad" in row  # confirmed backers only
    assert "Sala kommun" not in row
    assert "Arboga kommun, Köpings kommun" in row  # served
    assert "400\u00a0000\u00a0kr" in row
    assert f"{THIS_YEAR}: budget 250\u00a0000\u00a0kr, utfall ej rapporterat" in row
    assert central.get(f"/funds/{rejected}").status_code == 404


def test_filters_combine_and_a_filter_matching_nothing_says_so(app, central):
    county = granted(app, "Hela länet-insatsen", county=True)
    koping = granted(
        app, "Köpingsinsatsen", served=("koping",), parties=("koping", "sala")
    )
    old = granted(
        app,
        "Avslutad insats",
        served=("fagersta",),
        period=(date(2020, 1, 1), date(2021, 12, 31)),
    )

    def listed(query):
        body = central.get(f"/funds/?{query}").get_data(as_text=True)
        return {i for i in (county, koping, old) if f'/funds/{i}"' in body}, body

    assert listed("municipality=koping")[0] == {county, koping}
    assert listed("municipality=fagersta")[0] == {county, old}
    assert listed("party=sala")[0] == {koping}
    assert listed("state=ended")[0] == {old}
    assert listed("state=active")[0] == {county, koping}
    assert listed("year=2020")[0] == {old}
    assert listed("year=2020&municipality=koping")[0] == {old} - {old}
    found, body = listed("party=sala&state=ended")
    assert found == set() and "Inga insatser matchar filtret." in body
    fragment = central.get("/funds/?party=sala", headers=HX).get_data(as_text=True)
    assert 'id="funds-list"' in fragment and "<html" not in fragment


def test_a_bad_filter_value_gets_a_message_at_the_field(app, central):
    granted(app)
    response = central.get("/funds/?year=tjugo&state=sovande")
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Skriv ett heltal" in body and 'value="tjugo"' in body
    assert "Välj pågående eller avslutad." in body
    assert 'aria-invalid="true"' in body
    assert "Arbetsträning i Köping" in body  # the bad filters are not applied


def test_the_insats_page_has_each_id_once_and_each_label_its_own_field(app, central):
    insats_id = granted(app)
    body, _token, _version = _page(central, insats_id)
    ids = re.findall(r'\sid="([^"]+)"', body)
    assert sorted({i for i in ids if ids.count(i) > 1}) == []
    # The budget row's comment and the insats's description are two fields.
    assert 'for="budget-description"' in body and 'for="description"' in body
    response = _budget(central, insats_id, budget="1", description="x" * 501)
    assert response.status_code == 422
    assert 'id="budget-description-error"' in response.get_data(as_text=True)


def test_a_member_reads_the_record_without_forms(app, client, make_user):
    login(client, make_user(Role.COORDINATOR, "arboga"))
    insats_id = granted(app, served=("koping",))
    body = client.get(f"/funds/{insats_id}").get_data(as_text=True)
    assert "Arbetsträning i Köping" in body and "Protokoll 2/2026 § 7" in body
    assert "Köpings kommun, Västerås stad" in body
    assert f'action="/funds/{insats_id}' not in body and "<textarea" not in body
    assert client.get("/funds/").status_code == 200
    assert "Medlemsavgifter" not in client.get("/funds/").get_data(as_text=True)


def test_coordinator_posts_are_refused(app, client, make_user):
    login(client, make_user(Role.COORDINATOR, "koping"))
    insats_id = granted(app)
    token = csrf_token(client.get("/account").get_data(as_text=True))
    for path in (
        f"/funds/{insats_id}",
        f"/funds/{insats_id}/budget",
        "/funds/contributions",
        "/funds/residents",
    ):
        data = {"csrf_token": token, "year": THIS_YEAR, "budget": 1, "version": 1}
        assert client.post(path, data=data).status_code == 403, path
    assert client.get("/funds/contributions").status_code == 403
    assert client.get("/funds/residents").status_code == 403


def test_central_edits_the_record_and_it_is_logged(app, central):
    insats_id = granted(app)
    response = _edit(
        central,
        insats_id,
        description="Arbetsträning för unga vuxna.",
        preciserad_inriktning="Unga vuxna 18–29",
        municipalities=["koping", "arboga"],
        **{f"participants-{THIS_YEAR}": "25"},
    )
    assert response.status_code == 303
    body, _token, version = _page(central, insats_id)
    assert "Arboga kommun, Köpings kommun" in body and "Individinriktad" in body
    assert version == 2
    with app.app_context():
        insats = db.session.get(Insats, insats_id)
        assert [y.planned_participants for y in insats.years] == [25]
        changes = db.session.scalars(db.select(Change).filter_by(kind="insats")).all()
        assert {(c.subject, c.before, c.after) for c in changes} >= {
            (f"{insats_id}/inriktning", "", "individual"),
            (f"{insats_id}/served", "", "arboga,koping"),
            (f"{insats_id}/participants-{THIS_YEAR}", "", "25"),
        }
    history = re.sub(r"[ \t\n]+", " ", body.split('id="history-heading"')[1])
    assert "Inriktning: saknas → Individinriktad" in history
    assert "Riktar sig till: saknas → Arboga kommun, Köpings kommun" in history
    assert f"Planerat antal deltagare {THIS_YEAR}: saknas → 25" in history


def test_served_by_area_and_by_the_whole_county(app, central):
    insats_id = granted(app)
    assert _edit(central, insats_id, area="norra-vastmanland").status_code == 303
    with app.app_context():
        area = {o.slug for o in db.session.get(Insats, insats_id).served}
        assert area and "vasteras" not in area and "fagersta" in area
    assert (
        _edit(central, insats_id, county="y", municipalities=["sala"]).status_code
        == 303
    )
    body = central.get(f"/funds/{insats_id}").get_data(as_text=True)
    assert "Hela länet" in body
    with app.app_context():
        insats = db.session.get(Insats, insats_id)
        assert insats.serves_county and insats.served == []


def test_a_stale_version_is_refused_with_the_fresh_form(app, central):
    insats_id = granted(app)
    assert _edit(central, insats_id, name="Nytt namn").status_code == 303
    response = _edit(central, insats_id, version=1, name="Gammalt namn")
    body = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Någon annan ändrade insatsen" in body
    assert (
        'value="Nytt namn"' in body and 'name="version" type="hidden" value="2"' in body
    )
    with app.app_context():
        assert db.session.get(Insats, insats_id).name == "Nytt namn"


def test_a_change_of_reach_alone_is_a_new_version(app, central):
    insats_id = granted(app)
    assert _edit(central, insats_id).status_code == 303  # version 2
    assert _edit(central, insats_id, municipalities=["sala"]).status_code == 303
    response = _edit(central, insats_id, version=2, municipalities=["koping"])
    assert response.status_code == 409
    with app.app_context():
        assert [o.slug for o in db.session.get(Insats, insats_id).served] == ["sala"]


def test_end_before_start_is_refused_at_the_field(app, central):
    insats_id = granted(app)
    response = _edit(
        central, insats_id, name="Kvar", starts_on="2026-06-01", ends_on="2026-01-01"
    )
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Slutdatumet kan inte vara före startdatumet." in body
    assert 'value="Kvar"' in body
    with app.app_context():
        assert db.session.get(Insats, insats_id).name == "Arbetsträning i Köping"


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "message"),
    [
        ("2026-01-01", "9999-12-31", "En insats löper över högst 10 budgetår."),
        ("0001-01-01", "2026-12-31", "Ange ett datum från och med 2000-01-01."),
    ],
)
def test_a_period_of_centuries_is_refused_not_drawn(
    app, central, starts_on, ends_on, message
):
    # Before, "until 9999" was saved, and the page then drew a field of planned
    # participants for each of its 7 974 years (2 MB, seconds to answer).
    insats_id = granted(app)
    response = _edit(central, insats_id, starts_on=starts_on, ends_on=ends_on)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in body
    assert f'value="{ends_on}"' in body  # kept
    with app.app_context():
        assert db.session.get(Insats, insats_id).ends_on == date(THIS_YEAR + 1, 12, 31)


def test_a_grant_leaves_an_initiatives_overlong_period_for_the_office_to_set(
    app, central
):
    from models import granting, triage

    with app.app_context():
        author = db.session.scalar(db.select(User).filter_by(role=Role.COORDINATOR))
        sub = workflow.create(
            Kind.INITIATIVE,
            org("koping"),
            author,
            {
                "title": "Hundra år",
                "period_start": date(THIS_YEAR, 1, 1),
                "period_end": date(2999, 12, 31),
            },
            [],
            [org("vasteras")],
        )
        workflow.set_funding(sub, 1000, "- Allt")
        workflow.submit(sub, author)
        for party in sub.parties:
            party.backing = Backing.CONFIRMED
        office = db.session.scalar(db.select(User).filter_by(role=Role.CENTRAL))
        triage.transition(sub, Status.IN_REVIEW, office)
        granting.decide(
            sub, office, "granted", 1000, local_today(), "§ 1", version=sub.version
        )
        insats = db.session.get(Insats, sub.id)
        assert (insats.starts_on, insats.ends_on) == (None, None)


def test_budget_row_is_created_then_updated_with_history(app, central):
    insats_id = granted(app)
    response = _budget(central, insats_id, budget="250 000", utfall="")
    assert response.status_code == 303
    body = central.get(f"/funds/{insats_id}").get_data(as_text=True)
    assert "250\u00a0000\u00a0kr" in body and "ej rapporterat" in body
    assert _budget(central, insats_id, budget="260000", utfall="0").status_code == 303
    with app.app_context():
        rows = db.session.scalars(db.select(BudgetRow)).all()
        assert [(r.budget, r.utfall) for r in rows] == [(260_000, 0)]
        change = db.session.scalars(
            db.select(Change).filter_by(kind="budget").order_by(Change.id)
        ).all()[-1]
        assert change.subject == f"{insats_id}/{THIS_YEAR}/insats"
        assert change.before == (
            '{"budget": 250000, "utfall": null, "description": ""}'
        )
        assert change.after == '{"budget": 260000, "utfall": 0, "description": ""}'
    body = central.get(f"/funds/{insats_id}").get_data(as_text=True)
    history = re.sub(r"[ \t\n]+", " ", body.split('id="history-heading"')[1])
    assert (
        f"{THIS_YEAR} Insatskostnad: budget 250\u00a0000\u00a0kr, utfall ej "
        "rapporterat → budget 260\u00a0000\u00a0kr, utfall 0\u00a0kr" in history
    )


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"year": 2019}, "Året måste ligga inom insatsens period"),
        ({"budget": "-5"}, "kan inte vara negativt"),
        ({"utfall": "-1"}, "kan inte vara negativt"),
        ({"budget": "100000001"}, "Högst 100\u00a0000\u00a0000."),
        ({"budget": "mycket"}, "Skriv ett heltal"),
    ],
)
def test_bad_budget_rows_are_refused_with_input_kept(app, central, values, message):
    insats_id = granted(app)
    response = _budget(central, insats_id, **({"budget": "1000"} | values))
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in body
    typed = next(iter(values.values()))
    assert f'value="{typed}"' in body
    with app.app_context():
        assert db.session.scalars(db.select(BudgetRow)).all() == []
        assert db.session.scalars(db.select(Change)).all() == []


def test_a_budget_needs_the_period_first(app, central):
    insats_id = granted(app, period=None)
    response = _budget(central, insats_id, budget="1000")
    assert response.status_code == 422
    assert "Ange insatsens period" in response.get_data(as_text=True)


def _grid(client, path):
    body = client.get(path).get_data(as_text=True)
    return body, csrf_token(body)


def test_contributions_grid_keeps_empty_as_missing_and_zero_as_zero(app, central):
    body, token = _grid(central, "/funds/contributions")
    assert f'for="cell-koping-{THIS_YEAR}">Köpings kommun {THIS_YEAR}</label>' in body
    data = {
        "csrf_token": token,
        "year": [str(THIS_YEAR)],
        f"koping-{THIS_YEAR}": "375 000",
        f"arbetsformedlingen-{THIS_YEAR}": "0",
        f"sala-{THIS_YEAR}": "",
    }
    assert central.post("/funds/contributions", data=data).status_code == 303
    with app.app_context():
        amounts = {
            c.organisation.slug: c.amount
            for c in db.session.scalars(db.select(Contribution))
        }
        assert amounts == {"koping": 375_000, "arbetsformedlingen": 0}
        assert db.session.scalar(db.select(db.func.count(Change.id))) == 2
    body, token = _grid(central, "/funds/contributions")
    assert f'name="arbetsformedlingen-{THIS_YEAR}" value="0"' in body
    assert (
        f'<span class="hint" id="cell-sala-{THIS_YEAR}-missing">saknas</span>' in body
    )
    # emptying a known cell stores NULL ("saknas"), logged; unchanged cells are not
    data |= {"csrf_token": token, f"koping-{THIS_YEAR}": ""}
    assert central.post("/funds/contributions", data=data).status_code == 303
    with app.app_context():
        koping = db.session.scalar(
            db.select(Contribution).filter_by(organisation_id=org("koping").id)
        )
        assert koping.amount is None
        assert db.session.scalar(db.select(db.func.count(Change.id))) == 3


def test_a_bad_cell_saves_nothing_and_keeps_every_value(app, central):
    body, token = _grid(central, "/funds/residents")
    assert "Region Västmanland" not in body.split("<tbody>")[1]  # municipalities only
    data = {
        "csrf_token": token,
        "year": [str(THIS_YEAR)],
        f"koping-{THIS_YEAR}": "15244",
        f"arboga-{THIS_YEAR}": "-3",
        f"sala-{THIS_YEAR}": "2000001",
        f"norberg-{THIS_YEAR}": "tre",
    }
    response = central.post("/funds/residents", data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    for name in ("koping", "arboga", "sala", "norberg"):
        assert f'value="{data[f"{name}-{THIS_YEAR}"]}"' in body
    assert body.count('aria-invalid="true"') == 3
    assert "Högst 2\u00a0000\u00a0000." in body and "Skriv ett heltal" in body
    with app.app_context():
        assert db.session.scalars(db.select(Residents)).all() == []
        assert db.session.scalars(db.select(Change)).all() == []


def test_a_control_character_in_a_cell_is_named_and_shown_where_it_was(app, central):
    _body, token = _grid(central, "/funds/residents")
    data = {
        "csrf_token": token,
        "year": [str(THIS_YEAR)],
        f"koping-{THIS_YEAR}": "15\x0b244",  # pasted with a vertical tab
        f"sala-{THIS_YEAR}": "13 100",
    }
    response = central.post("/funds/residents", data=data)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert f"Köpings kommun {THIS_YEAR} innehåller ett osynligt styrtecken" in body
    assert 'value="15\ufffd244"' in body and "\x0b" not in body
    assert 'value="13 100"' in body  # the other cell kept, nothing saved
    with app.app_context():
        assert db.session.scalars(db.select(Residents)).all() == []


def test_a_personal_number_in_a_cell_gets_the_privacy_guards_message(app, central):
    _body, token = _grid(central, "/funds/contributions")
    data = {"csrf_token": token, f"koping-{THIS_YEAR}": "19121212-1212"}
    data["year"] = [str(THIS_YEAR)]
    response = central.post("/funds/contributions", data=data)
    assert response.status_code == 422
    assert "personnummer" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(db.select(Contribution)).all() == []


def test_a_cell_left_out_of_the_post_is_left_as_it_is(app, central):
    with app.app_context():
        db.session.add(
            Contribution(organisation_id=org("sala").id, year=THIS_YEAR, amount=321_000)
        )
        db.session.commit()
    _body, token = _grid(central, "/funds/contributions")
    data = {
        "csrf_token": token,
        "year": [str(THIS_YEAR)],
        f"koping-{THIS_YEAR}": "375000",
    }
    assert central.post("/funds/contributions", data=data).status_code == 303
    data[f"koping-{THIS_YEAR}"] = "-1"  # refused: the page comes back
    body = central.post("/funds/contributions", data=data).get_data(as_text=True)
    assert 'value="321000"' in body  # Sala as stored, not emptied
    with app.app_context():
        amounts = {
            c.organisation.slug: c.amount
            for c in db.session.scalars(db.select(Contribution))
        }
    assert amounts == {"sala": 321_000, "koping": 375_000}


def test_the_grid_shows_stored_years_and_a_year_asked_for(app, central):
    with app.app_context():
        for year in (2019, 2020, 2021, 2022):
            db.session.add(
                Residents(organisation_id=org("sala").id, year=year, count=1)
            )
        db.session.commit()
    body = central.get("/funds/residents?add=2018").get_data(as_text=True)
    heads = re.findall(r'<th scope="col" class="num">(\d+)</th>', body)
    assert heads == ["2018", "2020", "2021", "2022", str(THIS_YEAR)]


def test_a_bad_year_to_add_gets_a_message_at_the_field(app, central):
    response = central.get("/funds/residents?add=1850")
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Ange ett år mellan 2000 och 2100." in body and 'value="1850"' in body
    heads = re.findall(r'<th scope="col" class="num">(\d+)</th>', body)
    assert heads == [str(THIS_YEAR)]


def test_admin_may_use_the_grids(app, client, make_user):
    login(client, make_user(Role.ADMIN, "kansli"))
    assert client.get("/funds/contributions").status_code == 200
    assert client.get("/funds/residents").status_code == 200


def test_the_demo_fills_every_insats_through_the_rules(app, central):
    from demo.insatser import seed_insatser

    ids = [
        granted(app, f"Insats {n}", origin=origin, period=None)
        for n, origin in enumerate(("koping", "vasteras", "region-vastmanland"))
    ]
    with app.app_context():
        kansli = db.session.scalar(db.select(User).filter_by(role=Role.CENTRAL))
        assert seed_insatser(kansli, date(THIS_YEAR, 6, 1)) == 3
        db.session.commit()
        for insats in db.session.scalars(db.select(Insats).where(Insats.id.in_(ids))):
            assert insats.starts_on and insats.ends_on > insats.starts_on
            assert insats.inriktning and insats.preciserad_inriktning
            assert insats.serves_county or insats.served
            years = {r.year for r in insats.budget_rows}
            assert years and min(years) == insats.starts_on.year
            assert sum(r.budget for r in insats.budget_rows) == 400_000
            for row in insats.budget_rows:
                assert (row.utfall is None) == (row.year >= THIS_YEAR)
        koping = db.session.get(Insats, ids[0])
        assert koping.serves_county or "koping" in {o.slug for o in koping.served}
        assert db.session.get(Insats, ids[2]).serves_county  # the region's
        logged = db.session.scalar(db.select(db.func.count(Change.id)))
        assert logged > 0
        assert seed_insatser(kansli, date(THIS_YEAR, 6, 1)) == 0  # once only
    body = central.get("/funds/?state=active").get_data(as_text=True)
    assert all(f'/funds/{i}"' in body for i in ids)


def test_the_demo_records_three_years_of_figures(app):
    from demo.figures import seed_figures

    with app.app_context():
        orgs = {o.slug: o for o in db.session.scalars(db.select(Organisation))}
        years = [THIS_YEAR - 2, THIS_YEAR - 1, THIS_YEAR]
        seed_figures(orgs, None, years)
        seed_figures(orgs, None, years)  # again: nothing more
        db.session.commit()
        paid = {
            (c.organisation.slug, c.year): c.amount
            for c in db.session.scalars(db.select(Contribution))
        }
        assert paid[("koping", THIS_YEAR)] == 375_000
        assert paid[("forsakringskassan", THIS_YEAR - 2)] == 8_030_000
        assert paid[("region-vastmanland", THIS_YEAR - 1)] == 4_015_000
        assert paid[("arbetsformedlingen", THIS_YEAR)] == 0
        assert len(paid) == 13 * 3
        counts = {
            (r.organisation.slug, r.year): r.count
            for r in db.session.scalars(db.select(Residents))
        }
        assert counts[("koping", THIS_YEAR)] == 15_244 and len(counts) == 30
        assert db.session.scalar(db.select(db.func.count(Change.id))) == 69


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"starts_on": "första mars"}, "Skriv datumet som ÅÅÅÅ-MM-DD"),
        ({f"participants-{THIS_YEAR}": "-4"}, "kan inte vara negativt"),
        ({"name": ""}, "Ge insatsen ett namn."),
    ],
)
def test_bad_record_values_are_refused_at_the_field(app, central, values, message):
    insats_id = granted(app)
    response = _edit(central, insats_id, description="Behålls", **values)
    body = response.get_data(as_text=True)
    assert response.status_code == 422
    assert message in body and "Behålls" in body
    with app.app_context():
        insats = db.session.get(Insats, insats_id)
        assert insats.description == "" and insats.version == 1 and insats.years == []


def test_the_list_is_a_fragment_for_htmx_only(app, central):
    granted(app)
    fragment = central.get("/funds/?state=active", headers=HX)
    restore = central.get(
        "/funds/", headers=HX | {"HX-History-Restore-Request": "true"}
    )
    assert "<html" not in fragment.get_data(as_text=True)
    assert "<html" in restore.get_data(as_text=True)
    assert "HX-Request" in fragment.headers["Vary"]


def test_a_post_without_token_is_refused(app, central):
    insats_id = granted(app)
    response = central.post(f"/funds/{insats_id}/budget", data={"year": THIS_YEAR})
    assert response.status_code == 400
    with app.app_context():
        assert db.session.scalars(db.select(BudgetRow)).all() == []


def test_the_list_reads_in_a_fixed_number_of_queries(app, central, count_queries):
    granted(app, "Första", served=("koping",))
    with count_queries() as one:
        central.get("/funds/")
    for n in range(4):
        granted(app, f"Insats {n}", served=("sala", "arboga"), county=n == 2)
    with count_queries() as five:
        body = central.get("/funds/").get_data(as_text=True)
    assert "5 insatser" in body
    assert len(five.queries) == len(one.queries)


def test_the_nav_links_the_funds_for_every_member(app, client, make_user):
    login(client, make_user(Role.PRACTITIONER, "region-vastmanland"))
    body = client.get("/funds/").get_data(as_text=True)
    assert re.search(r'<a href="/funds/"[^>]*>Insatser</a>', body)


@pytest.mark.parametrize(
    ("typed", "message"),
    [("12\x1b000", "styrtecken"), ("811218-2384", "personnummer")],
)
def test_a_grid_cell_gets_the_checks_every_field_gets(app, central, typed, message):
    body, token = _grid(central, "/funds/residents")
    data = {"csrf_token": token, "year": [str(THIS_YEAR)], f"koping-{THIS_YEAR}": typed}
    response = central.post("/funds/residents", data=data)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalars(db.select(Residents)).all() == []


def test_a_retired_area_is_not_offered_and_a_member_that_left_is_not_served(
    app, central
):
    insats_id = granted(app)
    with app.app_context():
        db.session.scalar(db.select(Area).filter_by(slug="vasteras")).active = False
        db.session.scalar(
            db.select(Organisation).filter_by(slug="norberg")
        ).active = False
        db.session.commit()
    body = central.get(f"/funds/{insats_id}").get_data(as_text=True)
    assert '<option value="vasteras"' not in body
    assert '<option value="norra-vastmanland"' in body
    assert _edit(central, insats_id, area="vasteras").status_code == 422
    assert _edit(central, insats_id, area="norra-vastmanland").status_code == 303
    with app.app_context():
        served = {o.slug for o in db.session.get(Insats, insats_id).served}
        assert "fagersta" in served and "norberg" not in served
