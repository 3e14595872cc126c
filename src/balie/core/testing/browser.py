# SPDX-License-Identifier: EUPL-1.2
"""Headless Debian Chromium driven by Playwright, shared by every browser test.

Registered once in the root conftest, so the whole run has one Playwright session: two
sync Playwright sessions in one thread cannot coexist.
"""

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# between page actions are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PROJECT_DIR = Path(__file__).resolve().parents[4]
SCREENSHOTS = PROJECT_DIR / "build" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# Every page loads without outside requests; a hung navigation must fail fast, not hang CI.
TIMEOUT_MS = 15_000


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def new_page(browser, *, javascript: bool = True, locale: str = "en-GB"):  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=javascript, locale=locale, viewport=DESKTOP)
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


def check_accessibility(page, label: str) -> None:  # type: ignore[no-untyped-def]
    """Run axe-core's WCAG 2.1 A and AA rules on the page; any violation fails the test."""
    # Evaluated rather than added as a <script>: the page's CSP (rightly) refuses inline ones.
    # Once per document: the same page checked at several widths keeps axe loaded.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(f"() => {{ {AXE_SOURCE}\n }}")
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    violations = [
        f"{v['id']} ({v['impact']}): {v['help']} → "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in v["nodes"][:5])
        for v in result["violations"]
    ]
    assert not violations, f"axe on {label} ({page.url}):\n" + "\n".join(violations)


def save_screenshots(page, folder: str, name: str) -> None:  # type: ignore[no-untyped-def]
    """Each step at phone and desktop width, for people to look at (not committed)."""
    target = SCREENSHOTS / folder
    target.mkdir(parents=True, exist_ok=True)
    for size_name, size in (("phone", PHONE), ("desktop", DESKTOP)):
        page.set_viewport_size(size)
        page.screenshot(path=str(target / f"{name}-{size_name}.png"), full_page=True)
    page.set_viewport_size(DESKTOP)
