"""Headless Debian chromium for the tests that look at a page as a reader would.

Playwright drives the machine's own chromium (it never downloads a browser). Without chromium
these tests skip, saying why; CI installs it and sets ``CPR_REQUIRE_BROWSER=1`` so that there a
missing browser fails instead of skipping.
"""

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Page, sync_playwright

CHROMIUM = os.environ.get("CPR_CHROMIUM") or shutil.which("chromium")


def require_chromium() -> str:
    if CHROMIUM:
        return CHROMIUM
    if os.environ.get("CPR_REQUIRE_BROWSER") == "1":
        pytest.fail("chromium is required here (CPR_REQUIRE_BROWSER=1) but was not found")
    pytest.skip("no chromium on this machine (apt-get install chromium)")


@dataclass
class WatchedPage:
    """A page with what it said and asked for while loading."""

    page: Page
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)

    def network_requests(self) -> list[str]:
        """Requests that left the machine's files: what a self-contained report must not make."""
        return [url for url in self.requests if not url.startswith(("file:", "data:", "about:"))]


@contextmanager
def watched_page(width: int = 1400, height: int = 1000) -> Iterator[WatchedPage]:
    """A fresh headless page recording console errors, page errors and every request."""
    executable = require_chromium()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            watched = WatchedPage(page)
            page.on(
                "console",
                lambda m: watched.console_errors.append(m.text) if m.type == "error" else None,
            )
            page.on("pageerror", lambda e: watched.console_errors.append(str(e)))
            page.on("request", lambda r: watched.requests.append(r.url))
            yield watched
        finally:
            browser.close()
