"""Read-only lookups the console's screens need beyond the catalogue and run services."""

from __future__ import annotations

from collections.abc import Iterable

from core.db import Database


def known_products(db: Database, gtins: Iterable[str]) -> set[str]:
    """The GTINs among `gtins` in the catalogue or in any conversion (so links lead somewhere)."""
    wanted = sorted({g for g in gtins if g})
    if not wanted:
        return set()
    return {str(k) for k in db.read("views/known_products", gtins=wanted)["product_key"].to_list()}
