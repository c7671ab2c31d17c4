"""The inbox's kept status counts and its keyset pages ("Newer" / "Older")."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func

from models import Kind, Status, Submission, User, db, workflow
from models.read.counts import SubmissionCount, status_counts
from tests.conftest import HX, csrf_token, org
from tests.integration.conftest import pane, post_status, sent


def _real_counts() -> dict[tuple, int]:
    keys = (Submission.origin_id, Submission.kind, Submission.status)
    rows = db.session.execute(db.select(*keys, func.count()).group_by(*keys))
    return {(o, Kind(k).value, Status(s).value): n for o, k, s, n in rows}


def _assert_counts_match(app) -> None:
    with app.app_context():
        kept = db.session.execute(
            db.select(
                SubmissionCount.origin_id,
                SubmissionCount.kind,
                SubmissionCount.status,
                SubmissionCount.n,
            )
        )
        assert {(o, k, s): n for o, k, s, n in kept if n} == _real_counts()


def test_kept_counts_equal_a_real_count_through_every_kind_of_change(app, office):
    ids = [sent(app, title=f"Behov {n}") for n in range(6)]
    with app.app_context():  # a draft that never leaves the node
        author = db.session.scalar(db.select(User).filter_by(email="k@samnod.test"))
        workflow.create(Kind.NEED, org("koping"), author, {"title": "Utkast"}, [], [])
        db.session.commit()
    _assert_counts_match(app)
    post_status(office, ids[0], "in_review")
    post_status(office, ids[0], "accepted")
    post_status(office, ids[1], "needs_info", "Hur många gäller det?")
    post_status(office, ids[2], "declined", "Finns redan.")
    _assert_counts_match(app)
    token, version = pane(office, ids[3])
    office.post(
        f"/inbox/{ids[3]}/merge",
        headers=HX,
        data={"csrf_token": token, "version": version, "target": ids[4]},
    )
    body = office.get("/inbox/", headers=HX).get_data(as_text=True)
    office.post(
        "/inbox/bulk",
        headers=HX,
        data={
            "csrf_token": csrf_token(body),
            "action": "accepted",
            "ids": [str(ids[0]), str(ids[4]), str(ids[2])],  # two are skipped
        },
    )
    _assert_counts_match(app)
    with app.app_context():
        sub = db.session.get(Submission, ids[5])
        workflow.withdraw(sub, sub.author)
        db.session.commit()
        with pytest.raises(workflow.RuleBroken):
            workflow.withdraw(db.session.get(Submission, ids[0]), sub.author)
        db.session.rollback()
        db.session.get(Submission, ids[1]).status = Status.SUBMITTED
        db.session.flush()
        db.session.rollback()  # an undone change leaves the counts alone
    _assert_counts_match(app)
    with app.app_context():  # on an expired instance: the rule passes what moved
        sub = db.session.get(Submission, ids[1])
        db.session.commit()
        workflow.add_comment(sub, sub.author, "Det gäller tolv personer.")
        db.session.commit()
    _assert_counts_match(app)
    with app.app_context():
        assert status_counts()[Status.ACCEPTED] == 2
        assert status_counts()[Status.WITHDRAWN] == 1


def test_the_counts_on_the_page_follow_node_and_kind(app, office):
    for n in range(3):
        sent(app, title=f"Behov {n}")
    sent(app, "fagersta", title="Fagerstas initiativ", kind=Kind.INITIATIVE)
    body = office.get("/inbox/?clear=1").get_data(as_text=True)
    assert "4 inskick" in body and "Inskickad (4)" in body
    body = office.get("/inbox/?node=koping").get_data(as_text=True)
    assert "3 inskick" in body and "Inskickad (3)" in body
    body = office.get("/inbox/?kind=initiative").get_data(as_text=True)
    assert "1 inskick" in body and "Inskickad (1)" in body


def test_a_search_matching_more_than_is_counted_says_so(app, office, monkeypatch):
    monkeypatch.setattr("models.read.inbox.COUNT_CAP", 2)
    ids = [sent(app, title=f"Arbetsträning {n}") for n in range(3)]
    body = office.get("/inbox/?q=arbetsträning").get_data(as_text=True)
    assert "Fler än 2 inskick" in body and "Inskickad (" not in body
    # every match is listed, newest first, though the list walks its own order
    assert [int(i) for i in re.findall(r'id="row-(\d+)"', body)] == ids[::-1]
    body = office.get("/inbox/?q=arbetsträning 1").get_data(as_text=True)
    assert "1 inskick" in body and "Inskickad (1)" in body


@pytest.mark.parametrize("cap", [2, 1000])  # the list's own order, and the matches'
@pytest.mark.parametrize(
    "query",
    [
        "arbetsträning plats",  # the lists of the terms each word begins
        "arb pla",  # FTS5's prefix index of three letters
        "ar pl",  # ... and of two
    ],
)
def test_every_way_of_asking_the_index_finds_the_same_rows(
    app, office, monkeypatch, cap, query
):
    monkeypatch.setattr("models.read.inbox.COUNT_CAP", cap)
    wanted = [
        sent(app, title="Arbetsträning på plats"),
        sent(app, title="Arbetsträningen flyttar till nya platser"),
        sent(app, title="Arbetsträningsplatser och platserna"),
    ]
    sent(app, title="Arbetsträning utan det andra ordet")
    sent(app, title="Platser utan det första ordet")
    body = office.get("/inbox/", query_string={"q": query}).get_data(as_text=True)
    assert [int(i) for i in re.findall(r'id="row-(\d+)"', body)] == wanted[::-1]


def test_a_word_finds_terms_that_came_into_the_index_after_it_was_asked(app, office):
    first = sent(app, title="Arbetsträning i Sala")
    body = office.get("/inbox/?q=arbetsträning").get_data(as_text=True)
    assert re.findall(r'id="row-(\d+)"', body) == [str(first)]
    later = sent(app, title="Arbetsträningsgrupper i Köping")  # a new term
    body = office.get("/inbox/?q=arbetsträning").get_data(as_text=True)
    assert re.findall(r'id="row-(\d+)"', body) == [str(later), str(first)]


def _walk(office, url: str, rel: str) -> tuple[list[int], str]:
    seen, last = [], url
    while url:
        body = office.get(url, headers=HX).get_data(as_text=True)
        seen += [int(i) for i in re.findall(r'id="row-(\d+)"', body)]
        last = url
        link = re.search(rf'<a href="([^"]+)"[^>]*rel="{rel}"', body)
        url = link.group(1).replace("&amp;", "&") if link else ""
    return seen, last


def test_a_row_opened_from_a_deep_page_keeps_that_page_without_htmx(
    app, office, monkeypatch
):
    monkeypatch.setattr("models.read.inbox.INBOX_PAGE_SIZE", 2)
    ids = [sent(app, title=f"Behov {n}") for n in range(5)]
    first = office.get("/inbox/?clear=1").get_data(as_text=True)
    older = re.search(r'<a href="([^"]+)"[^>]*rel="next"', first).group(1)
    deep = office.get(older.replace("&amp;", "&")).get_data(as_text=True)
    listed = re.findall(r'id="row-(\d+)"', deep)
    assert listed == [str(i) for i in ids[2:0:-1]]
    link = re.search(rf'<a [^>]*href="(/inbox/{listed[0]}\?[^"]+)"', deep).group(1)
    opened = office.get(link.replace("&amp;", "&")).get_data(as_text=True)
    assert re.findall(r'id="row-(\d+)"', opened) == listed  # not page one
    assert 'id="pane-title"' in opened


@pytest.mark.parametrize("sort", ["newest", "waiting", "activity"])
def test_older_and_newer_pages_cover_the_list_once_for_every_sort(
    app, office, monkeypatch, sort
):
    monkeypatch.setattr("models.read.inbox.INBOX_PAGE_SIZE", 2)
    ids = [sent(app, title=f"Behov {n}") for n in range(7)]
    sent(app, "fagersta", title="Annan nod")
    post_status(office, ids[0], "in_review")  # moves it up by last activity
    forward, last = _walk(office, f"/inbox/?node=koping&sort={sort}", "next")
    assert sorted(forward) == ids and len(forward) == len(set(forward))
    if sort == "waiting":
        assert forward == ids
    back, _first = _walk(office, last, "prev")
    assert back[:1] == forward[-1:]  # the last page again, then back to the top
    assert forward[:2] == back[-2:]


def test_pager_links_work_without_htmx_and_name_the_direction(app, office, monkeypatch):
    monkeypatch.setattr("models.read.inbox.INBOX_PAGE_SIZE", 2)
    ids = [sent(app, title=f"Behov {n}") for n in range(3)]
    body = office.get("/inbox/?clear=1").get_data(as_text=True)
    older = re.search(r'<a href="([^"]+)" hx-get="\1"[^>]*rel="next">Äldre</a>', body)
    assert older is not None and "Nyare" not in body
    page = office.get(older.group(1).replace("&amp;", "&"))
    text = page.get_data(as_text=True)
    assert "<html" in text and f'id="row-{ids[0]}"' in text
    assert 'rel="prev">Nyare</a>' in text and 'rel="next"' not in text
    waiting = office.get("/inbox/?sort=waiting").get_data(as_text=True)
    assert 'rel="next">Nyare</a>' in waiting


def test_a_broken_cursor_shows_the_first_page(app, office):
    sub_id = sent(app)
    body = office.get("/inbox/?after=inte-en-markör").get_data(as_text=True)
    assert f'id="row-{sub_id}"' in body


@pytest.mark.parametrize(
    "path,queries",
    [
        # the officer, the counts, the page
        ("/inbox/?clear=1", 3),
        ("/inbox/?node=koping&status=submitted", 3),
        # words alone: the vocabulary for the compounds that end with the word,
        # then the index is asked first whether more than 1 000 match
        ("/inbox/?q=arbetsträning", 5),
        ("/inbox/?sort=activity&assignee=none", 3),
    ],
)
def test_queries_per_inbox_request_are_pinned(
    app, office, count_queries, path, queries
):
    for n in range(12):
        sent(app, "fagersta" if n % 2 else "koping", title=f"Arbetsträning {n}")
    office.get(path, headers=HX)  # the filter is remembered: no write below
    with count_queries() as counter:
        office.get(path, headers=HX)
    with app.app_context():  # on SQLite Samnod sends BEGIN itself
        sqlite = db.engine.dialect.name == "sqlite"
    assert counter.count == queries + int(sqlite), counter.statements


def test_a_very_common_word_is_said_to_match_more_without_counting_them_all(
    app, office, monkeypatch, count_queries
):
    monkeypatch.setattr("models.read.inbox.COUNT_CAP", 2)
    with app.app_context():  # more matches than a page
        author = db.session.scalar(db.select(User).filter_by(email="k@samnod.test"))
        for n in range(200):
            sub = workflow.create(
                Kind.NEED,
                org("koping"),
                author,
                {"title": f"Arbetsträning {n}"},
                [],
                [],
            )
            workflow.submit(sub, author)
        db.session.commit()
    rare = sent(app, title="Språkstöd i Kungsör")
    office.get("/inbox/?q=arbetsträning", headers=HX)
    with count_queries() as counter:
        body = office.get("/inbox/?q=arbetsträning", headers=HX).get_data(True)
    assert (
        "Fler än 2 inskick" in body and len(re.findall(r'id="row-(\d+)"', body)) == 50
    )
    # one count, and it stops past the cap
    counted = [s for s in counter.statements if "count(" in s.lower()]
    assert len(counted) == 1 and "LIMIT" in counted[0].upper()
    body = office.get("/inbox/?q=språkstöd", headers=HX).get_data(True)
    assert "1 inskick" in body and f'id="row-{rare}"' in body
