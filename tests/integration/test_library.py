"""The method library: search, filters, the method page, publishing, the feed."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest

from models import (
    Answer,
    Kind,
    Role,
    Spread,
    Status,
    Submission,
    TargetGroup,
    User,
    db,
    workflow,
)
from models.base import local_today
from tests.conftest import HX, csrf_token, login, org
from tests.integration.conftest import pane

ATOM = "{http://www.w3.org/2005/Atom}"


def method(
    app,
    title,
    node="fagersta",
    kind=Kind.PRACTICE,
    status=Status.ACCEPTED,
    groups=(),
    parties=(),
    **values,
) -> int:
    """Create a submission from the node, as its coordinator, in the given status."""
    with app.app_context():
        author = db.session.scalar(
            db.select(User).filter_by(organisation_id=org(node).id)
        )
        tgs = [_group(slug) for slug in groups]
        sub = workflow.create(
            kind,
            org(node),
            author,
            {"title": title, "summary": values.pop("summary", "Sammanfattning")}
            | values,
            tgs,
            [org(p) for p in parties],
        )
        sub.status = status
        db.session.commit()
        return sub.id


def _group(slug):
    group = db.session.scalar(db.select(TargetGroup).filter_by(slug=slug))
    if group is None:
        group = TargetGroup(slug=slug, name=slug.capitalize())
        db.session.add(group)
        db.session.flush()
    return group


def answered(app, sub_id, node, answer, note=""):
    with app.app_context():
        db.session.add(
            Spread(
                submission_id=sub_id,
                organisation_id=org(node).id,
                spread_by_id=db.session.scalar(
                    db.select(User.id).filter_by(role=Role.CENTRAL)
                ),
                answer=answer,
                answer_note=note,
            )
        )
        db.session.commit()


@pytest.fixture
def reader(app, client, make_user):
    for node in ("fagersta", "koping", "vasteras"):
        make_user(Role.COORDINATOR, node, email=f"{node}@samnod.test")
    make_user(Role.CENTRAL, "kansli", email="karin@samnod.test")
    login(client, make_user(Role.PRACTITIONER, "region-vastmanland"))
    return client


@pytest.fixture
def central(app, reader):
    client = app.test_client()
    login(client, "karin@samnod.test")
    return client


def titles(client, query="") -> list[str]:
    body = client.get(f"/methods/?{query}", headers=HX).get_data(as_text=True)
    found = re.findall(r'<h2 class="h3"><a href="/methods/\d+">(.*?)</a>', body)
    return [re.sub("</?mark>", "", t) for t in found]


def test_a_word_finds_its_compounds_and_a_title_match_ranks_first(app, reader):
    method(app, "Stöd i vardagen", body_md="Vi ordnar arbetsträningsplatserna.")
    method(app, "Arbetsträning med handledare", node="koping")
    method(app, "Cykelverkstad", body_md="Inget om det.")
    assert titles(reader, "q=arbetsträning") == [
        "Arbetsträning med handledare",
        "Stöd i vardagen",
    ]


def test_swedish_letters_stay_distinct(app, reader):
    method(app, "Hälsa och rörelse")
    method(app, "Halsa med tofflor", node="koping")
    assert titles(reader, "q=hälsa") == ["Hälsa och rörelse"]
    assert titles(reader, "q=halsa") == ["Halsa med tofflor"]


def test_matches_are_marked_in_the_title_and_a_snippet(app, reader):
    method(
        app,
        "Samtal <b>utan</b> papper",
        body_md="Lång text. Motiverande samtal i grupp ger resultat.",
    )
    body = reader.get("/methods/?q=samtal", headers=HX).get_data(as_text=True)
    assert "<mark>Samtal</mark> &lt;b&gt;utan&lt;/b&gt; papper" in body
    assert "Motiverande <mark>samtal</mark> i grupp" in body
    assert "1 metod matchar ”samtal”" in body or "1 metod matchar “samtal”" in body


def test_only_accepted_practices_and_published_initiatives_are_listed(app, reader):
    method(app, "Godkänd metod")
    method(app, "Inskickad metod", status=Status.SUBMITTED)
    method(app, "Godkänt behov", kind=Kind.NEED)
    initiative = method(app, "Godkänt initiativ", kind=Kind.INITIATIVE)
    assert titles(reader) == ["Godkänd metod"]
    with app.app_context():
        db.session.get(Submission, initiative).is_method = True
        db.session.commit()
    assert sorted(titles(reader)) == ["Godkänd metod", "Godkänt initiativ"]


def test_filters_combine(app, reader):
    a = method(app, "IPS", groups=["unga"], parties=["arbetsformedlingen"])
    method(app, "7-20", node="koping", groups=["unga"])
    method(app, "Lösningsfokus", groups=["nyanlanda"])
    answered(app, a, "koping", Answer.ADOPTED)
    assert sorted(titles(reader, "target_group=unga")) == ["7-20", "IPS"]
    assert titles(reader, "target_group=unga&origin=fagersta") == ["IPS"]
    assert titles(reader, "party=arbetsformedlingen") == ["IPS"]
    assert titles(reader, "adopted_by=koping") == ["IPS"]
    assert titles(reader, "adopted_by=vasteras") == []
    assert titles(reader, "sort=title") == ["7-20", "IPS", "Lösningsfokus"]
    assert titles(reader, "sort=adopted")[0] == "IPS"


def test_methods_past_their_review_date_are_shown_to_the_office(app, central, reader):
    past = local_today() - timedelta(days=1)
    method(app, "Gammal metod", review_date=past)
    method(app, "Färsk metod", review_date=local_today() + timedelta(days=300))
    assert titles(reader, "review=due") == ["Gammal metod"]
    assert "passerat sitt datum" not in reader.get("/methods/").get_data(as_text=True)
    body = central.get("/methods/").get_data(as_text=True)
    assert "Behöver ses över: 1 metod har passerat sitt datum för översyn" in body


def test_the_method_page_shows_origin_users_related_and_history(app, reader):
    sub_id = method(
        app,
        "Hälsofrämjande grupp",
        groups=["unga"],
        contact="Anna, 021-10 00 00",
        evidence_md="Sju av tio **kom vidare**.",
        review_date=local_today() - timedelta(days=3),
    )
    related = method(app, "Annan metod för unga", node="vasteras", groups=["unga"])
    answered(app, sub_id, "koping", Answer.ADOPTING, "Startar i vår")
    answered(app, sub_id, "vasteras", Answer.NOT_RELEVANT)
    body = reader.get(f"/methods/{sub_id}").get_data(as_text=True)
    assert "Fagersta kommun</strong> – ursprung" in body
    assert "Köpings kommun</strong> – Under införande" in body
    assert "Startar i vår" in body
    assert "Västerås stad</strong>" not in body  # "not relevant" is not a user
    assert f'href="/methods/{related}">Annan metod för unga' in body
    assert "<strong>kom vidare</strong>" in body
    assert "Anna, 021-10 00 00" in body
    assert "Behöver ses över" in body
    assert f'href="/submissions/{sub_id}"' in body
    assert "data-print" in body


@pytest.mark.parametrize(
    ("kind", "status"),
    [
        (Kind.PRACTICE, Status.SUBMITTED),
        (Kind.NEED, Status.ACCEPTED),
        (Kind.INITIATIVE, Status.ACCEPTED),
    ],
)
def test_what_is_not_in_the_library_has_no_method_page(app, reader, kind, status):
    sub_id = method(app, "Inte här", kind=kind, status=status)
    response = reader.get(f"/methods/{sub_id}")
    assert response.status_code == 404
    assert "Det finns ingen metod med det numret" in response.get_data(as_text=True)


def test_the_office_publishes_an_accepted_initiative(app, central, reader):
    sub_id = method(app, "Jobbspår", kind=Kind.INITIATIVE)
    token, version = pane(central, sub_id)
    response = central.post(
        f"/inbox/{sub_id}/method",
        headers=HX,
        data={"csrf_token": token, "version": version, "publish": "1"},
    )
    assert response.status_code == 200
    assert "Publicerat i metodbanken." in response.get_data(as_text=True)
    assert reader.get(f"/methods/{sub_id}").status_code == 200
    history = reader.get(f"/submissions/{sub_id}").get_data(as_text=True)
    assert "publicerade det i metodbanken" in history
    stale = central.post(
        f"/inbox/{sub_id}/method",
        headers=HX,
        data={"csrf_token": token, "version": version, "publish": "0"},
    )
    assert stale.status_code == 409
    assert reader.get(f"/methods/{sub_id}").status_code == 200


def test_publishing_what_is_not_an_accepted_initiative_is_refused(app, central, reader):
    sub_id = method(app, "Ännu inte", kind=Kind.INITIATIVE, status=Status.IN_REVIEW)
    token, version = pane(central, sub_id)
    response = central.post(
        f"/inbox/{sub_id}/method",
        headers=HX,
        data={"csrf_token": token, "version": version, "publish": "1"},
    )
    assert response.status_code == 422
    assert "Bara ett godkänt initiativ kan publiceras" in response.get_data(
        as_text=True
    )
    assert reader.get(f"/methods/{sub_id}").status_code == 404


def test_a_coordinator_cannot_publish(app, reader):
    sub_id = method(app, "Jobbspår", kind=Kind.INITIATIVE)
    client = app.test_client()
    login(client, "fagersta@samnod.test")
    token = csrf_token(client.get("/account").get_data(as_text=True))
    response = client.post(
        f"/inbox/{sub_id}/method",
        data={"csrf_token": token, "version": 1, "publish": "1"},
    )
    assert response.status_code == 403
    assert reader.get(f"/methods/{sub_id}").status_code == 404


def _feed_url(client) -> str:
    token = csrf_token(client.get("/account").get_data(as_text=True))
    body = client.post(
        "/account/feed", headers=HX, data={"csrf_token": token}
    ).get_data(as_text=True)
    return re.search(r'id="feed-url" type="text" readonly value="([^"]+)"', body)[1]


def test_the_feed_lists_methods_for_a_personal_address(app, reader):
    client = app.test_client()
    method(app, "Metod & <mer>", summary="Kort om <det>")
    method(app, "Inte godkänd", status=Status.SUBMITTED)
    url = _feed_url(reader).replace("&amp;", "&")
    response = client.get(url)  # a feed reader: no session
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)  # noqa: S314 (our own output)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Metod & <mer>"]
    assert entries[0].findtext(f"{ATOM}summary") == "Kort om <det>"
    assert entries[0].find(f"{ATOM}link").get("href").startswith("http://localhost/")


def test_a_revoked_or_replaced_feed_address_stops_working(app, reader):
    client = app.test_client()
    first = _feed_url(reader)
    second = _feed_url(reader)
    assert client.get(first).status_code == 403
    assert client.get(second).status_code == 200
    token = csrf_token(reader.get("/account").get_data(as_text=True))
    revoked = reader.post("/account/feed/revoke", data={"csrf_token": token})
    assert "Flödesadressen är återkallad" in revoked.get_data(as_text=True)
    response = client.get(second)
    assert response.status_code == 403
    assert "fel eller har återkallats" in response.get_data(as_text=True)


@pytest.mark.parametrize("query", ["", "?token=", "?token=fel", "?token=" + "x" * 500])
def test_a_wrong_feed_token_is_refused(client, query):
    response = client.get(f"/methods/feed.atom{query}")
    assert response.status_code == 403
    assert response.mimetype == "text/plain"


def test_the_spread_overview_shows_each_member(app, central):
    sub_id = method(app, "Spridd metod")
    answered(app, sub_id, "koping", Answer.ADOPTED)
    with app.app_context():
        late = Spread(
            submission_id=sub_id,
            organisation_id=org("vasteras").id,
            spread_by_id=db.session.scalar(
                db.select(User.id).filter_by(role="central")
            ),
            deadline=local_today() - timedelta(days=1),
        )
        db.session.add(late)
        db.session.commit()
    body = central.get(f"/inbox/{sub_id}", headers=HX).get_data(as_text=True)
    grid = body[
        body.index('class="county-map"') : body.index(
            "</ul>", body.index('class="county-map"')
        )
    ]
    assert re.search(r'map-fagersta state-origin">.*?Ursprung', grid)
    assert re.search(r'map-koping state-adopted">.*?Infört', grid)
    assert re.search(
        r'map-vasteras state-overdue">.*?Inget svar, sista dag passerad', grid
    )
    assert re.search(r'map-sala state-not_spread">.*?Inte spridd', grid)
    assert grid.count("<li ") == 13


def test_the_submission_page_shows_the_overview_to_the_office_only(
    app, central, reader
):
    sub_id = method(app, "Spridd metod")
    answered(app, sub_id, "koping", Answer.INTERESTED)
    office = central.get(f"/submissions/{sub_id}").get_data(as_text=True)
    assert 'class="county-map"' in office
    assert re.search(r'map-koping state-interested">.*?Intresserad', office)
    assert 'class="county-map"' not in reader.get(f"/submissions/{sub_id}").get_data(
        as_text=True
    )


def test_a_common_word_ranks_the_newest_and_lists_every_match(app, reader, monkeypatch):
    monkeypatch.setattr("models.read.library.WINDOW", 3)
    monkeypatch.setattr("models.read.library.PAGE_SIZE", 2)
    old = method(app, "Samtal i titeln")  # best match, but outside the window
    for n in range(4):
        method(app, f"Metod {n}", body_md=f"Om samtal, del {n}.")
    newest = method(app, "Samtal i grupp")
    first = reader.get("/methods/?q=samtal", headers=HX).get_data(as_text=True)
    assert "Fler än 3 metoder matchar ”samtal”" in first
    assert titles(reader, "q=samtal") == ["Samtal i grupp", "Metod 3"]
    pages = [titles(reader, f"q=samtal&page={p}") for p in (1, 2, 3, 4)]
    listed = [t for page in pages for t in page]
    assert sorted(listed) == sorted(
        ["Samtal i titeln", "Samtal i grupp"] + [f"Metod {n}" for n in range(4)]
    )
    assert listed[-1] == "Samtal i titeln"  # after the window: newest first
    assert old < newest


def test_counts_stop_at_the_cap(app, reader, monkeypatch):
    monkeypatch.setattr("models.read.library.COUNT_CAP", 2)
    for n in range(3):
        method(app, f"Metod {n}")
    assert "Fler än 2 metoder" in reader.get("/methods/").get_data(as_text=True)
    assert len(titles(reader)) == 3
