"""Fixtures for the UI tests: one Solara server and one headless Chromium for the whole session.

The server runs as a subprocess on a free port of 127.0.0.1 and is stopped in ``finally``.
Browser tests are marked ``browser`` and skipped (with the reason) only when
``/usr/bin/chromium`` is absent.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from simulation.ui.server import free_port, start_server, stop_server, wait_until_ready

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
DOCS_IMAGES = Path(__file__).resolve().parents[2] / "docs" / "img"


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the browser tests save screenshots: docs/img with ORGSIM_UPDATE_SCREENSHOTS=1.

    Otherwise a temporary folder, so running the tests never changes tracked files.
    """
    if os.environ.get("ORGSIM_UPDATE_SCREENSHOTS") == "1":
        return DOCS_IMAGES
    return tmp_path_factory.mktemp("screenshots")


@pytest.fixture(scope="session")
def ui_url() -> Iterator[str]:
    """The address of a running UI server (started once, stopped at the end of the session)."""
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is absent (apt-get install -y chromium)")
    port = free_port()
    process = start_server("127.0.0.1", port, quiet=True)
    try:
        url = f"http://127.0.0.1:{port}/"
        wait_until_ready(url, process)
        yield url
    finally:
        stop_server(process)


@pytest.fixture(scope="session")
def chromium(ui_url: str):
    """Headless Chromium from Debian, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def open_page(chromium, ui_url: str):
    """``open_page()`` opens the app in a fresh browser context (a new session) and waits until usable."""
    contexts = []

    def open_one():
        context = chromium.new_context(viewport={"width": 1600, "height": 1000})
        contexts.append(context)
        page = context.new_page()
        page.goto(ui_url)
        page.wait_for_selector(".orgsim-clock", timeout=60_000)
        page.wait_for_selector(".orgsim-graph-background svg", timeout=60_000)
        return page

    try:
        yield open_one
    finally:
        for context in contexts:
            context.close()
