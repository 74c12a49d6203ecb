"""One export to one partner: snapshot -> partner view -> plan -> ledger -> render -> deliver -> manifest.

The plan is decided once, in one transaction, and pinned in the ledger (`export_items`: product, catalogue
version, send or remove, file); rendering reads only what the ledger pins, so `replay` renders a past export
again byte for byte however far the catalogue has moved. Files are rendered into the export's archive
(`data/exports/archive/<id>/`) and delivered from there, each created only if absent; `manifest.json` goes
last, so a partner that sees a manifest sees a complete delivery. A failed delivery is resumed from the
archive (delivered files are skipped), and a re-delivery sends the archived bytes, never a re-render.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, Literal

from core import catalog
from core.auth import Actor
from core.ccf.countryset import to_bits
from core.ccf.storage import from_row
from core.checksum import sha256_of
from core.config import Settings
from core.db import Database
from core.errors import ConsoleError, InvalidInput, NotFound
from core.exports import deliver, profiles
from core.exports.onix_out import ExportRecord, render_onix
from core.exports.profiles import PartnerProfile
from core.sqlfiles import query

Progress = Callable[[int, int | None, str, str], None]

SENDER = "Audiobook pipeline console"
"""The ONIX header's sender of every export (a partner's ONIX names who sends it, not who made it)."""

RENDER_BATCH = 2_000


def _noop(done: int, total: int | None, unit: str, message: str) -> None:
    return None


@dataclass
class Plan:
    """What an export would send (a dry run shows it; a real export records it in the ledger)."""

    partner: str
    profile_version: int
    mode: str
    snapshot_at: str
    counts: dict[str, int]
    sample: list[dict[str, Any]] = field(default_factory=list)
    blocked: list[dict[str, Any]] = field(default_factory=list)

    @property
    def products(self) -> int:
        return sum(self.counts.get(k, 0) for k in ("added", "changed", "unchanged", "removed"))

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "products": self.products}


@dataclass
class ExportResult:
    export_id: int | None
    partner: str
    status: str
    mode: str
    destination: str
    files: list[str] = field(default_factory=list)
    products: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    blocked: int = 0
    error: str | None = None
    dry_run: bool = False
    plan: Plan | None = None

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        out["plan"] = self.plan.to_json() if self.plan else None
        return out


def _markets(profile: PartnerProfile) -> str | None:
    return to_bits(profile.selection.markets) if profile.selection.markets else None


def _view_params(profile: PartnerProfile, snapshot_at: datetime) -> dict[str, Any]:
    block = sorted(r for r, v in profile.blocking.rules.items() if v == "block")
    allow = sorted(r for r, v in profile.blocking.rules.items() if v == "allow")
    return {
        "snapshot_at": snapshot_at,
        "markets": _markets(profile),
        "forms": list(profile.selection.product_forms),
        "content_types": list(profile.selection.content_types),
        "channel": profile.selection.channel,
        "severities": list(profile.blocking.severities),
        "block_rules": block,
        "allow_rules": allow,
    }


def plan(
    db: Database,
    partner: str,
    *,
    mode: str | None = None,
    snapshot_at: datetime | None = None,
    sample: int = 20,
) -> Plan:
    """A dry run: what would go, what would change at the partner, and what is blocked and why."""
    version, profile = profiles.get(db, partner)
    chosen = _mode(mode or profile.mode)
    at = snapshot_at or datetime.now(UTC)
    with db.transaction() as tx:
        tx.run("exports/view", **_view_params(profile, at))
        tx.run("exports/plan", partner=partner, mode=chosen)
        counts = tx.one("exports/plan_counts") or {}
        rows = tx.read("exports/plan_sample", limit=sample).to_dicts()
        blocked = tx.read("exports/blocked", limit=1000).to_dicts()
        tx.run("exports/drop_plan_table")
        tx.run("exports/drop_view")
    return Plan(partner, version, chosen, at.isoformat(), {k: int(v) for k, v in counts.items()}, rows, blocked)


def _mode(mode: str) -> str:
    if mode not in ("full", "delta"):
        raise InvalidInput(f"mode {mode!r}: use full or delta")
    return mode


def _export(
    db: Database,
    cfg: Settings,
    actor: Actor,
    partner: str,
    *,
    mode: str | None = None,
    to: str | None = None,
    dry_run: bool = False,
    snapshot_at: datetime | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Export the partner's selection (see the module docstring); never raises for a delivery failure: the
    export is recorded as failed with the reason, and can be resumed."""
    actor.require("export")
    report = progress or _noop
    version, profile = profiles.get(db, partner)
    chosen = _mode(mode or profile.mode)
    at = snapshot_at or datetime.now(UTC)
    destination_url = to or profile.destination.url
    if dry_run:
        found = plan(db, partner, mode=chosen, snapshot_at=at)
        return ExportResult(
            None, partner, "dry-run", chosen, destination_url, [], found.products, found.counts,
            found.counts.get("blocked", 0), dry_run=True, plan=found,
        )  # fmt: skip
    destination = _destination(destination_url, profile, cfg)
    with db.transaction() as tx:
        export_id = int(
            tx.scalar(
                "exports/start",
                partner=partner,
                profile_version=version,
                mode=chosen,
                snapshot_at=at,
                destination=destination.describe(),
                actor=actor.name,
                started_at=datetime.now(UTC),
            )
        )
        tx.run("exports/view", **_view_params(profile, at))
        tx.run("exports/plan", partner=partner, mode=chosen)
        counts = {k: int(v) for k, v in (tx.one("exports/plan_counts") or {}).items()}
        prefix = f"{partner}/{at:%Y-%m-%d}/{export_id}/"
        tx.run(
            "exports/assign_files",
            per_file=profile.max_products_per_file,
            key_prefix=f"{prefix}{partner}-{export_id}-",
            suffix=f".{profile.extension}",
        )
        tx.run("exports/insert_items", export_id=export_id, partner=partner)
        tx.run("exports/insert_files", export_id=export_id)
        for name in ("exports/drop_plan", "exports/drop_plan_table", "exports/drop_view"):
            tx.run(name)
    result = ExportResult(export_id, partner, "rendering", chosen, destination.describe(), counts=counts)
    result.products = sum(counts.get(k, 0) for k in ("added", "changed", "unchanged", "removed"))
    result.blocked = counts.get("blocked", 0)
    archive = archive_dir(cfg, export_id)
    try:
        render_files(db, export_id, profile, at, archive, report)
        _status(db, export_id, "delivering", counts=counts, archive_path=str(archive))
        _deliver(db, export_id, destination, archive, report)
        manifest = write_manifest(db, export_id, archive, prefix)
        _put_manifest(destination, prefix, archive)
        _status(db, export_id, "delivered", counts=counts, manifest=manifest, finished=True)
        result.status = "delivered"
    except ConsoleError as e:
        _status(db, export_id, "failed", error=e.detail, finished=True)
        result.status, result.error = "failed", e.detail
    result.files = [str(r["key"]) for r in db.read("exports/files", export_id=export_id).to_dicts()]
    return result


