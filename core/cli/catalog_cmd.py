"""`show`, `search`, `approve`, `seed`: the catalogue from the command line."""

from __future__ import annotations

import argparse

from core import catalog
from core.cli.common import EXIT_OK, actor, config_for, open_db, print_json, table
from core.errors import InvalidInput
from core.review import decisions
from core.seed import seed_if_empty


def cmd_show(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        rec = catalog.record(db, args.gtin)
    out = catalog.record_json(rec)
    if args.json:
        print_json(out)
        return EXIT_OK
    ccf = out["ccf"] or {}
    version = f", version {out['version']}" if out.get("version") else ""
    print(f"{out['product_key']}  [{out['status']}{version}]")
    for key in (
        "title",
        "subtitle",
        "publisher",
        "imprint",
        "product_form",
        "duration_seconds",
        "publication_date",
    ):
        if ccf.get(key) is not None:
            print(f"  {key:18} {ccf[key]}")
    for c in ccf.get("contributors", []):
        print(f"  {c['role']:18} {c['name'] or '(synthetic voice)'}")
    return EXIT_OK


def cmd_search(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        rows = catalog.search(db, args.text, limit=args.limit).to_dicts()
    if args.json:
        print_json(rows)
    else:
        print(
            table(
                rows,
                [
                    ("product_key", "gtin"),
                    ("status", "status"),
                    ("title", "title"),
                    ("authors", "authors"),
                    ("publisher", "publisher"),
                ],
            )
        )
    return EXIT_OK


def cmd_approve(args: argparse.Namespace) -> int:
    who = actor(args)
    with open_db(args) as db:
        if args.ids:
            ids = args.ids
        elif args.run is not None or args.all_pending:
            ids = decisions.pending_ids(db, args.run)
        else:
            raise InvalidInput("name conversion ids, or --run RUN_ID, or --all-pending")
        result = decisions.approve(db, who, ids, comment=args.comment, bulk=len(ids) > 1)
    if args.json:
        print_json(result.to_json())
    else:
        print(
            f"approved {len(result.applied)}, superseded {len(result.superseded)} (the catalogue moved on), "
            f"blocked {len(result.blocked)} (open error findings), skipped {len(result.skipped)} (not pending), "
            f"unknown {len(result.unknown)}"
        )
        for conversion_id, blocking in sorted(result.blocked.items()):
            print(f"  conversion {conversion_id} blocked by {', '.join(blocking)}: fix the feed, or `waive` the rule")
    return EXIT_OK


def cmd_seed(args: argparse.Namespace) -> int:
    cfg = config_for(args)
    with open_db(args) as db:
        report = seed_if_empty(db, cfg)
    if args.json:
        print_json(report)
    else:
        print(report["message"])
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("show", help="a product's CCF record (approved, else its latest conversion)")
    p.add_argument("gtin", metavar="GTIN")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("search", help="find products by GTIN, title, contributor or publisher")
    p.add_argument("text", nargs="?", default=None)
    p.add_argument("--limit", type=int, default=50)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("approve", help="approve pending conversions into the catalogue")
    p.add_argument("ids", nargs="*", type=int, metavar="CONVERSION_ID")
    p.add_argument("--run", type=int, help="every pending conversion of this ingest run")
    p.add_argument("--all-pending", action="store_true", help="every pending conversion")
    p.add_argument("--comment")
    p.add_argument("--actor", help="who approves (default: the operating-system user)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_approve)

    p = sub.add_parser("seed", help="fill an empty database with the sample feeds (as the first start does)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_seed)
