"""The console's screens and the links between them.

The router (`app/main.py`) registers these files; pages link to each other through the helpers here,
so a deep link (`ingest?run=12`, `catalog?gtin=...`) is spelled in one place.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import streamlit as st

from app.state import services

PAGES_DIR = Path(__file__).resolve().parents[1] / "pages"
CATALOG = PAGES_DIR / "catalog.py"
INGEST = PAGES_DIR / "ingest.py"

CATALOG_PATH = "catalog"
INGEST_PATH = "ingest"


def run_link(run_id: int, label: str | None = None, *, icon: str = ":material/input:") -> None:
    """A link to one ingest run on the Ingest screen."""
    st.page_link(INGEST, label=label or f"Open run {run_id}", icon=icon, query_params={"run": str(run_id)})


def product_link(gtin: str, label: str | None = None, *, icon: str = ":material/library_books:") -> None:
    """A link to one product in the Catalogue."""
    st.page_link(
        CATALOG, label=label or f"Open {gtin} in the Catalogue", icon=icon, query_params={"gtin": gtin}
    )


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
        for path in (CATALOG_PATH, INGEST_PATH):
            if here.endswith("/" + path):
                return here[: -len(path) - 1]
        return here
    return cfg.console_url.rstrip("/")


def share_url(path: str, **params: object) -> str:
    """The address of a screen with its parameters, as the user can paste it into a ticket."""
    query = urlencode({k: str(v) for k, v in params.items()})
    return f"{base_url()}/{path}" + (f"?{query}" if query else "")