def export(
    db: Database,
    cfg: Settings,
    actor: Actor,
    partner: str,
    *,
    mode: str | None = None,
    to: str | None = None,
    dry_run: bool = False,
    snapshot_at: datetime | None = None,
    progress: Progress | None = None,
) -> ExportResult:
    """Export the partner's selection (see `_export`), under the memory a large catalogue needs."""
    with db.memory_limit(catalog.memory_limit_for(db, cfg)):
        return _export(
            db, cfg, actor, partner, mode=mode, to=to, dry_run=dry_run, snapshot_at=snapshot_at, progress=progress
        )


def archive_dir(cfg: Settings, export_id: int) -> Path:
    return cfg.exports_dir / "archive" / str(export_id)


def _destination(url: str, profile: PartnerProfile, cfg: Settings) -> deliver.Destination:
    spec = profile.destination
    options = deliver.S3Options(
        endpoint_url=spec.endpoint_url, region=spec.region, profile=spec.aws_profile, checksum=spec.checksum
    )
    return deliver.destination_for(url, options, base=cfg.data_dir)


def _status(
    db: Database,
    export_id: int,
    status: str,
    *,
    error: str | None = None,
    counts: dict[str, int] | None = None,
    manifest: dict[str, Any] | None = None,
    archive_path: str | None = None,
    finished: bool = False,
) -> None:
    with db.transaction() as tx:
        tx.run(
            "exports/set_status",
            export_id=export_id,
            status=status,
            error=error,
            finished_at=datetime.now(UTC) if finished else None,
            counts=json.dumps(counts) if counts is not None else None,
            manifest=json.dumps(manifest) if manifest is not None else None,
            archive_path=archive_path,
        )


# -- rendering -------------------------------------------------------------------------------------


