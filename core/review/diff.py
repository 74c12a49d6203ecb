"""Field-level diffs: of a delivery's changed products against the catalogue (at commit, kept with the
conversions), and of any two versions of a product's history (on demand). See `diffspec` for what is
compared and how.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from core.db import Database, Tx
from core.errors import NotFound
from core.review.diffspec import diff_sql, top_field


@dataclass(frozen=True)
class Change:
    field: str
    item: str | None
    change: str
    old: Any
    new: Any

    @property
    def top(self) -> str:
        return top_field(self.field)

    def attributes(self) -> dict[str, tuple[Any, Any]]:
        """For a changed list item: only the attributes that differ, old -> new."""
        if not (isinstance(self.old, dict) and isinstance(self.new, dict)):
            return {}
        return {k: (self.old.get(k), self.new.get(k)) for k in self.new if self.old.get(k) != self.new.get(k)}

    def describe(self) -> str:
        """One line a person reads: `changed contributors [narrator: Eleanor Mercer]: sequence 3 -> 2`."""
        where = self.field + (f" [{self.item}]" if self.item else "")
        if self.change == "changed" and self.attributes():
            what = "; ".join(f"{k} {_short(a)} -> {_short(b)}" for k, (a, b) in self.attributes().items())
        elif self.change == "changed":
            what = f"{_short(self.old)} -> {_short(self.new)}"
        elif self.change == "added":
            what = _short(self.new) if self.item is None else ""
        else:
            what = _short(self.old) if self.item is None else ""
        return f"{self.change} {where}" + (f": {what}" if what else "")

    def to_json(self) -> dict[str, Any]:
        return {"field": self.field, "item": self.item, "change": self.change, "old": self.old, "new": self.new}


def _short(value: Any, limit: int = 80) -> str:
    text = " ".join(str(v) for v in value) if isinstance(value, list) else "none" if value is None else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def change_from(row: dict[str, Any]) -> Change:
    def value(raw: str | None) -> Any:
        return None if raw is None else json.loads(raw)

    return Change(row["field"], row["item"], row["change"], value(row["old_value"]), value(row["new_value"]))


PAIR_BYTES = 20_000
"""DuckDB memory per changed product diffed at once in a delivery's commit. DuckDB 2.0.1 holds a slice's old
and new records in memory: 50,000 changed products in one slice failed under 128MB, slices of 5,000 passed
under 96MB. Each slice reads the catalogue again, so a slice is as large as the memory limit allows."""


def slice_size(memory_limit_bytes: int) -> int:
    """How many changed products one slice of a delivery's diff takes under this DuckDB memory limit."""
    return max(1_000, memory_limit_bytes // PAIR_BYTES)


def stage_delivery(
    tx: Tx,
    products_path: list[str],
    sender_id: int | None,
    slice_products: int,
    progress: Callable[[int, int], None] | None = None,
) -> int:
    """Inside a delivery's commit, after classifying: diff every changed product against its catalogue
    version (one without a field-level change becomes unchanged), and stage each new conversion's changed
    fields and flags (temp table `reviewed`). Returns how many changed products were diffed, in slices of
    `slice_products`; `progress(done, total)` hears before each slice and after the last."""
    tx.run("diff/create_rows")
    bounds = tx.read("ingest/classified_slices", size=slice_products, outcome="changed").rows()
    total = sum(int(products) for _, _, products in bounds)
    statement = diff_sql()
    done = 0
    for low, high, products in bounds:
        if progress:
            progress(done, total)
        tx.run("diff/pairs_from_delivery", path=products_path, low=low, high=high)
        tx.execute(statement)
        tx.run("diff/drop_pairs")
        done += int(products)
    if progress and total:
        progress(total, total)
    tx.run("review/unchanged_without_diff")
    tx.run("review/stage_review", sender_id=sender_id)
    return total


def keep_delivery(tx: Tx) -> None:
    """After the conversions are written: keep the delivery's changes, drop the staging."""
    tx.run("review/insert_changes")
    for name in ("diff/drop_rows", "review/drop_reviewed"):
        tx.run(name)


def conversion_changes(db: Database, conversion_id: int) -> list[Change]:
    return [change_from(r) for r in db.read("review/conversion_changes", conversion_id=conversion_id).to_dicts()]


def between_versions(db: Database, product_key: str, old_version: int, new_version: int) -> list[Change]:
    """What changed from one approved version of a product to another (either order)."""
    with db.transaction() as tx:
        tx.run("diff/create_rows")
        tx.run("diff/pairs_from_history", product_key=product_key, old_version=old_version, new_version=new_version)
        if not tx.scalar("review/count_pairs"):
            tx.run("diff/drop_pairs")
            tx.run("diff/drop_rows")
            raise NotFound(f"{product_key} has no versions {old_version} and {new_version} with a record to compare")
        tx.execute(diff_sql())
        rows = tx.read("diff/rows").to_dicts()
        tx.run("diff/drop_pairs")
        tx.run("diff/drop_rows")
    return [change_from(r) for r in rows]
