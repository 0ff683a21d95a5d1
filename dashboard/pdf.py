"""The report as PDF, printed by the machine's own chromium through playwright (never a
downloaded browser). Pagination is the page's print CSS: A4 landscape, page numbers in the
page margin, each section on a new page, table rows never split."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from playwright.sync_api import Page, Playwright


class PdfPrinter(Protocol):
    def __call__(self, html_path: Path, pdf_path: Path) -> Path: ...


def find_chromium(configured: str | None = None) -> str | None:
    """The configured browser (CPR_CHROMIUM), else chromium on the PATH; None when neither."""
    return configured or shutil.which("chromium")


@contextmanager
def pdf_printer(chromium: str) -> Iterator[PdfPrinter]:
    """One headless browser for many reports: each call queues an HTML file to print to a PDF
    and returns the PDF's path at once. The browser starts and prints in a thread of its own
    (playwright's calls all stay in that one thread), so the report's other files are written
    meanwhile; leaving the context waits for every PDF and raises the first printing error."""
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pdf") as thread:
        started = thread.submit(_start, chromium)
        printed: list[Future[Path]] = []

        def print_pdf(html_path: Path, pdf_path: Path) -> Path:
            printed.append(thread.submit(_print, started, html_path, pdf_path))
            return pdf_path

        try:
            yield print_pdf
            for job in printed:
                job.result()
        finally:
            thread.submit(_stop, started).result()


def _start(chromium: str) -> tuple[Playwright, Page]:
    from playwright.sync_api import sync_playwright  # heavy; only the report needs it

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page()
    except Exception:
        playwright.stop()
        raise
    # The report is self-contained: any request leaving the file is refused.
    page.route(
        "**/*",
        lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort(),
    )
    return playwright, page


def _print(started: Future[tuple[Playwright, Page]], html_path: Path, pdf_path: Path) -> Path:
    page = started.result()[1]
    page.goto(html_path.resolve().as_uri(), wait_until="load")
    page.pdf(path=str(pdf_path), prefer_css_page_size=True, print_background=True)
    return pdf_path


def _stop(started: Future[tuple[Playwright, Page]]) -> None:
    if started.exception() is None:
        playwright, page = started.result()
        page.context.browser.close()
        playwright.stop()
