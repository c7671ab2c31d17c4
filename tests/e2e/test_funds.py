"""The office keeps the residents grid: a bad cell is refused, a good one saved."""

from __future__ import annotations

from models.base import local_today
from tests.e2e.conftest import sign_in


def test_the_office_corrects_a_cell_of_the_residents_grid(page, axe):
    year = local_today().year
    sign_in(page, "kansli@samnod.test")
    page.goto("/funds/")
    axe(page)
    page.get_by_role("link", name="Invånare 16–64 år").click()
    axe(page)
    cell = page.get_by_label(f"Köpings kommun {year}")
    assert cell.input_value() == "15244"  # the demo's SCB figure
    cell.fill("-1")
    page.get_by_label(f"Sala kommun {year}").fill("13 100")
    page.get_by_role("button", name="Spara de ändrade rutorna").click()
    page.locator(".error", has_text="kan inte vara negativt").wait_for()
    assert page.get_by_label(f"Sala kommun {year}").input_value() == "13 100"
    axe(page)
    page.get_by_label(f"Köpings kommun {year}").fill("15 300")
    page.get_by_role("button", name="Spara de ändrade rutorna").click()
    page.locator("#flashes", has_text="2 rutor sparade").wait_for()
    assert page.get_by_label(f"Sala kommun {year}").input_value() == "13100"
    assert f"Köpings kommun {year}: 15 244 → 15 300" in page.locator(
        ".history"
    ).inner_text().replace("\u00a0", " ")
    axe(page)
