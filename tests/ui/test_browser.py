"""The UI in a real browser: renders offline, Step, model change, race, independent sessions.

Screenshots for docs/ui.md: `ORGSIM_UPDATE_SCREENSHOTS=1 uv run pytest tests/ui` writes them to
docs/img/ui-*.png (otherwise to a temporary folder).
"""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def clock(page) -> str:
    return page.inner_text(".orgsim-clock")


def choose(page, select_class: str, option: str) -> None:
    page.click(f".{select_class} .v-select__slot")
    page.click(f".menuable__content__active .v-list-item:has-text('{option}')")


def test_page_renders_offline_with_graph_and_charts(open_page):
    page = open_page()
    assert page.get_by_text("Loading app").count() == 0
    assert clock(page) == "Day 1, Mon 00:00"
    page.wait_for_selector(".orgsim-chart svg")
    assert page.locator(".orgsim-graph").count() == 1
    assert page.locator(".orgsim-chart svg").count() == 5
    assert page.locator(".orgsim-keyfigures").count() == 1
    assert page.locator("img").count() == 0  # the browser draws the pictures, no PNGs
    assert page.get_by_role("button", name="Play").count() == 1


def test_step_advances_the_clock(open_page, screenshots):
    page = open_page()
    page.click(".orgsim-step")
    page.wait_for_function("document.querySelector('.orgsim-clock').innerText.endsWith('01:00')")
    for _ in range(8):
        page.click(".orgsim-step")
    page.wait_for_function("document.querySelector('.orgsim-clock').innerText.endsWith('09:00')")
    page.wait_for_timeout(500)  # let the pictures of the latest step arrive
    page.set_viewport_size({"width": 1600, "height": 1340})
    page.wait_for_timeout(300)
    page.screenshot(path=str(screenshots / "ui-single.png"))


def test_png_export_is_drawn_on_demand(open_page, tmp_path):
    page = open_page()
    page.click(".orgsim-step")
    page.wait_for_function("document.querySelector('.orgsim-clock').innerText.endsWith('01:00')")
    for label in ("Charts PNG", "Graph PNG"):
        with page.expect_download(timeout=30_000) as download:
            page.get_by_role("button", name=label).click()
        path = tmp_path / download.value.suggested_filename
        download.value.save_as(path)
        assert path.read_bytes().startswith(b"\x89PNG")


def test_model_change_takes_effect(open_page):
    page = open_page()
    page.click(".orgsim-step")
    page.wait_for_function("document.querySelector('.orgsim-clock').innerText.endsWith('01:00')")
    choose(page, "orgsim-model", "central_team")
    page.wait_for_selector(".orgsim-panel-title:has-text('central team')")
    assert clock(page) == "Day 1, Mon 00:00"  # a new model starts at minute 0
    assert page.locator(".orgsim-panel-title").all_inner_texts() == ["central team"]


def test_race_shows_two_panels_and_survives_a_crisis(open_page, screenshots):
    page = open_page()
    choose(page, "orgsim-rival", "crowd_of_experts")
    page.wait_for_function("document.querySelectorAll('.orgsim-graph-overlay svg').length == 2")
    assert page.locator(".orgsim-panel-title").all_inner_texts() == ["marketing silo", "crowd of experts"]
    page.click(".orgsim-crisis")
    page.click(".orgsim-play")  # 6 simulated hours per second: into Monday's office hours
    page.wait_for_function(
        "document.querySelector('.orgsim-clock').innerText > 'Day 1, Mon 16:00'", timeout=20_000
    )
    page.click(".orgsim-play")  # pause
    page.wait_for_function("document.querySelectorAll('.orgsim-keyfigures').length == 2")
    page.wait_for_timeout(1500)
    page.set_viewport_size({"width": 1600, "height": 1950})
    page.wait_for_timeout(500)
    page.screenshot(path=str(screenshots / "ui-race.png"))


def test_two_sessions_are_independent(open_page):
    first, second = open_page(), open_page()
    first.click(".orgsim-step")
    first.click(".orgsim-step")
    first.wait_for_function("document.querySelector('.orgsim-clock').innerText.endsWith('02:00')")
    second.wait_for_timeout(300)
    assert clock(second) == "Day 1, Mon 00:00"
    second.click(".orgsim-step")
    second.wait_for_function("document.querySelector('.orgsim-clock').innerText.endsWith('01:00')")
    assert clock(first) == "Day 1, Mon 02:00"
