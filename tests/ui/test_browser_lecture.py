"""The UI as a teacher uses it, in a real browser: fair race, crisis, projector, keys, what-ifs."""

from __future__ import annotations

import re

import pytest

from tests.ui.test_browser import choose, clock, wait_clock

pytestmark = pytest.mark.browser


def race_against(page, *friendly: str) -> None:
    page.click(".orgsim-rival .v-select__slot")
    for name in friendly:
        page.click(f".menuable__content__active .v-list-item:has-text('{name}')")
    page.keyboard.press("Escape")
    page.wait_for_function(
        f"document.querySelectorAll('.orgsim-graph-overlay svg').length == {len(friendly) + 1}"
    )


def chart_axes(page, kind: str) -> list[str]:
    return page.eval_on_selector_all(
        f".orgsim-chart-{kind} svg desc", "nodes => nodes.map(n => n.textContent)"
    )


def test_race_shares_axes_and_says_who_wins(open_page, screenshots):
    page = open_page()
    race_against(page, "Crowd of experts")
    assert page.locator(".orgsim-panel-title").all_inner_texts() == ["Marketing silo", "Crowd of experts"]
    page.click(".orgsim-step-day")
    page.click(".orgsim-crisis")
    page.wait_for_selector(".orgsim-banner-crisis")
    assert re.fullmatch(
        r"CRISIS: \w+ x\d+ until Day 2, Tue \d\d:00", page.inner_text(".orgsim-banner-crisis")
    )
    page.click(".orgsim-step")
    page.click(".orgsim-step")
    wait_clock(page, "Tue 02:00")
    page.wait_for_timeout(500)
    for kind in ("backlog", "response", "middlemen", "answered"):
        axes = chart_axes(page, kind)
        assert len(axes) == 2 and axes[0] == axes[1], kind
    difference = page.inner_text(".orgsim-difference")
    assert re.match(r"Crowd of experts answers (\d+ pp (more|fewer)|as many) in time", difference)
    assert page.locator(".orgsim-chart-backlog .orgsim-band-crisis").count() == 2  # one per model
    assert page.locator(".orgsim-chart-backlog .orgsim-marker-crisis").count() == 2
    assert page.locator(".orgsim-chart-backlog .orgsim-band-off-hours").count() >= 2
    assert page.locator(".orgsim-explainer").count() == 2
    page.screenshot(path=str(screenshots / "ui-race.png"), full_page=True)


def test_all_eight_as_small_multiples_on_one_axis(open_page):
    page = open_page()
    page.click(".orgsim-all label")
    page.wait_for_function("document.querySelectorAll('.orgsim-multiple').length == 8", timeout=30_000)
    page.click(".orgsim-step-day")
    wait_clock(page, "Tue 00:00")
    page.wait_for_timeout(500)
    axes = chart_axes(page, "backlog")
    assert len(axes) == 8 and len(set(axes)) == 1


@pytest.mark.parametrize(
    ("width", "height", "rival"),
    [(1280, 720, ""), (1024, 768, "Crowd of experts")],  # the larger screen alone, the smaller in a race
)
def test_projector_shows_everything_without_scrolling(open_page, screenshots, width, height, rival):
    page = open_page()
    page.set_viewport_size({"width": width, "height": height})
    if rival:
        race_against(page, rival)
    page.click(".orgsim-projector")
    page.wait_for_selector(".orgsim-settings", state="hidden")
    page.click(".orgsim-step-day")
    wait_clock(page, "Tue 00:00")
    page.click(".orgsim-crisis")
    page.click(".orgsim-step-day")
    wait_clock(page, "Wed 00:00")
    page.wait_for_timeout(600)
    for selector in (".orgsim-clock", ".orgsim-play", ".orgsim-step", ".orgsim-crisis", ".orgsim-graph"):
        box = page.locator(selector).first.bounding_box()
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= height, selector
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, selector
    for chart in page.locator(".orgsim-chart-backlog svg").all():
        box = chart.bounding_box()
        assert box["y"] + box["height"] <= height and box["x"] + box["width"] <= width
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    smallest = page.evaluate(
        """() => Math.min(...[...document.querySelectorAll('.orgsim-chart svg text')].map(
            t => parseFloat(t.getAttribute('font-size')) * Math.hypot(t.getCTM().a, t.getCTM().b)))"""
    )
    assert smallest >= 18
    name = f"ui-projector-{width}x{height}{'-race' if rival else ''}.png"
    page.screenshot(path=str(screenshots / name))


def test_run_bar_stays_in_view_when_scrolling(open_page):
    page = open_page()
    page.set_viewport_size({"width": 1280, "height": 720})
    page.wait_for_timeout(300)
    before = page.locator(".orgsim-chart-flow svg").bounding_box()["y"]
    page.mouse.move(700, 400)
    page.mouse.wheel(0, 1500)
    page.wait_for_timeout(500)
    assert page.locator(".orgsim-chart-flow svg").bounding_box()["y"] < before - 500  # the page scrolled
    box = page.locator(".orgsim-play").bounding_box()
    assert 0 <= box["y"] < 100


