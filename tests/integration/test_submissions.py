"""Nodes log needs, initiatives and practices: forms, rules and the thread."""

from __future__ import annotations

import re

import pytest

from models import (
    Comment,
    Event,
    Kind,
    Notification,
    Role,
    Status,
    Submission,
    User,
    db,
    workflow,
)
from models.privacy import control_character
from tests.conftest import CONTROLS, HX, csrf_token, login, org
from tests.unit.test_rendering import CORPUS, OWN_VECTORS, problems

NEW_NEED = "/nodes/koping/submissions/new?kind=need"
NEW_INITIATIVE = "/nodes/koping/submissions/new?kind=initiative"
NEW_PRACTICE = "/nodes/koping/submissions/new?kind=practice"


@pytest.fixture
def koping(client, make_user):
    make_user(Role.CENTRAL, "kansli", email="kansli@samnod.test")
    login(client, make_user(Role.COORDINATOR, "koping", email="k@samnod.test"))
    return client


def post_form(client, url, **fields):
    token = csrf_token(client.get(url).get_data(as_text=True))
    data = {
        "title": "Fler arbetsträningsplatser",
        "summary": "Kort om behovet",
        "body": "Beskrivning med **fetstil**.",
        "action": "draft",
        "csrf_token": token,
    } | fields
    return client.post(url, data=data)


def submissions(app):
    with app.app_context():
        return db.session.scalars(db.select(Submission)).all()


def test_save_a_need_as_draft(app, koping):
    response = post_form(
        koping,
        NEW_NEED,
        target_groups=["unga-16-29"],
        people_estimate="40",
        urgency="high",
    )
    assert response.status_code == 303
    [sub] = submissions(app)
    assert response.headers["Location"].endswith(f"/submissions/{sub.id}")
    assert (sub.status, sub.kind, sub.people_estimate) == (Status.DRAFT, Kind.NEED, 40)
    assert "<strong>fetstil</strong>" in sub.body_html
    page = koping.get(f"/submissions/{sub.id}").get_data(as_text=True)
    assert "Sparat som utkast" in page and "Fler arbetsträningsplatser" in page


def test_submit_sends_it_to_the_office_with_an_event_and_a_notification(app, koping):
    post_form(koping, NEW_NEED, action="submit")
    with app.app_context():
        sub = db.session.scalar(db.select(Submission))
        assert sub.status == Status.SUBMITTED and sub.submitted_at
        kinds = [e.to_status for e in db.session.scalars(db.select(Event))]
        assert Status.SUBMITTED in kinds
        note = db.session.scalar(db.select(Notification))
        assert db.session.get(User, note.user_id).role == Role.CENTRAL


@pytest.mark.parametrize(
    "url,fields,field,message",
    [
        (NEW_NEED, {"title": ""}, "title", "Ge det en rubrik"),
        (NEW_NEED, {"title": "x" * 161}, "title", "Högst 160 tecken"),
        (NEW_NEED, {"summary": "x" * 501}, "summary", "Högst 500 tecken"),
        (NEW_NEED, {"target_groups": ["hittepå"]}, "target_groups", "giltigt val"),
        (NEW_NEED, {"parties": ["gotland"]}, "parties", "giltigt val"),
        (NEW_NEED, {"people_estimate": "många"}, "people_estimate", "heltal"),
        (
            NEW_INITIATIVE,
            {"goal": "Mål", "funding_amount": "-5", "budget": "x"},
            "funding_amount",
            "hela kronor",
        ),
        (
            NEW_INITIATIVE,
            {"goal": "Mål", "funding_amount": "mycket", "budget": "x"},
            "funding_amount",
            "heltal",
        ),
        (
            NEW_INITIATIVE,
            {"goal": "Mål", "funding_amount": "100000"},
            "budget",
            "budgeten",
        ),
        (
            NEW_INITIATIVE,
            {"goal": "Mål", "period_start": "2026-05-01", "period_end": "2026-01-01"},
            "period_end",
            "sluta innan",
        ),
        (
            NEW_PRACTICE,
            {"purpose": "Syfte", "method_md": "Så gör vi", "review_date": "2020-01-01"},
            "review_date",
            "framtiden",
        ),
        (NEW_NEED, {"title": "Gäller 19850101-1236"}, "title", "personnummer"),
        (NEW_NEED, {"body": "Kontakta 8501011236 om detta"}, "body", "telefonnummer"),
        (
            NEW_NEED,
            {"summary": "Samordningsnummer 850161-1233"},
            "summary",
            "personnummer",
        ),
    ],
)
def test_bad_input_is_refused_at_the_field_and_kept(
    app, koping, url, fields, field, message
):
    response = post_form(koping, url, **fields)
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert f'id="{field}-error"' in body
    assert message in body
    assert 'aria-invalid="true"' in body or f'aria-describedby="{field}-error"' in body
    assert "autofocus" in body
    for value in fields.values():
        if isinstance(value, str) and value and len(value) < 200:
            assert value in body
    assert submissions(app) == []


