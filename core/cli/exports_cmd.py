"""`partners`, `export`, `exports`, `resume`, `redeliver`, `replay`: the catalogue out to partners."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from core.auth import SEED
from core.cli.common import EXIT_FAILED, EXIT_OK, ProgressBar, actor, config_for, open_db, print_json, table
from core.exports import profiles
from core.exports import run as exporting


def cmd_partners(args: argparse.Namespace) -> int:
    cfg = config_for(args)
    with open_db(args) as db:
        profiles.seed_if_empty(db, cfg.partners_dir, SEED)
        if args.action == "export":
            written = profiles.write_files(db, Path(args.folder) if args.folder else cfg.partners_dir)
            print("\n".join(str(p) for p in written))
            return EXIT_OK
        if args.action == "set":
            if not args.folder:
                print("name the JSON file of the profile: partners set FILE", flush=True)
                return EXIT_FAILED
            profile = profiles.parse(Path(args.folder).read_text(encoding="utf-8"))
            version = profiles.save(db, actor(args), profile)
            print(f"{profile.name}: version {version}")
            return EXIT_OK
        found = profiles.current(db)
    rows: list[dict[str, Any]] = [
        {"name": n, "version": v, "profile": p.model_dump(mode="json")} for n, (v, p) in sorted(found.items())
    ]
    if args.json:
        print_json(rows)
        return EXIT_OK
    flat = [
        {
            "name": r["name"],
            "version": r["version"],
            "format": r["profile"]["format"],
            "channel": r["profile"]["selection"]["channel"],
            "mode": r["profile"]["mode"],
            "markets": " ".join(r["profile"]["selection"]["markets"]) or "all",
            "destination": r["profile"]["destination"]["url"],
        }
        for r in rows
    ]
    print(table(flat, [(k, k) for k in ("name", "version", "format", "channel", "mode", "markets", "destination")]))
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    cfg = config_for(args)
    with open_db(args, hint="export") as db:
        profiles.seed_if_empty(db, cfg.partners_dir, SEED)
        bar = ProgressBar(args.partner)
        try:
            result = exporting.export(
                db, cfg, actor(args), args.partner, mode=args.mode, to=args.to, dry_run=args.dry_run, progress=bar
            )
        finally:
            bar.done()
    if args.json:
        print_json(result.to_json())
    elif result.dry_run and result.plan:
        p = result.plan
        c = p.counts
        print(
            f"dry run for {p.partner} (profile version {p.profile_version}, {p.mode}): {p.products} products would go "
            f"({c.get('added', 0)} added, {c.get('changed', 0)} changed, {c.get('unchanged', 0)} unchanged, "
            f"{c.get('removed', 0)} removed); {c.get('selected', 0)} selected, {c.get('blocked', 0)} blocked"
        )
        for b in p.blocked[:20]:
            print(f"  blocked {b['product_key']} ({b['title']}): {b['reason']}")
    else:
        c = result.counts
        print(
            f"export {result.export_id} to {result.partner}: {result.status}, {result.products} products "
            f"({c.get('added', 0)} added, {c.get('changed', 0)} changed, {c.get('removed', 0)} removed), "
            f"{len(result.files)} files at {result.destination}" + (f": {result.error}" if result.error else "")
        )
    return EXIT_FAILED if result.status == "failed" else EXIT_OK


def cmd_exports(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        rows = exporting.history(db, args.partner, args.limit)
    if args.json:
        print_json(rows)
        return EXIT_OK
    for r in rows:
        r["products"] = sum(r["counts"].get(k, 0) for k in ("added", "changed", "unchanged", "removed"))
    print(
        table(
            rows,
            [
                ("export_id", "id"),
                ("partner", "partner"),
                ("mode", "mode"),
                ("status", "status"),
                ("products", "products"),
                ("files", "files"),
                ("snapshot_at", "snapshot"),
                ("error", "error"),
            ],
        )
    )
    return EXIT_OK


def _done(result: exporting.ExportResult, as_json: bool) -> int:
    if as_json:
        print_json(result.to_json())
    else:
        print(
            f"export {result.export_id}: {result.status}, {len(result.files)} files at {result.destination}"
            + (f": {result.error}" if result.error else "")
        )
    return EXIT_FAILED if result.status == "failed" else EXIT_OK


def cmd_resume(args: argparse.Namespace) -> int:
    with open_db(args, hint="export") as db:
        return _done(exporting.resume(db, config_for(args), actor(args), args.export_id), args.json)


def cmd_redeliver(args: argparse.Namespace) -> int:
    with open_db(args, hint="export") as db:
        return _done(exporting.redeliver(db, config_for(args), actor(args), args.export_id, to=args.to), args.json)


def cmd_replay(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        found = exporting.replay(db, config_for(args), args.export_id)
    if args.json:
        print_json(found.to_json())
    else:
        verdict = "identical to the archive" if found.identical else "DIFFERENT from the archive"
        print(f"export {found.export_id} rendered again: {verdict}")
        for f in found.files:
            print(f"  {'same' if f['identical'] else 'DIFF'}  {f['key']}  {f['sha256'][:16]}")
    return EXIT_OK if found.identical else EXIT_FAILED


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("partners", help="partner profiles (`partners export [DIR]` writes them to files)")
    p.add_argument("action", nargs="?", choices=["list", "export", "set"], default="list")
    p.add_argument("folder", nargs="?", metavar="DIR_OR_FILE", help="export: the folder; set: the profile's JSON")
    p.add_argument("--actor")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_partners)

    p = sub.add_parser("export", help="export the catalogue to a partner (full or delta)")
    p.add_argument("partner", metavar="PARTNER")
    p.add_argument("--mode", choices=["full", "delta"], help="default: the profile's")
    p.add_argument("--dry-run", action="store_true", help="show what would go and what is blocked, send nothing")
    p.add_argument("--to", metavar="DIR_OR_S3_URI", help="deliver here instead of the profile's destination")
    p.add_argument("--actor")
    p.add_argument("--json", action="store_true", help="export_id, status, files, products, blocked, ...")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("exports", help="the history of exports")
    p.add_argument("--partner")
    p.add_argument("--limit", type=int, default=100)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_exports)

    for name, fn, text in (
        ("resume", cmd_resume, "finish a failed export (delivered files are skipped)"),
        ("redeliver", cmd_redeliver, "send a past export's archived files again"),
    ):
        p = sub.add_parser(name, help=text)
        p.add_argument("export_id", type=int, metavar="EXPORT_ID")
        if name == "redeliver":
            p.add_argument("--to", metavar="DIR_OR_S3_URI")
        p.add_argument("--actor")
        p.add_argument("--json", action="store_true")
        p.set_defaults(func=fn)

    p = sub.add_parser("replay", help="render a past export again and compare it with the archived bytes")
    p.add_argument("export_id", type=int, metavar="EXPORT_ID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_replay)
