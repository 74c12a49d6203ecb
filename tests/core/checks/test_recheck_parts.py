"""A re-check runs each product rule over the catalogue and the pending conversions in turn (for speed):
it must find exactly what one pass over all the subjects finds."""

from __future__ import annotations

from core.checks import engine
from core.db import Database


def staged(db: Database, run: object) -> list[tuple[object, ...]]:
    with db.transaction() as tx:
        engine.subjects_from_catalog(tx)
        tx.run("checks/notes_from_catalog")
        assert callable(run)
        run(tx)
        rows = sorted(tx.cur.execute("SELECT * FROM staged_findings").fetchall(), key=repr)
        for name in ("drop_staged", "drop_notes", "drop_subjects_runs", "drop_subjects", "drop_pending"):
            tx.run(f"checks/{name}")
    return rows


def test_the_parts_find_what_one_pass_finds(seeded: Database) -> None:
    with seeded.cursor() as cur:
        [(pending,)] = cur.execute("SELECT count(*) FROM conversions WHERE status = 'pending'").fetchall()
    assert pending > 0, "the seeded database has pending conversions, so both parts hold subjects"
    whole = staged(seeded, engine.run_rules)
    parts = staged(seeded, engine.run_rules_in_parts)
    assert whole and parts == whole