def render_files(
    db: Database,
    export_id: int,
    profile: PartnerProfile,
    snapshot_at: datetime,
    folder: Path,
    report: Progress = _noop,
    record: bool = True,
) -> list[dict[str, Any]]:
    """Render every file of the export from the ledger into `folder` (replaced if present); with `record`,
    each file's size, rows and checksum go into `export_files` (replay renders without recording)."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    files = db.read("exports/files", export_id=export_id).to_dicts()
    rendered = []
    for n, f in enumerate(files, 1):
        report(n - 1, len(files), "files", f"rendering {f['key']}")
        path = folder / f["key"]
        path.parent.mkdir(parents=True, exist_ok=True)
        rows = _render_one(db, export_id, int(f["file_index"]), profile, snapshot_at, path)
        digest, size = sha256_of(path), path.stat().st_size
        if record:
            with db.transaction() as tx:
                tx.run(
                    "exports/file_done", export_id=export_id, key=f["key"], bytes=size, rows=rows, sha256=digest,
                    delivered_at=None,
                )  # fmt: skip
        rendered.append({"key": f["key"], "bytes": size, "rows": rows, "sha256": digest})
    return rendered


def _render_one(
    db: Database, export_id: int, file_index: int, profile: PartnerProfile, snapshot_at: datetime, path: Path
) -> int:
    if profile.format.startswith("onix30"):
        style: Literal["reference", "short"] = "short" if profile.format == "onix30-short" else "reference"
        with path.open("wb") as sink:
            return render_onix(
                _records(db, export_id, file_index),
                sink,
                style=style,
                sent_at=snapshot_at,
                sender=SENDER,
                addressee=profile.title,
                message_number=export_id,
            )
    with db.transaction() as tx:
        tx.run("exports/flat_rows", export_id=export_id, file_index=file_index, markets=_markets(profile))
        rows = int(tx.scalar("exports/count_rows"))
        tx.execute(_copy_sql(profile, path))
        tx.run("exports/drop_rows")
    return rows


def _copy_sql(profile: PartnerProfile, path: Path) -> str:
    """COPY of the file's flat rows: the columns are validated names, the path is ours (quoted)."""
    quoted = "'" + str(path).replace("'", "''") + "'"
    if profile.format == "csv":
        options = profile.csv
        columns = ", ".join(f'"{c}"' for c in options.columns)
        delimiter = options.delimiter.replace("'", "''")
        extra = ", FORCE_QUOTE *" if options.quote_all else ""
        header = "true" if options.header else "false"
        return (
            f"COPY (SELECT {columns} FROM export_rows) TO {quoted} "
            f"(FORMAT csv, HEADER {header}, DELIMITER '{delimiter}'{extra})"
        )
    columns = ", ".join(f'"{c}"' for c in profiles.FLAT_COLUMNS)
    if profile.format == "jsonl":
        return f"COPY (SELECT {columns} FROM export_rows) TO {quoted} (FORMAT json)"
    return f"COPY (SELECT {columns} FROM export_rows) TO {quoted} (FORMAT parquet, COMPRESSION zstd)"


def _records(db: Database, export_id: int, file_index: int) -> Iterator[ExportRecord]:
    """The pinned records of one file in key order, chunk by chunk (memory does not grow with the catalogue)."""
    chunks = db.read("exports/render_chunks", export_id=export_id, file_index=file_index, size=RENDER_BATCH)
    q = query("exports/items_for_render")
    for first_key, last_key in chunks.iter_rows():
        params = {"export_id": export_id, "file_index": file_index, "first_key": first_key, "last_key": last_key}
        with db.cursor() as cur:
            # Arrow, not Polars: its Python values are the ones `from_row` reads everywhere else.
            rows = cur.sql(q.sql, params=params).to_arrow_table().to_pylist()
        for row in rows:
            yield ExportRecord(from_row(row["ccf"]), "remove" if row["action"] == "remove" else "send")


# -- delivery --------------------------------------------------------------------------------------


def _deliver(db: Database, export_id: int, destination: deliver.Destination, archive: Path, report: Progress) -> None:
    files = db.read("exports/files", export_id=export_id).to_dicts()
    for n, f in enumerate(files, 1):
        if f["delivered_at"] is not None:
            continue  # a resumed export: this one is there already
        report(n - 1, len(files), "files", f"delivering {f['key']} to {destination.describe()}")
        path = archive / f["key"]
        if not path.is_file():
            raise NotFound(f"{path} is missing from the export's archive; render the export again (`replay`)")
        deliver.with_retries(partial(destination.put, str(f["key"]), path, str(f["sha256"])))
        with db.transaction() as tx:
            tx.run(
                "exports/file_done", export_id=export_id, key=f["key"], bytes=None, rows=None, sha256=None,
                delivered_at=datetime.now(UTC),
            )  # fmt: skip


