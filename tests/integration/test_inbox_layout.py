"""The inbox's default view and folded filter bar (issue 13, item 6)."""

from __future__ import annotations

from tests.conftest import HX
from tests.integration.conftest import post_status, sent


def test_the_inbox_opens_on_what_needs_handling(app, office):
    waiting = sent(app, title="Väntar på beslut")
    done = sent(app, title="Redan accepterad")
    assert post_status(office, done, "accepted").status_code == 200
    body = office.get("/inbox/").get_data(as_text=True)
    assert f'id="row-{waiting}"' in body and f'id="row-{done}"' not in body
    assert '<option selected value="open">' in body
    # "Everything" is one click away, and is remembered as chosen.
    assert f'id="row-{done}"' in office.get("/inbox/?clear=1").get_data(as_text=True)
    assert f'id="row-{done}"' in office.get("/inbox/").get_data(as_text=True)


def test_a_chosen_filter_is_still_remembered_over_the_default(app, office):
    office.get("/inbox/?status=accepted&node=koping")
    response = office.get("/inbox/")
    assert response.status_code == 303
    assert "status=accepted" in response.headers["Location"]


def test_the_folded_filters_say_how_many_are_in_use(app, office):
    body = office.get("/inbox/?funding=yes&since=2026-01-01&q=x&node=koping")
    folded = body.get_data(as_text=True).split('class="more-filters"')[1]
    folded = folded.split("</details>")[0]
    assert "Fler filter (2 aktiva)" in folded  # the node and search are in the bar
    assert 'id="funding"' in folded and 'id="q"' not in folded
    assert 'id="node"' not in folded
    assert "Fler filter (0 aktiva)" in office.get("/inbox/?clear=1").get_data(
        as_text=True
    )


def test_the_count_of_folded_filters_follows_the_list(app, office):
    fragment = office.get("/inbox/?group=unga&funding=yes", headers=HX)
    text = fragment.get_data(as_text=True)
    assert '<summary id="more-filters" hx-swap-oob="true">' in text
    assert "Fler filter (2 aktiva)" in text
    page = office.get("/inbox/?group=unga").get_data(as_text=True)
    assert "hx-swap-oob" not in page.split('id="more-filters"')[1].split(">")[0]
