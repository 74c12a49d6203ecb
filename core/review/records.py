"""The records behind a review: a conversion's CCF record beside the catalogue version it was diffed
against (so a screen can show what did *not* change too), and the publishers the queue can be filtered by.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.ccf.model import CCFRecord
from core.ccf.storage import from_row
from core.db import Database
from core.errors import NotFound


@dataclass(frozen=True)
class Records:
    conversion_id: int
    kind: str
    delivered: CCFRecord | None
    """The record the delivery carried (for a delete: the product as the delete notice described it)."""
    base: CCFRecord | None
    """The catalogue version the conversion was compared with; None for a new product."""
    base_version: int | None
    catalog_version: int | None
    """The catalogue's version of the product now (None: not in the catalogue)."""


def records(db: Database, conversion_id: int) -> Records:
    row = db.one("review/conversion_records", conversion_id=conversion_id)
    if row is None:
        raise NotFound(f"no conversion {conversion_id}")
    return Records(
        conversion_id=int(row["conversion_id"]),
        kind=str(row["kind"]),
        delivered=from_row(row["new_ccf"]) if row["new_ccf"] is not None else None,
        base=from_row(row["base_ccf"]) if row["base_ccf"] is not None else None,
        base_version=None if row["base_version"] is None else int(row["base_version"]),
        catalog_version=None if row["catalog_version"] is None else int(row["catalog_version"]),
    )


def publishers(db: Database, status: str | None = None) -> list[str]:
    return [str(p) for p in db.read("review/publishers", status=status)["publisher"].to_list()]