def write_manifest(db: Database, export_id: int, archive: Path, prefix: str) -> dict[str, Any]:
    """manifest.json: export id, profile version, snapshot, mode, the files (bytes, rows, SHA-256), counts."""
    row = db.one("exports/export", export_id=export_id)
    assert row is not None
    files = db.read("exports/files", export_id=export_id).to_dicts()
    counts = json.loads(row["counts"]) if row["counts"] else {}
    manifest = {
        "export_id": export_id,
        "partner": row["partner"],
        "profile_version": row["profile_version"],
        "mode": row["mode"],
        "snapshot_at": row["snapshot_at"].isoformat(),
        "files": [{"key": f["key"], "bytes": f["bytes"], "rows": f["rows"], "sha256": f["sha256"]} for f in files],
        "counts": {k: counts.get(k, 0) for k in ("added", "changed", "unchanged", "removed")},
    }
    path = archive / prefix / "manifest.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


def _put_manifest(destination: deliver.Destination, prefix: str, archive: Path) -> None:
    path = archive / prefix / "manifest.json"
    digest = sha256_of(path)
    deliver.with_retries(lambda: destination.put(f"{prefix}manifest.json", path, digest))


def _prefix(row: dict[str, Any]) -> str:
    return f"{row['partner']}/{row['snapshot_at']:%Y-%m-%d}/{row['export_id']}/"


def _resume(
    db: Database, cfg: Settings, actor: Actor, export_id: int, progress: Progress | None = None
) -> ExportResult:
    """Finish a failed export from its archive: files already delivered are skipped."""
    actor.require("export")
    row = _export_row(db, export_id)
    if row["status"] == "delivered":
        raise InvalidInput(f"export {export_id} was delivered already; `redeliver` sends it again")
    _, profile = profiles.get(db, row["partner"], int(row["profile_version"]))
    archive = archive_dir(cfg, export_id)
    if row["status"] == "rendering" or not archive.is_dir():
        render_files(db, export_id, profile, row["snapshot_at"], archive, progress or _noop)
    destination = _destination(row["destination"], profile, cfg)
    return _finish(db, export_id, row, destination, archive, progress or _noop)


def resume(db: Database, cfg: Settings, actor: Actor, export_id: int, progress: Progress | None = None) -> ExportResult:
    """Finish a failed export (see `_resume`), under the memory a large catalogue needs."""
    with db.memory_limit(catalog.memory_limit_for(db, cfg)):
        return _resume(db, cfg, actor, export_id, progress)


def redeliver(
    db: Database, cfg: Settings, actor: Actor, export_id: int, to: str | None = None, progress: Progress | None = None
) -> ExportResult:
    """Send a past export's archived bytes again (to its destination, or `to`); files already there and
    identical count as delivered. Each re-delivery is recorded (`export_redeliveries`)."""
    actor.require("export")
    row = _export_row(db, export_id)
    _, profile = profiles.get(db, row["partner"], int(row["profile_version"]))
    archive = archive_dir(cfg, export_id)
    if not archive.is_dir():
        raise NotFound(f"export {export_id} has no archive at {archive}; `replay` renders it again from the ledger")
    destination = _destination(to or row["destination"], profile, cfg)
    report = progress or _noop
    files = db.read("exports/files", export_id=export_id).to_dicts()
    result = ExportResult(export_id, row["partner"], row["status"], row["mode"], destination.describe())
    with db.transaction() as tx:
        redelivery_id = int(
            tx.scalar(
                "exports/redelivery_start",
                export_id=export_id,
                destination=destination.describe(),
                actor=actor.name,
                started_at=datetime.now(UTC),
            )
        )
    try:
        for n, f in enumerate(files):
            report(n, len(files), "files", f"delivering {f['key']}")
            key = str(f["key"])
            deliver.with_retries(partial(destination.put, key, archive / key, str(f["sha256"])))
            result.files.append(key)
        _put_manifest(destination, _prefix(row), archive)
        result.status = "delivered"
    except ConsoleError as e:
        result.status, result.error = "failed", e.detail
    with db.transaction() as tx:
        tx.run(
            "exports/redelivery_done",
            redelivery_id=redelivery_id,
            status=result.status,
            files=len(result.files),
            error=result.error,
            finished_at=datetime.now(UTC),
        )
    return result


