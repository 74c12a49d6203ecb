"""The console's screens and the links between them.

The router (`app/main.py`) registers these files; pages link to each other through the helpers here,
so a deep link (`ingest?run=12`, `catalog?gtin=...`, `quality?rule=Q20`, `coverage?language=ger`) is
spelled in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlencode

import streamlit as st

from app.components.format import escape_md
from app.state import services
from core.errors import ConsoleError, InvalidInput

T = TypeVar("T")

PAGES_DIR = Path(__file__).resolve().parents[1] / "pages"
OVERVIEW = PAGES_DIR / "overview.py"
CATALOG = PAGES_DIR / "catalog.py"
INGEST = PAGES_DIR / "ingest.py"
QUALITY = PAGES_DIR / "quality.py"
COVERAGE = PAGES_DIR / "coverage.py"
REVIEW = PAGES_DIR / "review.py"
EXPORTS = PAGES_DIR / "exports.py"

OVERVIEW_PATH = "overview"
CATALOG_PATH = "catalog"
CATALOGUE_PATH = "catalogue"
INGEST_PATH = "ingest"
QUALITY_PATH = "quality"
COVERAGE_PATH = "coverage"
REVIEW_PATH = "review"
EXPORTS_PATH = "exports"
PATHS = (
    OVERVIEW_PATH,
    CATALOGUE_PATH,
    CATALOG_PATH,
    INGEST_PATH,
    REVIEW_PATH,
    QUALITY_PATH,
    COVERAGE_PATH,
    EXPORTS_PATH,
)

QUALITY_FILTERS = ("rule", "severity", "publisher", "status", "gtin")
"""The Quality screen's filters, each its own query parameter (`quality?rule=Q20&status=open`)."""


def selected_id(param: str) -> int | None:
    """The id a deep link names in `param` (`ingest?run=12`): None when absent, -1 when not a number (the
    page then says the link is broken rather than failing)."""
    raw = st.query_params.get(param)
    if raw is None:
        return None
    try:
        return int(raw)
    except ValueError:
        return -1


def opened(param: str, item_id: int, load: Callable[[int], T]) -> T | None:
    """The item a deep link names (`run`, `finding`, `conversion`...), loaded by `load`; a link whose id is
    not a number or names nothing says so on the page and gives None."""
    try:
        if item_id < 0:
            raise InvalidInput(f"{st.query_params.get(param)!r} is not a {param} number")
        return load(item_id)
    except ConsoleError as e:
        st.warning(f"**{escape_md(e.title)}**: {escape_md(e.detail)}", icon=":material/search_off:")
        return None


def run_link(run_id: int, label: str | None = None, *, icon: str = ":material/input:") -> None:
    """A link to one ingest run on the Ingest screen."""
    st.page_link(INGEST, label=label or f"Open run {run_id}", icon=icon, query_params={"run": str(run_id)})


def product_link(gtin: str, label: str | None = None, *, icon: str = ":material/library_books:") -> None:
    """A link to one product in the Catalogue."""
    st.page_link(
        CATALOG, label=label or f"Open {gtin} in the Catalogue", icon=icon, query_params={"gtin": gtin}
    )


def _params(**params: object) -> dict[str, str | list[str]]:
    """Query parameters without the empty ones; a list or tuple repeats its parameter."""
    out: dict[str, str | list[str]] = {}
    for name, value in params.items():
        if value is None or (isinstance(value, str | list | tuple) and len(value) == 0):
            continue
        out[name] = [str(v) for v in value] if isinstance(value, list | tuple) else str(value)
    return out


def overview_link(label: str = "Overview", *, icon: str = ":material/dashboard:") -> None:
    st.page_link(OVERVIEW, label=label, icon=icon)


def catalog_link(label: str, *, status: str | None = None, icon: str = ":material/library_books:") -> None:
    """The Catalogue's search, optionally showing only `status` products (`pending`: new, not approved yet)."""
    st.page_link(CATALOG, label=label, icon=icon, query_params=_params(status=status))


def ingest_link(label: str = "Open Ingest", *, icon: str = ":material/input:") -> None:
    st.page_link(INGEST, label=label, icon=icon)


def quality_link(
    label: str,
    *,
    rule: str | None = None,
    severity: str | None = None,
    publisher: str | None = None,
    status: str | None = None,
    gtin: str | None = None,
    icon: str = ":material/rule:",
    help: str | None = None,
) -> None:
    """The Quality screen's findings, filtered (`quality?rule=Q20`, `quality?gtin=...&status=open`)."""
    st.page_link(
        QUALITY,
        label=label,
        icon=icon,
        help=help,
        query_params=_params(rule=rule, severity=severity, publisher=publisher, status=status, gtin=gtin),
    )


def finding_link(finding_id: int, label: str | None = None, *, icon: str = ":material/rule:") -> None:
    """One finding on the Quality screen (`quality?finding=123`)."""
    st.page_link(
        QUALITY, label=label or f"Open finding {finding_id}", icon=icon, query_params={"finding": str(finding_id)}
    )


def rules_link(label: str = "The rule catalogue", *, icon: str = ":material/menu_book:") -> None:
    st.page_link(QUALITY, label=label, icon=icon, query_params={"tab": "Rules"})


def review_link(
    label: str = "Open the review queue", *, icon: str = ":material/fact_check:", **filters: object
) -> None:
    """The Review screen's queue, filtered (`review?run=12&status=pending`, `review?flag=price_drop`)."""
    st.page_link(REVIEW, label=label, icon=icon, query_params=_params(**filters))


def coverage_link(label: str = "Coverage", *, icon: str = ":material/public:", **filters: object) -> None:
    """The Coverage screen, filtered (`coverage?language=ger&market=AT&genre=thema:FH`)."""
    st.page_link(COVERAGE, label=label, icon=icon, query_params=_params(**filters))


def base_url() -> str:
    """The console's address: the configured public URL, else the one the browser used, else localhost."""
    cfg = services().cfg
    if cfg.public_url:
        return cfg.public_url.rstrip("/")
    try:
        here = st.context.url
    except Exception:  # no browser behind this run (tests, bare mode)
        here = None
    if here:
        here = here.rstrip("/")
        for path in PATHS:
            if here.endswith("/" + path):
                return here[: -len(path) - 1]
        return here
    return cfg.console_url.rstrip("/")


def share_url(path: str, **params: object) -> str:
    """The address of a screen with its parameters, as the user can paste it into a ticket."""
    query = urlencode(_params(**params), doseq=True)
    return f"{base_url()}/{path}" + (f"?{query}" if query else "")