def test_finsam_rule_names_itself_and_stores_nothing(app, koping):
    response = post_form(
        koping,
        NEW_INITIATIVE,
        goal="Mål",
        funding_amount="250000",
        budget="- Lön 200 000\n- Lokal 50 000",
        action="submit",
    )
    assert response.status_code == 422
    assert "Finsam" in response.get_data(as_text=True)
    assert submissions(app) == []


def test_funded_initiative_with_two_parties_asks_the_other_to_back(
    app, client, koping, make_user
):
    fagersta = make_user(Role.COORDINATOR, "fagersta")
    response = post_form(
        koping,
        NEW_INITIATIVE,
        goal="Mål",
        funding_amount="250000",
        budget="Lön",
        parties=["fagersta"],
        action="submit",
    )
    assert response.status_code == 303
    [sub] = submissions(app)
    assert "1 av 13 parter" in koping.get(f"/submissions/{sub.id}").get_data(
        as_text=True
    )
    with app.app_context():
        asked = db.session.scalars(
            db.select(Notification.user_id).where(Notification.kind == "backing")
        ).all()
    assert asked == [fagersta.id]
    other = app.test_client()
    login(other, fagersta)
    page = other.get(f"/submissions/{sub.id}").get_data(as_text=True)
    response = other.post(
        f"/submissions/{sub.id}/backing", data={"csrf_token": csrf_token(page)}
    )
    assert response.status_code == 303
    assert "2 av 13 parter" in other.get(f"/submissions/{sub.id}").get_data(
        as_text=True
    )


def _sent(app, status=Status.SUBMITTED) -> int:
    with app.app_context():
        author = db.session.scalar(db.select(User).filter_by(email="k@samnod.test"))
        sub = workflow.create(
            Kind.NEED, org("koping"), author, {"title": "Behov"}, [], []
        )
        workflow.submit(sub, author)
        sub.status = status
        db.session.commit()
        return sub.id


def test_a_sent_submission_cannot_be_edited(app, koping):
    sub_id = _sent(app)
    response = koping.get(f"/submissions/{sub_id}/edit")
    assert response.status_code == 409
    assert "Bara ett utkast kan ändras" in response.get_data(as_text=True)


def test_withdraw_before_triage_keeps_the_record(app, koping):
    sub_id = _sent(app)
    page = koping.get(f"/submissions/{sub_id}").get_data(as_text=True)
    response = koping.post(
        f"/submissions/{sub_id}/withdraw",
        data={"csrf_token": csrf_token(page), "confirm": "1"},
    )
    assert response.status_code == 303
    with app.app_context():
        assert db.session.get(Submission, sub_id).status == Status.WITHDRAWN


def test_withdraw_after_triage_started_is_refused(app, koping):
    sub_id = _sent(app, Status.IN_REVIEW)
    page = koping.get(f"/submissions/{sub_id}").get_data(as_text=True)
    koping.post(
        f"/submissions/{sub_id}/withdraw",
        data={"csrf_token": csrf_token(page), "confirm": "1"},
    )
    with app.app_context():
        assert db.session.get(Submission, sub_id).status == Status.IN_REVIEW


def test_answering_a_request_for_information_returns_it_to_the_office(app, koping):
    sub_id = _sent(app, Status.NEEDS_INFO)
    page = koping.get(f"/submissions/{sub_id}").get_data(as_text=True)
    response = koping.post(
        f"/submissions/{sub_id}/comments",
        headers=HX,
        data={"csrf_token": csrf_token(page), "text": "Det gäller ungefär 40 unga."},
    )
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "<html" not in body and 'id="thread"' in body
    assert "Det gäller ungefär 40 unga." in body
    with app.app_context():
        assert db.session.get(Submission, sub_id).status == Status.SUBMITTED
        assert db.session.scalar(db.select(db.func.count()).select_from(Comment)) == 1


