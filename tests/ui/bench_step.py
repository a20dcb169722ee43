"""Measure the UI in a real browser: time to a usable page and the Step round-trip.

Not a test (pytest does not collect it). Run::

    uv run python -m tests.ui.bench_step            # 200 and 2,000 employees
    uv run python -m tests.ui.bench_step --scale 10 # only the 2,000
    uv run python -m tests.ui.bench_step --busy     # inquiries per day scaled too, after Crisis!

For each size it starts the server on a free port with the default scenario (department
sizes multiplied by the scale), opens the page in headless Chromium and reports

- *usable*: from ``page.goto`` until the clock, an enabled Step button and the graph are shown;
- *step*: from the click on Step until the clock text changes (measured inside the page with
  a ``MutationObserver``), median of 10 clicks, each after the page has settled;
- *settled*: from the click until the last DOM change of that step (pictures included).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from simulation.scenario.loading import default_scenario_path
from simulation.ui.server import free_port, start_server, stop_server, wait_until_ready
from tests.ui.conftest import CHROMIUM, CHROMIUM_ARGS

READY = ".orgsim-clock"
GRAPH = ".orgsim-graph-background svg"

# Click Step, resolve with [ms until the clock text changed, ms until the last DOM change],
# where "last" means no further change for QUIET ms.
STEP_JS = """
async (quiet) => {
  const clock = () => document.querySelector('.orgsim-clock').innerText;
  const before = clock();
  return await new Promise((resolve) => {
    let changed = null, last = null, timer = null;
    const t0 = performance.now();
    const finish = () => { observer.disconnect(); resolve([changed, last]); };
    const observer = new MutationObserver(() => {
      const now = performance.now() - t0;
      last = now;
      if (changed === null && clock() !== before) changed = now;
      clearTimeout(timer);
      timer = setTimeout(() => { if (changed !== null) finish(); }, quiet);
    });
    observer.observe(document.body, {subtree: true, childList: true, characterData: true, attributes: true});
    document.querySelector('.orgsim-step').click();
    setTimeout(finish, 15000);
  });
}
"""


def scaled_scenario(scale: int, folder: Path, busy: bool = False) -> Path:
    """The default scenario with every department ``scale`` times as large.

    ``busy``: inquiries per day scaled too (the same load per person).
    """
    text = default_scenario_path().read_text()
    lines = []
    for line in text.splitlines():
        if busy and line.startswith("per_day ="):
            number = float(line.split("=")[1].split("#")[0])
            line = f"per_day = {number * scale:g}"
        if line.strip().startswith("{ name =") and "size =" in line:
            head, tail = line.split("size =", 1)
            number, rest = tail.split(",", 1)
            line = f"{head}size = {int(number) * scale},{rest}"
        lines.append(line)
    path = folder / f"default_x{scale}.toml"
    path.write_text("\n".join(lines) + "\n")
    return path


def measure(browser, url: str, clicks: int, crisis: bool = False) -> dict[str, object]:
    """Open the page in a fresh context, then click Step ``clicks`` times (after Crisis! if ``crisis``)."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    try:
        page = context.new_page()
        start = time.perf_counter()
        page.goto(url)
        page.wait_for_selector(READY, timeout=120_000)
        page.wait_for_selector(f"{GRAPH}", timeout=120_000)
        page.wait_for_selector(".orgsim-step:not([disabled])", timeout=120_000)
        usable = time.perf_counter() - start
        page.wait_for_timeout(1000)
        if crisis:
            page.click(".orgsim-crisis")
            page.wait_for_timeout(500)
        steps, settled = [], []
        for _ in range(clicks):
            changed, last = page.evaluate(STEP_JS, 300)
            steps.append(changed)
            settled.append(last)
        return {"usable_s": usable, "step_ms": steps, "settled_ms": settled, "clock": page.inner_text(READY)}
    finally:
        context.close()


def run(scale: int, clicks: int, browser, busy: bool = False) -> dict[str, object]:
    """Serve the scaled scenario and measure it (the first page load warms the server up)."""
    with tempfile.TemporaryDirectory() as folder:
        scenario = scaled_scenario(scale, Path(folder), busy)
        port = free_port()
        process = start_server("127.0.0.1", port, scenario=scenario, quiet=True)
        try:
            url = f"http://127.0.0.1:{port}/"
            wait_until_ready(url, process)
            warm = measure(browser, url, 1)
            result = measure(browser, url, clicks, crisis=busy)
            result["first_usable_s"] = warm["usable_s"]
            return result
        finally:
            stop_server(process)


def main() -> None:
    """Measure the sizes given on the command line and print a summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, action="append", help="department size factor (1 = 200)")
    parser.add_argument("--clicks", type=int, default=10)
    parser.add_argument(
        "--busy", action="store_true", help="inquiries per day scaled as well, and a crisis before the clicks"
    )
    arguments = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for scale in arguments.scale or [1, 10]:
                result = run(scale, arguments.clicks, browser, arguments.busy)
                steps = [s for s in result["step_ms"] if s is not None]
                settled = [s for s in result["settled_ms"] if s is not None]
                print(
                    f"x{scale}{' busy' if arguments.busy else ''}: first page usable {result['first_usable_s']:.2f} s, "
                    f"second {result['usable_s']:.2f} s; "
                    f"step median {statistics.median(steps):.0f} ms "
                    f"(min {min(steps):.0f}, max {max(steps):.0f}); "
                    f"settled median {statistics.median(settled):.0f} ms; "
                    f"missed {len(result['step_ms']) - len(steps)}; clock {result['clock']}",
                    flush=True,
                )
                print("   step ms:", [round(s) if s is not None else None for s in result["step_ms"]])
        finally:
            browser.close()


if __name__ == "__main__":
    main()
