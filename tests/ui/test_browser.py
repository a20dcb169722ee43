"""The UI in a real browser: renders offline, Step, model change, independent sessions, exports.

The teaching features (fair race, crisis, projector sizes, shortcuts, what-ifs) are in
``test_browser_lecture.py``. Screenshots for docs/ui.md:
`ORGSIM_UPDATE_SCREENSHOTS=1 uv run pytest tests/ui` writes them to docs/img/ui-*.png
(otherwise to a temporary folder).
"""

from __future__ import annotations

import csv
import io

import pytest

pytestmark = pytest.mark.browser


def clock(page) -> str:
    return page.inner_text(".orgsim-clock")


def choose(page, select_class: str, option: str) -> None:
    page.click(f".{select_class} .v-select__slot")
    page.click(f".menuable__content__active .v-list-item:has-text('{option}')")


def wait_clock(page, ending: str) -> None:
    page.wait_for_function(f"document.querySelector('.orgsim-clock').innerText.endsWith('{ending}')")


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
    assert page.get_by_text("This website runs on").is_visible() is False  # no footer over the figures


def test_step_sizes_advance_the_clock(open_page, screenshots):
    page = open_page()
    page.click(".orgsim-step")
    wait_clock(page, "01:00")
    for _ in range(8):
        page.click(".orgsim-step")
    wait_clock(page, "09:00")
    page.click(".orgsim-step-day")
    page.wait_for_function("document.querySelector('.orgsim-clock').innerText == 'Day 2, Tue 09:00'")
    page.wait_for_timeout(500)  # let the pictures of the latest step arrive
    page.screenshot(path=str(screenshots / "ui-single.png"))
    page.click(".orgsim-step-end")
    page.wait_for_selector(".orgsim-status:has-text('Run over')", timeout=30_000)
    assert page.locator(".orgsim-crisis").is_disabled()
    assert page.locator(".orgsim-play").is_disabled()
    assert page.locator(".orgsim-step").is_disabled()


def test_exports_are_drawn_on_demand_with_names(open_page, tmp_path):
    page = open_page()
    page.click(".orgsim-step-day")
    wait_clock(page, "Tue 00:00")
    for label in ("Charts PNG", "Graph PNG", "Inquiries CSV"):
        with page.expect_download(timeout=30_000) as download:
            page.get_by_role("button", name=label).click()
        path = tmp_path / download.value.suggested_filename
        download.value.save_as(path)
        if label.endswith("PNG"):
            assert path.read_bytes().startswith(b"\x89PNG")
        else:
            rows = list(csv.DictReader(io.StringIO(path.read_text())))
            assert rows and rows[0]["model"] == "Marketing silo"
            assert rows[0]["arrival_time"].startswith("2024-01-01T")


def test_model_change_before_the_run_takes_effect_at_once(open_page):
    page = open_page()
    choose(page, "orgsim-model", "Central team")
    page.wait_for_selector(".orgsim-panel-title:has-text('Central team')")
    assert clock(page) == "Day 1, Mon 00:00"
    assert page.locator(".orgsim-panel-title").all_inner_texts() == ["Central team"]
    assert page.locator(".orgsim-explainer-title").all_inner_texts() == ["Central team"]
    assert "vorgegeben" in page.inner_text(".orgsim-quote")  # the source sentence, in German
    assert "prescribes" in page.inner_text(".orgsim-quote")  # and its gloss


def test_two_sessions_are_independent(open_page):
    first, second = open_page(), open_page()
    first.click(".orgsim-step")
    first.click(".orgsim-step")
    wait_clock(first, "02:00")
    second.wait_for_timeout(300)
    assert clock(second) == "Day 1, Mon 00:00"
    second.click(".orgsim-step")
    wait_clock(second, "01:00")
    assert clock(first) == "Day 1, Mon 02:00"