def test_comment_with_a_personal_number_is_refused_and_kept(app, koping):
    sub_id = _sent(app)
    page = koping.get(f"/submissions/{sub_id}").get_data(as_text=True)
    text = "Gäller 850101-1236, ring mig"
    response = koping.post(
        f"/submissions/{sub_id}/comments",
        headers=HX,
        data={"csrf_token": csrf_token(page), "text": text},
    )
    assert response.status_code == 422
    assert text in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Comment)) == 0


def test_drafts_are_seen_by_their_own_node_only(app, koping, make_user):
    post_form(koping, NEW_NEED, title="Hemligt utkast")
    [sub] = submissions(app)
    other = app.test_client()
    login(other, make_user(Role.COORDINATOR, "fagersta"))
    assert other.get(f"/submissions/{sub.id}").status_code == 404
    assert "Hemligt utkast" not in other.get("/nodes/koping/").get_data(as_text=True)
    assert "Hemligt utkast" in koping.get("/nodes/koping/").get_data(as_text=True)


def test_preview_uses_the_saving_renderer(koping):
    page = koping.get(NEW_NEED).get_data(as_text=True)
    response = koping.post(
        "/nodes/koping/submissions/preview",
        headers=HX,
        data={
            "csrf_token": csrf_token(page),
            "body": "# Rubrik\n\n<script>alert(1)</script>[x](javascript:alert(1))",
        },
    )
    body = response.get_data(as_text=True)
    assert "<h1>Rubrik</h1>" in body and "hx-disable" in body
    assert "<script" not in body and "javascript:" not in body


def test_live_check_shows_similar_from_other_nodes_and_the_finsam_rule(
    app, koping, make_user
):
    with app.app_context():
        author = db.session.scalar(db.select(User).filter_by(email="k@samnod.test"))
        other = workflow.create(
            Kind.NEED,
            org("fagersta"),
            author,
            {
                "title": "Arbetsträning för unga vuxna",
                "summary": "Brist på arbetsträningsplatser",
            },
            [],
            [],
        )
        workflow.submit(other, author)
        db.session.commit()
    page = koping.get(NEW_INITIATIVE).get_data(as_text=True)
    response = koping.post(
        "/nodes/koping/submissions/check?kind=initiative",
        headers=HX,
        data={
            "csrf_token": csrf_token(page),
            "title": "Arbetsträning i Köping",
            "funding_amount": "100000",
        },
    )
    body = response.get_data(as_text=True)
    assert "Arbetsträning för unga vuxna" in body and "Fagersta kommun" in body
    assert "Finsam" in body
    assert 'hx-swap-oob="true"' in body


@pytest.mark.parametrize("payload", CORPUS + list(OWN_VECTORS))
def test_hostile_markup_saved_through_the_form_is_harmless(app, koping, payload):
    if control_character(payload, multiline=True) is not None:
        refused = post_form(koping, NEW_NEED, body=payload, title="XSS")
        assert refused.status_code == 422
        assert "osynligt styrtecken" in refused.get_data(as_text=True)
        assert submissions(app) == []
        payload = CONTROLS.sub("", payload)  # the vector itself must be harmless
    response = post_form(koping, NEW_NEED, body=payload, title="XSS")
    assert response.status_code == 303
    [sub] = submissions(app)
    assert problems(sub.body_html) == []
    page = koping.get(f"/submissions/{sub.id}").get_data(as_text=True)
    assert page.count("<script") == 2  # htmx and app.js, nothing else
    assert problems(page.split('class="prose" hx-disable>')[1].split("</div>")[0]) == []