def redeliveries(db: Database, export_id: int) -> list[dict[str, Any]]:
    """Every re-delivery of an export (its archived bytes sent again), newest first."""
    return db.read("exports/redeliveries", export_id=export_id).to_dicts()


def _finish(
    db: Database, export_id: int, row: dict[str, Any], destination: deliver.Destination, archive: Path, report: Progress
) -> ExportResult:
    counts = json.loads(row["counts"]) if row["counts"] else {}
    result = ExportResult(export_id, row["partner"], "delivering", row["mode"], destination.describe(), counts=counts)
    try:
        _status(db, export_id, "delivering", error=None)
        _deliver(db, export_id, destination, archive, report)
        manifest = write_manifest(db, export_id, archive, _prefix(row))
        _put_manifest(destination, _prefix(row), archive)
        _status(db, export_id, "delivered", manifest=manifest, finished=True)
        result.status = "delivered"
    except ConsoleError as e:
        _status(db, export_id, "failed", error=e.detail, finished=True)
        result.status, result.error = "failed", e.detail
    result.files = [str(r["key"]) for r in db.read("exports/files", export_id=export_id).to_dicts()]
    return result


def _export_row(db: Database, export_id: int) -> dict[str, Any]:
    row = db.one("exports/export", export_id=export_id)
    if row is None:
        raise NotFound(f"no export {export_id}")
    return row


@dataclass
class Replay:
    export_id: int
    identical: bool
    files: list[dict[str, Any]]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _replay(db: Database, cfg: Settings, export_id: int, folder: Path | None = None) -> Replay:
    """Render a past export again from the ledger's pinned versions and its stored profile version, and
    compare every file with the archived bytes."""
    row = _export_row(db, export_id)
    _, profile = profiles.get(db, row["partner"], int(row["profile_version"]))
    target = folder or cfg.spool_dir / f"replay-{export_id}"
    try:
        rendered = render_files(db, export_id, profile, row["snapshot_at"], target, record=False)
        archive = archive_dir(cfg, export_id)
        files = []
        for f in rendered:
            kept = archive / f["key"]
            archived = sha256_of(kept) if kept.is_file() else None
            files.append({**f, "archived_sha256": archived, "identical": archived == f["sha256"]})
    finally:
        if folder is None:
            shutil.rmtree(target, ignore_errors=True)
    return Replay(export_id, bool(files) and all(f["identical"] for f in files), files)


def replay(db: Database, cfg: Settings, export_id: int, folder: Path | None = None) -> Replay:
    """Render a past export again and compare (see `_replay`), under the memory a large catalogue needs."""
    with db.memory_limit(catalog.memory_limit_for(db, cfg)):
        return _replay(db, cfg, export_id, folder)


def history(db: Database, partner: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
    rows = db.read("exports/history", partner=partner, limit=limit).to_dicts()
    for r in rows:
        r["counts"] = json.loads(r["counts"]) if r["counts"] else {}
    return rows


def deliveries(db: Database, product_key: str) -> list[dict[str, Any]]:
    """Where a product went: partner, export, version, when (for the product page)."""
    return db.read("exports/product_deliveries", product_key=product_key).to_dicts()


def detail(db: Database, export_id: int) -> dict[str, Any]:
    """One export as the Exports screen shows it: its row with `counts` and `manifest` parsed, `files`, and
    its `redeliveries`."""
    row = _export_row(db, export_id)
    row["counts"] = json.loads(row["counts"]) if row["counts"] else {}
    row["manifest"] = json.loads(row["manifest"]) if row["manifest"] else None
    row["files"] = db.read("exports/files", export_id=export_id).to_dicts()
    row["redeliveries"] = redeliveries(db, export_id)
    return row


def items(db: Database, export_id: int, limit: int = 1000) -> list[dict[str, Any]]:
    """The products an export carried (product, version, send or remove, what it was to the partner)."""
    return db.read("exports/items", export_id=export_id, limit=limit).to_dicts()


def blocking_findings(db: Database, blocked: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The findings behind a plan's blocked products: the open, unwaived current findings of each product
    whose rule is one of the rules that hold it back (a channel block, Q37, has none)."""
    wanted = {str(b["product_key"]): set(str(b["rules"] or "").replace(" ", "").split(",")) for b in blocked}
    if not wanted:
        return []
    rows = db.read("exports/blocking_findings", product_keys=sorted(wanted)).to_dicts()
    return [r for r in rows if r["rule_id"] in wanted.get(str(r["product_key"]), set())]
