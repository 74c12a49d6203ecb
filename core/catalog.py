"""The catalogue as people ask about it: find a product, read its record, its history and its sources."""

from __future__ import annotations

import re
from typing import Any

import polars as pl

from core import sources
from core.ccf.storage import from_row
from core.config import Settings
from core.db import Database, size_bytes
from core.errors import InvalidInput, NotFound


def normalise_gtin(text: str) -> str:
    digits = re.sub(r"[\s-]", "", text)
    if not digits.isdigit() or len(digits) != 13:
        raise InvalidInput(f"{text!r} is not a GTIN-13 (13 digits)")
    return digits


def record(db: Database, gtin: str) -> dict[str, Any]:
    """The product's CCF record: the approved catalogue record, else its latest conversion, with a status."""
    key = normalise_gtin(gtin)
    approved = db.one("catalog/record", gtin=key)
    latest = db.one("catalog/latest_conversion", gtin=key)
    if approved is not None:
        out = {
            "product_key": key,
            "status": "approved",
            "version": approved["version"],
            "content_hash": approved["content_hash"],
            "approved_at": approved["approved_at"],
            "approved_by": approved["approved_by"],
            "ccf": from_row(approved["ccf"]),
        }
        if latest is not None and latest["status"] == "pending":
            out["pending_conversion_id"] = latest["conversion_id"]
        return out
    if latest is not None:
        return {
            "product_key": key,
            "status": latest["status"],
            "version": None,
            "kind": latest["kind"],
            "conversion_id": latest["conversion_id"],
            "content_hash": latest["content_hash"],
            "ccf": from_row(latest["ccf"]) if latest["ccf"] is not None else None,
        }
    raise NotFound(f"no product {key} in the catalogue or in any conversion")


def record_json(rec: dict[str, Any]) -> dict[str, Any]:
    out = {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in rec.items() if k != "ccf"}
    out["ccf"] = rec["ccf"].model_dump(mode="json") if rec.get("ccf") is not None else None
    return out


def search(
    db: Database, text: str | None, *, status: str | None = None, limit: int = 50, offset: int = 0
) -> pl.DataFrame:
    q = text.strip() if text and text.strip() else None
    return db.read("catalog/search", q=q, status=status, limit=limit, offset=offset)


def history(db: Database, gtin: str) -> pl.DataFrame:
    return db.read("catalog/history", gtin=normalise_gtin(gtin))


def deliveries(db: Database, gtin: str) -> pl.DataFrame:
    return db.read("catalog/deliveries", gtin=normalise_gtin(gtin))


def source(db: Database, source_id: int) -> dict[str, Any]:
    """One delivery of a product with its raw XML (see core.sources)."""
    return sources.source(db, source_id)


def notes(db: Database, gtin: str, run_id: int) -> pl.DataFrame:
    return db.read("catalog/notes", gtin=normalise_gtin(gtin), run_id=run_id)


def counts(db: Database) -> dict[str, int]:
    row = db.one("catalog/counts")
    assert row is not None
    return {k: int(v) for k, v in row.items()}


def memory_limit_for(db: Database, cfg: Settings) -> str | None:
    """The DuckDB memory limit heavy work over the catalogue needs (an export, a review of a large
    catalogue), or None for the configured one: a large catalogue's diffs and renders run under the
    re-check's limit."""
    if int(db.scalar("catalog/size") or 0) >= cfg.large_catalog_products:
        return cfg.recheck_memory_limit
    return None


def commit_memory_limit(db: Database, cfg: Settings, delivery_products: int) -> str:
    """The DuckDB memory limit of a delivery's commit: `delivery_memory_limit`, or more for a large
    delivery (`delivery_memory_per_product` per product) or a large catalogue (the re-check's limit)."""
    large_catalog = memory_limit_for(db, cfg)
    if large_catalog:
        return large_catalog
    needed = max(size_bytes(cfg.delivery_memory_limit), delivery_products * cfg.delivery_memory_per_product)
    return f"{min(needed, size_bytes(cfg.recheck_memory_limit)) // 1_000_000}MB"