def test_two_people_editing_one_draft_lose_nothing(app, koping, make_user):
    post_form(koping, NEW_NEED, title="Utkast att dela")
    [sub] = submissions(app)
    url = f"/submissions/{sub.id}/edit"
    colleague = app.test_client()
    login(colleague, make_user(Role.COORDINATOR, "koping", email="k2@samnod.test"))
    mine = koping.get(url).get_data(as_text=True)  # both open the draft
    theirs = colleague.get(url).get_data(as_text=True)
    assert _save(colleague, url, theirs, "Deras rubrik").status_code == 303
    stale = _save(koping, url, mine, "Min rubrik")
    assert stale.status_code == 409
    body = stale.get_data(as_text=True)
    assert "Någon annan sparade utkastet medan du skrev" in body
    assert 'value="Min rubrik"' in body
    with app.app_context():
        assert db.session.get(Submission, sub.id).title == "Deras rubrik"
    assert _save(koping, url, body, "Min rubrik").status_code == 303
    with app.app_context():
        assert db.session.get(Submission, sub.id).title == "Min rubrik"


def _save(client, url: str, form_html: str, title: str):
    """Save the draft from the form as it was read (its token and version)."""
    version = re.search(r'name="version" type="hidden" value="(\d+)"', form_html)[1]
    data = {"summary": "Kort", "body": "", "action": "draft", "people_estimate": ""}
    token = csrf_token(form_html)
    return client.post(
        url, data=data | {"title": title, "csrf_token": token} | {"version": version}
    )


def _form_key(html: str) -> str:
    return re.search(r'name="idempotency_key" type="hidden" value="([^"]+)"', html)[1]


def _post_twice(client, url, **fields):
    """Post one rendered form twice, as a double click or a resent POST does."""
    page = client.get(url).get_data(as_text=True)
    data = {
        "title": "Fler arbetsträningsplatser",
        "summary": "Kort om behovet",
        "csrf_token": csrf_token(page),
        "idempotency_key": _form_key(page),
    } | fields
    return client.post(url, data=data), client.post(url, data=data)


@pytest.mark.parametrize("action", ["draft", "submit"])
def test_the_same_form_posted_twice_makes_one_submission(app, koping, action):
    first, second = _post_twice(koping, NEW_NEED, action=action)
    [sub] = submissions(app)
    assert first.status_code == second.status_code == 303
    assert second.headers["Location"] == first.headers["Location"]
    assert first.headers["Location"].endswith(f"/submissions/{sub.id}")
    with app.app_context():
        kinds = [e.kind for e in db.session.scalars(db.select(Event))]
    assert kinds.count("created") == 1


def test_two_forms_make_two_submissions(app, koping):
    _post_twice(koping, NEW_NEED, action="draft")
    _post_twice(koping, NEW_NEED, action="draft")
    assert len(submissions(app)) == 2


def test_a_refused_form_keeps_its_key(app, koping):
    page = koping.get(NEW_NEED).get_data(as_text=True)
    key = _form_key(page)
    data = {"csrf_token": csrf_token(page), "idempotency_key": key, "title": ""}
    refused = koping.post(NEW_NEED, data=data)
    assert refused.status_code == 422
    assert _form_key(refused.get_data(as_text=True)) == key
    for _ in range(2):
        koping.post(NEW_NEED, data=data | {"title": "Nu", "summary": "Kort"})
    assert len(submissions(app)) == 1


def test_a_post_racing_the_same_form_finds_the_first(app, koping, monkeypatch):
    """PostgreSQL lets both posts read before either commits: the key decides."""
    page = koping.get(NEW_NEED).get_data(as_text=True)
    data = {
        "csrf_token": csrf_token(page),
        "idempotency_key": _form_key(page),
        "title": "Fler arbetsträningsplatser",
        "summary": "Kort",
    }
    first = koping.post(NEW_NEED, data=data)
    found, looks = workflow.created_from, []

    def created_from(key):
        looks.append(key)  # the first look misses the other post's row
        return None if len(looks) == 1 else found(key)

    monkeypatch.setattr(workflow, "created_from", created_from)
    second = koping.post(NEW_NEED, data=data)
    assert len(looks) == 2  # the insert was refused, and the second look found it
    assert second.headers["Location"] == first.headers["Location"]
    assert len(submissions(app)) == 1


def test_each_new_form_gets_a_fresh_key_and_a_draft_form_none(app, koping):
    keys = {_form_key(koping.get(NEW_NEED).get_data(as_text=True)) for _ in range(3)}
    assert len(keys) == 3
    post_form(koping, NEW_NEED)
    [sub] = submissions(app)
    edit = koping.get(f"/submissions/{sub.id}/edit").get_data(as_text=True)
    assert "idempotency_key" not in edit
