"""What a councillor reads of a page, and what it must not hold: 903 codes, model names and
acronyms not spelled out before their first use (the 2018 committee asked for none)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

#: Acronyms a councillor may meet, each to be spelled out before its first use.
ACRONYMS = {
    "UASC": "unaccompanied asylum-seeking",
    "IHA": "initial health assessment",
    "CSE": "child sexual exploitation",
    "CCE": "child criminal exploitation",
    "NEET": "not in education, employment or training",
    "EET": "education, employment or training",
    "PEP": "personal education plan",
    "FTE": "full-time equivalent",
    "RHI": "return home interview",
    "ONS": "office for national statistics",
    "DfE": "department for education",
    "LA": "local authority",
    "SW": "social worker",
    "QSW": "qualified social worker",
    "RAG": "red, amber, green",
}
#: 903 codes and field names (DECOM, RNE S, V3/V4, U1-U6, MIS_START...) and model names.
CODE_PATTERNS = [
    r"\b(DECOM|DEC|RNE|REC|DUC|LS|PLACE|ACCOM|ACTIV|IN_TOUCH|MISSING|SEEN|DENTAL|RISK_TYPE)\b",
    r"\b[A-Z]{1,2}\d{1,2}\b",  # V3, U1, E11, K2, A3, J1, G4, X1
    r"\b[A-Z]+_[A-Z_]+\b",  # MIS_START, RHI_OFFERED, SCHOOL_URN, STAFF_FTE
    r"\b[a-z0-9]+_[a-z0-9_]+\b",  # a catalogue id or model: cla_count, drill_population
    r"\.sql\b",
]


#: Elements whose words a reader does not see on the page: the style sheet, hover titles, and
#: the analyst's collapsed lists (details: not printed, closed on screen).
HIDDEN = ("style", "title", "details")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._hidden += tag in HIDDEN

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in HIDDEN and self._hidden > 0

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def visible(page: str) -> str:
    """The page's words as a reader sees them, one space between."""
    parser = _Text()
    parser.feed(page)
    return re.sub(r"\s+", " ", " ".join(parser.parts))


def codes(page: str) -> list[str]:
    """Every 903 code, field name, catalogue id or model name the page shows."""
    text = visible(page)
    return [found for pattern in CODE_PATTERNS for found in re.findall(pattern, text)]


def unexplained(page: str) -> list[str]:
    """The acronyms the page uses before spelling them out."""
    text = visible(page)
    return [
        acronym
        for acronym, words in ACRONYMS.items()
        if (first := re.search(rf"\b{acronym}\b", text))
        and words not in text[: first.start()].lower()
    ]
