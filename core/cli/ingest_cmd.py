"""`ingest`, `runs`, `errors`: put feeds in, and find out what happened to them."""

from __future__ import annotations

import argparse
from pathlib import Path

from core import runs as run_service
from core.cli.common import EXIT_FAILED, EXIT_OK, ProgressBar, actor, config_for, open_db, print_json, table
from core.errors import InvalidInput
from core.ingest.run import ingest_file, recover

FEED_SUFFIXES = {".xml", ".onx", ".onix"}


def feed_files(paths: list[str]) -> list[Path]:
    """Files as given, and the feed files inside folders (recursively, in name order)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in FEED_SUFFIXES))
        elif path.is_file():
            found.append(path)
        else:
            raise InvalidInput(f"{raw}: no such file or folder")
    return found


def cmd_ingest(args: argparse.Namespace) -> int:
    files = feed_files(args.paths)
    who = actor(args)
    results = []
    with open_db(args, hint="ingest") as db:
        recover(db, config_for(args))
        for path in files:
            bar = ProgressBar(path.name)
            try:
                result = ingest_file(
                    db,
                    path,
                    who,
                    source="cli",
                    force=args.force,
                    progress=bar,
                    config=config_for(args),
                    strict=args.strict,
                )
            finally:
                bar.done()
            results.append(result)
            if not args.json:
                print(summary_line(result.to_json()))
    if args.json:
        print_json([r.to_json() for r in results])
    return EXIT_FAILED if any(r.status == "failed" for r in results) else EXIT_OK


def summary_line(r: dict[str, object]) -> str:
    mark = {"succeeded": "ok", "partial": "partial", "duplicate": "skipped", "failed": "FAILED"}.get(
        str(r["status"]), "?"
    )
    if r["status"] == "failed":
        where = f" (line {r['error_line']}, column {r['error_column']})" if r.get("error_line") else ""
        return f"{mark:8} {r['file']}: {r['error']}{where} [run {r['run_id']}]"
    if r["status"] == "duplicate":
        return f"{mark:8} {r['file']}: {r['error']} [run {r['run_id']}]"
    conv = r["conversions"]
    assert isinstance(conv, dict)
    return (
        f"{mark:8} {r['file']}: {r['format']}, {r['products']} products ({r['converted']} converted, "
        f"{r['rejected']} rejected, {r['skipped']} skipped); conversions {conv['new']} new, "
        f"{conv['changed']} changed, {conv['unchanged']} unchanged, {conv['deleted']} deleted "
        f"[run {r['run_id']}]"
    )


def cmd_runs(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        rows = [run_service.run_json(r) for r in run_service.recent(db, args.limit).to_dicts()]
    if args.json:
        print_json(rows)
    else:
        print(
            table(
                rows,
                [
                    ("run_id", "run"),
                    ("status", "status"),
                    ("file", "file"),
                    ("format", "format"),
                    ("products", "products"),
                    ("rejected", "rejected"),
                    ("started_at", "started"),
                    ("error", "error"),
                ],
            )
        )
    return EXIT_OK


def cmd_errors(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        run = run_service.get(db, args.run_id)
        rows = run_service.errors(db, args.run_id).to_dicts()
        findings = run_service.file_findings(db, args.run_id).to_dicts()
    if args.json:
        print_json({"run": run_service.run_json(run), "file_findings": findings, "errors": rows})
        return EXIT_OK
    print(f"run {run['run_id']}: {run['status']} — {run['file']}")
    if run.get("error"):
        where = f" at line {run['error_line']}, column {run['error_column']}" if run.get("error_line") else ""
        print(f"  the file failed{where}: {run['error']}")
    for f in findings:
        print(f"  {f['rule_id']} {f['severity']}: {f['message']}")
    if not rows:
        print("  no product errors")
    for e in rows:
        print(
            f"  line {e['line']}: {e['record_reference'] or '(no record reference)'}: {e['message']}"
            + (f" [{e['rule_id']}]" if e["rule_id"] else "")
        )
        if args.xml:
            print("    " + (e["raw_xml"] or "").replace("\n", "\n    "))
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("ingest", help="ingest feed files or folders of them")
    p.add_argument("paths", nargs="+", metavar="PATH", help="feed files, or folders to take every .xml/.onx/.onix from")
    p.add_argument("--force", action="store_true", help="ingest bytes already ingested before")
    p.add_argument(
        "--strict",
        action="store_true",
        help="validate against the EDItEUR XSD of the release (rule Q03), as for senders configured strict",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object per file")
    p.add_argument("--actor", help="who is ingesting (default: the operating-system user)")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("runs", help="recent ingest runs")
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_runs)

    p = sub.add_parser("errors", help="why a run failed, and the products it could not convert")
    p.add_argument("run_id", type=int, metavar="RUN_ID")
    p.add_argument("--json", action="store_true")
    p.add_argument("--xml", action="store_true", help="also print each product's raw XML")
    p.set_defaults(func=cmd_errors)
