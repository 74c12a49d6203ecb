"""`findings`, `checks`, `rules`, `waive`, `waivers`, `unwaive`, `senders`: quality from the command line."""

from __future__ import annotations

import argparse
from datetime import UTC, date, datetime, time

from core import senders
from core.checks import engine, findings, waivers
from core.checks.catalogue import SEVERITIES, rules
from core.cli.common import EXIT_OK, actor, config_for, open_db, print_json, table
from core.errors import InvalidInput


def cmd_findings(args: argparse.Namespace) -> int:
    filters = findings.Filters(
        rule=args.rule, gtin=args.gtin, severity=args.severity, publisher=args.publisher, status=args.status,
        run_id=args.run,
    )
    with open_db(args) as db:
        rows = [findings.to_json(r) for r in findings.search(db, filters, limit=args.limit).to_dicts()]
    if args.json:
        print_json(rows)
        return EXIT_OK
    for r in rows:
        r["state"] = "waived" if r["waived"] and r["status"] != "resolved" else r["status"]
    print(
        table(
            rows,
            [
                ("rule", "rule"),
                ("severity", "severity"),
                ("state", "status"),
                ("gtin", "gtin"),
                ("field", "field"),
                ("message", "message"),
            ],
        )
    )
    return EXIT_OK


def cmd_checks(args: argparse.Namespace) -> int:
    who = actor(args)
    with open_db(args) as db:
        done = engine.recheck(db, who, memory_limit=config_for(args).recheck_memory_limit)
    if args.json:
        print_json(done.to_json())
    else:
        found = sum(done.findings.values())
        print(f"check {done.check_id}: {done.subjects} products judged (catalogue and pending), {found} findings")
        for rule_id, n in sorted(done.findings.items()):
            if n:
                print(f"  {rule_id}  {n}")
    return EXIT_OK


def cmd_rules(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        counts = findings.by_rule(db)
    rows = []
    for r in rules().values():
        c = counts.get(r.id, {})
        rows.append(
            {
                "rule": r.id,
                "version": r.version,
                "scope": r.scope,
                "severity": "/".join(r.severities),
                "field": r.field,
                "title": r.title,
                "summary": r.summary,
                "fix": r.fix,
                "runs": r.check if r.check in ("reading", "export") else "sql",
                "open": int(c.get("open", 0)),
                "waived": int(c.get("waived", 0)),
                "products": int(c.get("products", 0)),
                "examples": {"fail": len(r.failing), "pass": len(r.passing)},
            }
        )
    if args.json:
        print_json(rows)
    else:
        print(
            table(
                rows,
                [
                    ("rule", "rule"),
                    ("severity", "severity"),
                    ("scope", "scope"),
                    ("title", "title"),
                    ("open", "open"),
                    ("waived", "waived"),
                    ("products", "products"),
                ],
            )
        )
    return EXIT_OK


def _expiry(raw: str | None) -> datetime | None:
    if raw is None:
        return None
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        raise InvalidInput(f"--until {raw!r}: give a date (2027-01-31) or a date and time (2027-01-31T18:00)") from None
    if len(raw) <= 10:  # a date waives through the end of that day
        parsed = datetime.combine(date.fromisoformat(raw), time(23, 59, 59))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def cmd_waive(args: argparse.Namespace) -> int:
    who = actor(args)
    with open_db(args) as db:
        waiver_id = waivers.create(
            db,
            who,
            rule_id=args.rule,
            product_key=args.gtin,
            publisher=args.publisher,
            reason=args.reason,
            expires_at=_expiry(args.until),
        )
    subject = f"product {args.gtin}" if args.gtin else f"publisher {args.publisher}"
    until = f" until {args.until}" if args.until else " with no expiry"
    if args.json:
        print_json({"waiver_id": waiver_id})
    else:
        print(f"waiver {waiver_id}: {args.rule.upper()} waived for {subject}{until}")
    return EXIT_OK


def cmd_waivers(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        rows = [waivers.to_json(r) for r in waivers.listing(db, include_ended=args.all).to_dicts()]
    if args.json:
        print_json(rows)
    else:
        for r in rows:
            r["subject"] = r["product_key"] or f"publisher {r['publisher']}"
            r["until"] = (r["expires_at"] or "no expiry")[:16]
        print(
            table(
                rows,
                [
                    ("waiver_id", "id"),
                    ("rule_id", "rule"),
                    ("subject", "for"),
                    ("state", "state"),
                    ("until", "until"),
                    ("silences", "silences"),
                    ("created_by", "by"),
                    ("reason", "reason"),
                ],
            )
        )
    return EXIT_OK


def cmd_unwaive(args: argparse.Namespace) -> int:
    who = actor(args)
    with open_db(args) as db:
        waivers.revoke(db, who, args.waiver_id)
    print(f"waiver {args.waiver_id} ended: its findings count and block again")
    return EXIT_OK


def cmd_senders(args: argparse.Namespace) -> int:
    with open_db(args) as db:
        if args.strict is not None:
            senders.set_strict(db, actor(args), args.name, args.strict == "on")
        rows = [senders.to_json(r) for r in senders.listing(db).to_dicts()]
    if args.json:
        print_json(rows)
    else:
        print(
            table(
                rows,
                [
                    ("sender_id", "id"),
                    ("name", "sender"),
                    ("strict", "strict"),
                    ("deliveries", "deliveries"),
                    ("last_sent_at", "last sent"),
                ],
            )
        )
    return EXIT_OK


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("findings", help="current quality findings, filtered")
    p.add_argument("--rule", help="a rule id, e.g. Q20")
    p.add_argument("--gtin", help="one product")
    p.add_argument("--severity", choices=SEVERITIES)
    p.add_argument("--publisher")
    p.add_argument("--status", choices=findings.STATUSES, help="open = new or recurring and not waived")
    p.add_argument("--run", type=int, help="the findings of one ingest run")
    p.add_argument("--limit", type=int, default=10_000)
    p.add_argument("--json", action="store_true", help="a list of objects (rule, gtin, severity, field, ...)")
    p.set_defaults(func=cmd_findings)

    p = sub.add_parser("checks", help="re-run every rule over the catalogue and the pending conversions")
    p.add_argument("--actor")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_checks)

    p = sub.add_parser("rules", help="the rule catalogue, with open findings per rule")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_rules)

    p = sub.add_parser("waive", help="waive a rule for a product or a publisher")
    p.add_argument("rule", metavar="RULE")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--gtin", help="the product")
    who.add_argument("--publisher", help="every product of this publisher")
    p.add_argument("--reason", required=True, help="why the finding is acceptable")
    p.add_argument("--until", help="expiry: a date (through its end, UTC) or an ISO date and time")
    p.add_argument("--actor")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_waive)

    p = sub.add_parser("waivers", help="waivers in force (--all: also expired and revoked ones)")
    p.add_argument("--all", action="store_true")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_waivers)

    p = sub.add_parser("unwaive", help="end a waiver now")
    p.add_argument("waiver_id", type=int, metavar="WAIVER_ID")
    p.add_argument("--actor")
    p.set_defaults(func=cmd_unwaive)

    p = sub.add_parser("senders", help="the senders of feeds; --strict on|off validates a sender's files (Q03)")
    p.add_argument("name", nargs="?", metavar="SENDER")
    p.add_argument("--strict", choices=["on", "off"])
    p.add_argument("--actor")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_senders)