def test_keyboard_shortcuts(open_page):
    page = open_page()
    page.keyboard.press("ArrowRight")
    wait_clock(page, "01:00")
    page.keyboard.press("d")
    wait_clock(page, "Tue 01:00")
    page.keyboard.press(" ")
    page.wait_for_selector(".orgsim-play:has-text('Pause')")
    page.wait_for_function("document.querySelector('.orgsim-clock').innerText > 'Day 2, Tue 02:00'")
    page.keyboard.press(" ")
    page.wait_for_selector(".orgsim-play:has-text('Play')")
    page.wait_for_timeout(400)  # a frame already on its way may still arrive
    paused = clock(page)
    page.wait_for_timeout(600)
    assert clock(page) == paused
    page.keyboard.press("p")
    page.wait_for_selector(".orgsim-settings", state="hidden")


def test_live_what_if_keeps_the_run_and_a_rebuild_asks_first(open_page):
    page = open_page()
    page.click(".orgsim-step-day")
    wait_clock(page, "Tue 00:00")
    page.focus(".orgsim-slider-per_day [role=slider]")
    page.keyboard.press("ArrowRight")
    page.wait_for_selector(".orgsim-banner-change")
    assert "inquiries/day" in page.inner_text(".orgsim-banner-change")
    assert clock(page) == "Day 2, Tue 00:00"  # not restarted
    page.wait_for_timeout(300)
    assert page.locator(".orgsim-chart-backlog .orgsim-marker-change").count() == 1
    choose(page, "orgsim-model", "Central team")
    page.wait_for_selector(".orgsim-confirm")
    page.click(".orgsim-confirm-keep")
    page.wait_for_selector(".orgsim-confirm", state="detached")
    assert clock(page) == "Day 2, Tue 00:00"
    assert page.locator(".orgsim-panel-title").all_inner_texts() == ["Marketing silo"]
    choose(page, "orgsim-model", "Central team")
    page.click(".orgsim-confirm-restart")
    page.wait_for_selector(".orgsim-panel-title:has-text('Central team')")
    assert clock(page) == "Day 1, Mon 00:00"


def test_follow_one_inquiry_through_both_organisations(open_page, screenshots):
    page = open_page()
    race_against(page, "Crowd of experts")
    page.click(".orgsim-step-day")
    wait_clock(page, "Tue 00:00")
    page.click(".orgsim-follow-newest")
    page.wait_for_function("document.querySelectorAll('.orgsim-story').length == 2")
    first, second = page.locator(".orgsim-story").all_inner_texts()
    assert first.startswith("Marketing silo") and second.startswith("Crowd of experts")
    assert "arrives, topic" in first and "arrives, topic" in second
    page.click(".orgsim-step-day")  # the story goes on with the clock
    wait_clock(page, "Wed 00:00")
    page.wait_for_function("document.querySelector('.orgsim-story').innerText.includes('noticed by')")
    assert page.locator(".orgsim-graph-overlay .orgsim-followed").count() >= 1
    page.screenshot(path=str(screenshots / "ui-follow.png"))


def test_classic_networks_race_with_what_the_experiments_found(open_page, screenshots):
    page = open_page()
    choose(page, "orgsim-preset", "Classic networks")
    page.wait_for_function(
        "document.querySelectorAll('.orgsim-graph-overlay svg').length == 4", timeout=30_000
    )
    titles = page.locator(".orgsim-panel-title").all_inner_texts()
    assert titles == ["Wheel", "Chain", "Circle", "All-channel"]
    assert page.locator(".orgsim-model").count() == 0  # one way of working: no models to choose
    explained = page.inner_text(".orgsim-explainers")
    assert "The classic experiments: Centralised networks (the wheel) need the fewest messages" in explained
    assert "[F-bavelas]" in explained
    page.click(".orgsim-step-day")
    page.click(".orgsim-step-day")
    wait_clock(page, "Wed 00:00")
    page.wait_for_function(
        "[...document.querySelectorAll('.orgsim-chart-backlog desc')].every(d => d.textContent.startsWith('x 0 2 '))"
    )
    assert len(set(chart_axes(page, "backlog"))) == 1  # one axis for the four structures
    assert "hand-offs per inquiry" in page.inner_text(".orgsim-difference")
    page.wait_for_timeout(500)
    page.screenshot(path=str(screenshots / "ui-classics.png"))


def test_click_a_busy_person_to_follow_their_inquiry(open_page):
    page = open_page()
    page.click(".orgsim-step-day")
    page.click(".orgsim-step")
    page.click(".orgsim-step")
    page.click(".orgsim-step")
    page.click(".orgsim-step")  # Tuesday 04:00: work queued from the night
    wait_clock(page, "Tue 04:00")
    page.wait_for_selector(".orgsim-graph-overlay circle")
    busy = page.locator(".orgsim-graph-overlay circle").first.bounding_box()
    page.mouse.click(busy["x"] + busy["width"] / 2, busy["y"] + busy["height"] / 2)
    page.wait_for_selector(".orgsim-story")
    assert "arrives, topic" in page.inner_text(".orgsim-story")
    assert page.locator(".orgsim-graph-overlay .orgsim-followed").count() >= 1
