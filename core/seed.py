"""The first start: an empty database is filled with the sample feeds, so a newcomer finds a catalogue.

The first sample delivery is ingested and approved (actor `seed`, recorded like any decision), then the
other sample feeds are ingested on top (the second delivery, a block update, a legacy ONIX 2.1 feed and a
short-tag feed), so the review queue holds real changes, new products, a delete and every flavour.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core import catalog
from core.auth import SEED
from core.config import Settings
from core.db import Database
from core.errors import NotFound
from core.exports import profiles
from core.ingest.run import Progress, ingest_file
from core.review import decisions
from core.samples import SEED_ORDER

SEED_COMMENT = "first start: the first sample delivery approved as the demo catalogue"


def sample_deliveries(samples_dir: Path) -> list[Path]:
    """The sample feeds in the order a first start ingests them (the generator's SEED_ORDER)."""
    files = [samples_dir / name for name in SEED_ORDER if (samples_dir / name).is_file()]
    if not files:
        raise NotFound(f"no sample feeds ({', '.join(SEED_ORDER)}) in {samples_dir}")
    return files


def is_empty(db: Database) -> bool:
    counts = catalog.counts(db)
    return counts["feeds"] == 0 and counts["products"] == 0


def seed_if_empty(db: Database, cfg: Settings, progress: Progress | None = None) -> dict[str, Any]:
    """Seed an empty database; a database that holds anything is left alone. The partner profiles are
    seeded whenever the database has none."""
    profiles.seed_if_empty(db, cfg.partners_dir, SEED)
    if not is_empty(db):
        return {"seeded": False, "message": "the database already holds data: nothing seeded", "runs": []}
    files = sample_deliveries(cfg.samples_dir)
    first = ingest_file(db, files[0], SEED, source="seed", config=cfg, progress=progress)
    approved = decisions.approve(db, SEED, decisions.pending_ids(db, first.run_id), comment=SEED_COMMENT, bulk=True)
    later = [ingest_file(db, f, SEED, source="seed", config=cfg, progress=progress) for f in files[1:]]
    pending = len(decisions.pending_ids(db))
    return {
        "seeded": True,
        "runs": [r.to_json() for r in (first, *later)],
        "approved": len(approved.applied),
        "blocked": len(approved.blocked),
        "pending": pending,
        "message": (
            f"seeded from {len(files)} sample feeds: {len(approved.applied)} products approved into the "
            f"catalogue ({len(approved.blocked)} held back by error findings), {pending} conversions pending review"
        ),
    }
