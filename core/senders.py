"""Sender accounts: who delivers feeds, and whether their files are validated against the XSD (strict)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import polars as pl

from core.auth import Actor
from core.db import Database
from core.errors import InvalidInput, NotFound


def listing(db: Database) -> pl.DataFrame:
    return db.read("senders/list")


def set_strict(db: Database, actor: Actor, name: str | None, strict: bool) -> None:
    actor.require("admin")
    if not name:
        raise InvalidInput("name the sender (`python -m core senders` lists them)")
    with db.transaction() as tx:
        if tx.one("senders/set_strict", name=name, strict=strict) is None:
            raise NotFound(f"no sender named {name!r}; `python -m core senders` lists them")


def to_json(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in row.items()}
