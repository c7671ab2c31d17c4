"""Hardening as classes of fault, each over the whole app rather than an example.

- Reads never write: every GET route, for every actor, leaves the database as it
  was (also with search strings that are punctuation alone).
- No 5xx from any input: generated values in every field of every form the app
  shows and in every URL parameter; a control character gets a message at the
  field. A final scan finds no control character stored.
- The privacy rule holds for what a reader sees: personal identity numbers in
  generated formats and encodings are refused in every free-text field and every
  query string; a final scan of every text column finds none.

Forms are found the way a user finds them: by reading the pages each actor can
open and collecting every `<form method="post">` with its fields as rendered.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import String, Text, select

from models import Spread, db
from models.privacy import control_character, find_personal_numbers, seen_text
from tests.conftest import HX, login
from tests.integration.test_access import ACTORS, ROUTES
from tests.integration.test_access import actors as actors  # noqa: F401 (fixture)
from tests.integration.test_access import (  # noqa: F401 (fixture)
    submissions as submissions,
)
from tests.unit.test_privacy import TEMPLATES, numbers, write

PROPERTY = settings(
    max_examples=4,
    database=None,
    deadline=None,
    # Each example walks every form: a failure is reported as found, unshrunk.
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
SIGNED_IN = [a for a in ACTORS if a != "anonymous"]
GETS = sorted(e for e, (method, _url, _x) in ROUTES.items() if method == "GET")
# Searches that are punctuation or search syntax alone: "no words".
NO_WORDS = ["-", '"', "*", "(", ")", '""', "NEAR(", "^", ":", "'", "AND", "&|!"]
NO_WORDS = [*NO_WORDS, "a:*", "\\", "%", "_"]
SEARCHES = ("/inbox/", "/methods/")
# Every query parameter the app reads.
PARAMETERS = (
    "q mq status kind node area group assignee funding since until sort after "
    "before page year template target_group party origin adopted_by review token "
    "next clear snoozed"
).split()
HUGE = ["99999999999999999999", "-99999999999999999999", str(2**63), str(2**31)]
ODD = [*HUGE, "", " ", "0", "-1", "1e400", "NaN", "٣", "𝟗" * 20, "x" * 10**6]
ODD = [*ODD, "2026-13-45", "\u202e", "<script>", "%00", "../../etc/passwd"]


def _with_control(text: str, control: str, at: int) -> str:
    at = at % (len(text) + 1)
    return text[:at] + control + text[at:]


CONTROL = st.sampled_from(
    [chr(c) for c in (*range(0, 9), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F, 0x85)]
    + ["\x9b", "\ufffe", "\uffff"]
)
with_controls = st.builds(_with_control, st.text(max_size=40), CONTROL, st.integers())
hostile = st.one_of(st.sampled_from(ODD), st.text(max_size=200), with_controls)


class _Forms(HTMLParser):
    """Collect the post forms of a page: action and fields as the page sends them."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("method", "get").lower() == "post":
            self._form = {"action": a.get("action", ""), "fields": {}, "text": set()}
            self.forms.append(self._form)
        if self._form is None or "name" not in a:
            return
        fields, name = self._form["fields"], a["name"]
        if tag == "input":
            kind = a.get("type", "text")
            if kind in ("checkbox", "radio") and "checked" not in a:
                fields.setdefault(name, [])
                return
            if kind not in ("submit", "button", "reset", "file"):
                fields.setdefault(name, []).append(a.get("value", ""))
            if kind in ("text", "search", "email", "url", "tel"):
                self._form["text"].add(name)
        elif tag == "textarea":
            self._textarea = name
            fields.setdefault(name, []).append("")
            self._form["text"].add(name)
        elif tag == "select":
            self._select = name
            fields.setdefault(name, [])
        elif tag == "button" and a.get("value") is not None:
            fields.setdefault(name, [a["value"]])  # the first button is pressed

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_data(self, data):
        if self._textarea and self._form:
            values = self._form["fields"][self._textarea]
            values[-1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None


def _pages(ids: dict) -> list[str]:
    """Every page an actor may open: the GET routes, and the panes of each item."""
    urls = [ROUTES[e][1].format(own="koping", victim=0, **ids) for e in GETS]
    urls += [f"/inbox/{ids['method']}", "/nodes/fagersta/"]
    urls += [
        f"/nodes/koping/submissions/new?kind={k}" for k in ("initiative", "practice")
    ]
    return [u for u in urls if "feed.atom" not in u]


def _forms_of(client, ids: dict) -> list[dict]:
    """Every distinct post form the client's pages show (read once per client)."""
    if hasattr(client, "samnod_forms"):
        return client.samnod_forms
    found: dict[tuple, dict] = {}
    for url in _pages(ids):
        response = client.get(url)
        if response.status_code != 200:
            continue
        for form in _forms_in(response.get_data(as_text=True)):
            form["page"] = url
            key = (urlsplit(form["action"]).path, tuple(sorted(form["fields"])))
            found.setdefault(key, form)
    client.samnod_forms = list(found.values())
    return client.samnod_forms


def _database_rows() -> dict:
    """Every row of every table, for comparing before and after."""
    with db.engine.connect() as conn:
        return {
            table.name: sorted(map(repr, conn.execute(select(table)).all()))
            for table in db.metadata.sorted_tables
        }


def _stored_texts() -> list[tuple[str, str, str]]:
    """(table, column, value) for every stored text value."""
    texts = []
    with db.engine.connect() as conn:
        for table in db.metadata.sorted_tables:
            columns = [c for c in table.columns if isinstance(c.type, String | Text)]
            for column in columns:
                for (value,) in conn.execute(select(column).where(column.is_not(None))):
                    texts.append((table.name, column.name, value))
    return texts


def _client(app, users: dict, actor: str):
    client = app.test_client()
    if actor != "anonymous":
        login(client, users[actor])
    return client


def _signed_in_once(app, users: dict, actor: str):
    """One signed-in client per test (and actor) for all of hypothesis' examples."""
    clients = app.extensions.setdefault("hardening_clients", {})
    if actor not in clients:
        clients[actor] = _client(app, users, actor)
    return clients[actor]


@pytest.mark.parametrize("actor", ACTORS)
def test_no_get_changes_the_database(app, actors, submissions, actor):  # noqa: F811
    client = _client(app, actors, actor)
    client.get("/inbox/?status=submitted")  # a remembered filter to open with
    urls = _pages(submissions)
    urls += [f"{path}?{urlencode({'q': q})}" for path in SEARCHES for q in NO_WORDS]
    urls += ["/inbox/", "/notifications/badge", f"/inbox/{submissions['sent']}?q=-"]
    with app.app_context():
        before = _database_rows()
    answers = [client.get(url, headers=h).status_code for url in urls for h in ({}, HX)]
    with app.app_context():
        assert _database_rows() == before
    assert max(answers) < 500


@pytest.mark.parametrize("q", NO_WORDS)
def test_a_search_without_words_is_the_whole_list_and_locks_no_one_out(
    app,
    actors,
    submissions,
    q,  # noqa: F811
):
    client = _client(app, actors, "central")
    searched = client.get("/inbox/", query_string={"q": q})
    assert searched.status_code == 200
    assert "Initiativ" in searched.get_data(as_text=True)  # the unfiltered list
    again = client.get("/inbox/", follow_redirects=True)  # the remembered filter
    assert again.status_code == 200 and "Initiativ" in again.get_data(as_text=True)
    library = client.get("/methods/", query_string={"q": q})
    assert library.status_code == 200


def _with_arg(url: str, name: str, value: str) -> str:
    """The URL with one query argument set (any already in it kept)."""
    parts = urlsplit(url)
    args = dict(parse_qsl(parts.query)) | {name: value}
    return f"{parts.path}?{urlencode(args)}"


def _shows(body: str, form: dict) -> bool:
    """Whether the answer still holds the form (an item moved on may not)."""
    return f'action="{form["action"]}"' in body


def _post(client, form: dict, name: str, value: str, fragment: bool):
    data = {k: v for k, v in form["fields"].items() if k != name}
    data[name] = [value]
    return client.post(form["action"], data=data, headers=HX if fragment else {})


@pytest.mark.parametrize("actor", SIGNED_IN)
@PROPERTY
@given(data=st.data())
def test_no_value_in_any_form_field_gives_a_server_error(
    app,
    actors,
    submissions,
    actor,
    data,  # noqa: F811
):
    client = _signed_in_once(app, actors, actor)
    forms = [f for f in _forms_of(client, submissions) if "/logout" not in f["action"]]
    assert forms or actor == "practitioner"
    for form in forms:
        for name in form["fields"]:
            if name == "csrf_token":
                continue
            value = data.draw(hostile, label=f"{form['action']} {name}")
            response = _post(client, form, name, value, data.draw(st.booleans()))
            assert response.status_code < 500, (form["action"], name, value[:80])
            body = response.get_data(as_text=True)
            if name in form["text"] and control_character(value, True) is not None:
                # Refused, with a message at the field (or the item moved on).
                assert response.status_code in (409, 422), (form["action"], name)
                if response.status_code == 422 and _shows(body, form):
                    assert "styrtecken" in body, (form["action"], name)
    with app.app_context():
        stored = [t for t in _stored_texts() if control_character(t[2], True)]
    assert stored == []


@pytest.mark.parametrize("actor", ["central", "coordinator_own", "anonymous"])
@PROPERTY
@given(data=st.data())
def test_no_value_in_any_url_parameter_gives_a_server_error(
    app,
    actors,
    submissions,
    actor,
    data,  # noqa: F811
):
    client = _signed_in_once(app, actors, actor)
    for url in _pages(submissions):
        value = data.draw(hostile, label=url)
        name = data.draw(st.sampled_from(PARAMETERS))
        response = client.get(_with_arg(url, name, value))
        assert response.status_code < 500, (url, name, value[:80])
        if control_character(value) is not None:
            assert response.status_code == 400
    for path in ("/submissions/{}", "/inbox/{}", "/methods/{}", "/spreads/{}/answer"):
        number = data.draw(st.sampled_from(HUGE[:3]))
        response = client.get(path.format(number))
        assert response.status_code in (302, 404, 405), path


def _encoded(ten: str, century: str, template: str, how: int) -> str:
    """A number as one of the ways that get past a check of the raw text only."""
    plain = write(template, ten, century)
    digits = ten
    encodings = [
        plain,
        f"&#{ord(digits[0])};{digits[1:6]}-{digits[6:]}",  # an entity
        f"{digits[:6]}\\-{digits[6:]}",  # a Markdown escape
        f"{digits[:4]}**{digits[4:6]}**-{digits[6:]}",  # emphasis in the middle
        f"{digits[:6]}<!-- -->-{digits[6:]}",  # an HTML comment
        "".join(chr(0x1D7CE + int(d)) for d in digits[:6]) + "-" + digits[6:],
        digits[:3] + "\u2063" + digits[3:6] + "\u2064-" + digits[6:],  # invisible
        digits[:2] + "\ufe0f" + digits[2:6] + "\u180e-" + digits[6:],
        "".join(chr(0x0660 + int(d)) for d in digits[:6]) + "-" + digits[6:],
        f"`{digits[:6]}`-{digits[6:]}",
    ]
    return encodings[how % len(encodings)]


personal_numbers = st.builds(
    _encoded,
    numbers().map(lambda n: n[0]),
    st.sampled_from(["19", "20"]),
    st.sampled_from(TEMPLATES),
    st.integers(0, 9),
)


@pytest.mark.parametrize("actor", ["central", "coordinator_own", "coordinator_other"])
@PROPERTY
@given(data=st.data())
def test_a_personal_number_in_any_encoding_is_refused_everywhere(
    app,
    actors,
    submissions,
    actor,
    data,  # noqa: F811
):
    client = _signed_in_once(app, actors, actor)
    forms = _forms_of(client, submissions)
    for form in forms:
        for name in form["text"]:
            value = "Vi ses " + data.draw(personal_numbers, label=name) + " i Köping"
            response = _post(client, form, name, value, data.draw(st.booleans()))
            assert response.status_code in (400, 403, 409, 422), (form["action"], name)
            body = response.get_data(as_text=True)
            if response.status_code == 422 and _shows(body, form):
                assert "personnummer" in body, (form["action"], name)
    for url in [*_pages(submissions), "/inbox/views"]:
        value = data.draw(personal_numbers, label=url)
        name = data.draw(st.sampled_from(["q", "mq", "node", "next"]))
        response = client.get(_with_arg(url, name, value))
        assert response.status_code == 422, (url, name, value)
    with app.app_context():
        found = [
            (table, column, value[:80])
            for table, column, value in _stored_texts()
            if find_personal_numbers(value) or find_personal_numbers(seen_text(value))
        ]
    assert found == []


def test_a_refused_spread_answer_keeps_the_note_at_its_field(
    app,
    actors,
    submissions,  # noqa: F811
):
    client = _client(app, actors, "coordinator_other")
    page = client.get("/nodes/fagersta/").get_data(as_text=True)
    [form] = [f for f in _forms_in(page) if "/answer" in f["action"]]
    note = "Vi kontaktar 811218-2384 nästa vecka"
    response = _post(client, form, "note", note, fragment=False)
    assert response.status_code == 422
    body = response.get_data(as_text=True)
    assert note in body and "personnummer" in body
    assert 'aria-invalid="true" aria-describedby="note-' in body
    with app.app_context():
        spread = db.session.get(Spread, submissions["spread"])
        assert spread.answer is None and not spread.answer_note


def _forms_in(html: str) -> list[dict]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms
