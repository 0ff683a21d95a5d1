"""The report as PDF, printed by the machine's own chromium through playwright (never a
downloaded browser). Pagination is the page's print CSS: A4 landscape, page numbers in the
page margin, each section on a new page, table rows never split."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Protocol


class PdfPrinter(Protocol):
    def __call__(self, html_path: Path, pdf_path: Path) -> Path: ...


def find_chromium() -> str | None:
    """CPR_CHROMIUM, else chromium on the PATH; None when neither is there."""
    return os.environ.get("CPR_CHROMIUM") or shutil.which("chromium")


@contextmanager
def pdf_printer(chromium: str) -> Iterator[PdfPrinter]:
    """One headless browser for many reports: each call prints an HTML file to a PDF."""
    from playwright.sync_api import sync_playwright  # heavy; only the report needs it

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            # The report is self-contained: any request leaving the file is refused.
            page.route(
                "**/*",
                lambda route: (
                    route.continue_() if route.request.url.startswith("file:") else route.abort()
                ),
            )

            def print_pdf(html_path: Path, pdf_path: Path) -> Path:
                page.goto(html_path.resolve().as_uri(), wait_until="load")
                page.pdf(path=str(pdf_path), prefer_css_page_size=True, print_background=True)
                return pdf_path

            yield print_pdf
        finally:
            browser.close()
