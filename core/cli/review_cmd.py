"""`review list|show|approve|reject|comment`, `history`, `revert`: deciding what reaches the catalogue."""

from __future__ import annotations

import argparse
from typing import Any

from core.checks import findings
from core.cli.common import EXIT_OK, actor, open_db, print_json, table
from core.errors import InvalidInput, NotFound
from core.review import decisions, diff, history, queue


def _filter(args: argparse.Namespace, status: str | None = "pending") -> queue.QueueFilter:
    return queue.QueueFilter(
        status=getattr(args, "status", status) or status,
        publisher=args.publisher,
        run_id=args.run,
        kind=args.kind,
        field=args.field,
        flag=args.flag,
        findings=args.findings,
    )


def cmd_list(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        rows = [queue.row_json(r) for r in queue.listing(db, _filter(args), limit=args.limit).to_dicts()]
    if args.json:
        print_json(rows)
        return EXIT_OK
    for r in rows:
        r["fields"] = ", ".join(r["changed_fields"])
        r["risk"] = ", ".join(r["flags"])
        r["quality"] = f"{r['errors']}E {r['warnings']}W" if r["errors"] or r["warnings"] else ""
    print(
        table(
            rows,
            [
                ("conversion_id", "id"),
                ("gtin", "gtin"),
                ("kind", "kind"),
                ("status", "status"),
                ("title", "title"),
                ("fields", "changed fields"),
                ("risk", "flags"),
                ("quality", "findings"),
            ],
        )
    )
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        row = queue.conversion(db, args.conversion_id)
        found_changes = diff.conversion_changes(db, args.conversion_id)
        changes = [c.to_json() for c in found_changes]
        found = [findings.to_json(f) for f in findings.search(db, findings.Filters(gtin=row["gtin"])).to_dicts()]
    out: dict[str, Any] = {**queue.row_json(row), "changes": changes, "findings": found}
    if args.json:
        print_json(out)
        return EXIT_OK
    print(f"conversion {row['conversion_id']}: {row['kind']} {row['gtin']} ({row['title']}), {row['status']}")
    if row["flags"]:
        print("  flags: " + "; ".join(queue.FLAG_LABELS.get(f, f) for f in row["flags"]))
    for change in found_changes:
        print(f"  {change.describe()}")
    for f in found:
        if f["status"] != "resolved":
            print(f"  finding {f['rule']} {f['severity']}: {f['message']}")
    return EXIT_OK


def _ids(args: argparse.Namespace, db: Any) -> list[int]:
    if args.ids:
        return list(args.ids)
    if args.all:
        return queue.ids(db, _filter(args))
    raise InvalidInput("name conversion ids, or --all with filters (--publisher, --run, --kind, --field, --flag)")


def _report(result: decisions.Decision, as_json: bool) -> None:
    if as_json:
        print_json(result.to_json())
        return
    done = "approved" if result.action != "reject" else "rejected"
    print(
        f"{done} {len(result.applied)}, superseded {len(result.superseded)} (the catalogue moved on), "
        f"blocked {len(result.blocked)} (open error findings), skipped {len(result.skipped)} (not pending), "
        f"unknown {len(result.unknown)}"
    )
    for conversion_id, blocking in sorted(result.blocked.items()):
        print(f"  conversion {conversion_id} blocked by {', '.join(blocking)}: fix the feed, or `waive` the rule")


def cmd_approve(args: argparse.Namespace) -> int:
    who = actor(args)
    with open_db(args) as db:
        ids = _ids(args, db)
        result = decisions.approve(db, who, ids, comment=args.comment, bulk=len(ids) > 1)
    _report(result, args.json)
    return EXIT_OK


def cmd_reject(args: argparse.Namespace) -> int:
    who = actor(args)
    with open_db(args) as db:
        ids = _ids(args, db)
        result = decisions.reject(db, who, ids, comment=args.comment or "", bulk=len(ids) > 1)
    _report(result, args.json)
    return EXIT_OK


def cmd_comment(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        decisions.comment(db, actor(args), args.conversion_id, args.text)
    print(f"comment recorded on conversion {args.conversion_id}")
    return EXIT_OK


def cmd_history(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        rows = [queue.row_json(r) for r in history.versions(db, args.gtin).to_dicts()]
        between = diff.between_versions(db, args.gtin, *args.diff) if args.diff else None
        changes = [c.to_json() for c in between] if between is not None else None
    if not rows:
        raise NotFound(f"{args.gtin} has no approved version")
    if args.json:
        print_json({"versions": rows, "changes": changes} if changes is not None else rows)
        return EXIT_OK
    print(
        table(
            rows,
            [
                ("version", "version"),
                ("action", "action"),
                ("approved_at", "when"),
                ("approved_by", "by"),
                ("conversion_id", "conversion"),
                ("comment", "comment"),
            ],
        )
    )
    for change in between or []:
        print(f"  {change.describe()}")
    return EXIT_OK


def cmd_revert(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        version = history.revert(db, actor(args), args.gtin, args.to, args.comment or "")
    print(f"{args.gtin}: version {args.to} restored as version {version}")
    return EXIT_OK


def _filters(p: argparse.ArgumentParser) -> None:
    p.add_argument("--publisher")
    p.add_argument("--run", type=int, help="one ingest run (delivery)")
    p.add_argument("--kind", choices=queue.KINDS)
    p.add_argument("--field", help="conversions that change this CCF field (e.g. prices, title)")
    p.add_argument("--flag", choices=queue.FLAGS)
    p.add_argument("--findings", choices=queue.FINDINGS, help="with an open finding of this severity, or none")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    review = sub.add_parser("review", help="the review queue: list, show, approve, reject, comment")
    verbs = review.add_subparsers(dest="verb", required=True, metavar="VERB")

    p = verbs.add_parser("list", help="conversions in the queue, filtered")
    p.add_argument("--status", choices=queue.STATUSES, default="pending")
    _filters(p)
    p.add_argument("--limit", type=int, default=10_000)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_list)

    p = verbs.add_parser("show", help="one conversion: its field-level diff, flags and findings")
    p.add_argument("conversion_id", type=int, metavar="ID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)

    for name, fn, text in (
        ("approve", cmd_approve, "apply conversions to the catalogue (each only if still current)"),
        ("reject", cmd_reject, "reject conversions (--comment required)"),
    ):
        p = verbs.add_parser(name, help=text)
        p.add_argument("ids", nargs="*", type=int, metavar="ID")
        p.add_argument("--all", action="store_true", help="every pending conversion the filters select")
        _filters(p)
        p.add_argument("--comment")
        p.add_argument("--actor", help="who decides (default: the operating-system user)")
        p.add_argument("--json", action="store_true")
        p.set_defaults(func=fn)

    p = verbs.add_parser("comment", help="a note on a conversion, in the audit trail")
    p.add_argument("conversion_id", type=int, metavar="ID")
    p.add_argument("text")
    p.add_argument("--actor")
    p.set_defaults(func=cmd_comment)

    p = sub.add_parser("history", help="a product's approved versions (--diff A B: what changed between two)")
    p.add_argument("gtin", metavar="GTIN")
    p.add_argument("--diff", nargs=2, type=int, metavar=("FROM", "TO"))
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_history)

    p = sub.add_parser("revert", help="put a product back to an earlier approved version (a new version)")
    p.add_argument("gtin", metavar="GTIN")
    p.add_argument("--to", type=int, required=True, metavar="VERSION")
    p.add_argument("--comment", required=True)
    p.add_argument("--actor")
    p.set_defaults(func=cmd_revert)
