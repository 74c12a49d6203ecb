"""Render ``data/samples/README.md`` from the sample registry.

The README is generated, never edited, so what it says about the files (counts, the deleted GTIN, the
defect table) is by construction what the generator wrote; the tests check it against the XML too.
"""

from __future__ import annotations

from core.samples.block_update import PriceUpdate
from core.samples.deliveries import (
    DELIVERY_1,
    DELIVERY_2,
    NEW_IN_2,
    PRODUCTS_1,
    SAMPLE_SEED,
    SampleSet,
)
from core.samples.legacy import LegacyFeed
from core.samples.onix_writer import sent_date_time
from core.samples.parties import PUBLISHERS, SENDER
from core.samples.readme_sections import (
    cell,
    file_lines,
    glance,
    legacy_lines,
    price_update_lines,
    seed_lines,
    short_lines,
)
from core.samples.short_tags import ShortFeed

COMMAND = ".venv/bin/python -m core.samples"


def render_readme(
    s: SampleSet, update: PriceUpdate, legacy: LegacyFeed, short: ShortFeed, seed_order: tuple[str, ...]
) -> str:
    publishers = "; ".join(
        f"{p.name} (ISBN block 979-8-{p.isbn_block}, imprints {', '.join(p.imprints)})" for p in PUBLISHERS
    )
    changed = len(s.changes)
    lines = [
        "# Sample ONIX feeds",
        "",
        f"Generated files: do not edit them. Regenerate with `{COMMAND}` (writes this folder; "
        f"`--out DIR` writes elsewhere) from the generator in `core/samples/` (seed {SAMPLE_SEED}).",
        "`tests/core/samples/` fails when these files differ from what the generator produces, and the",
        "quality tests assert exactly the findings in the defect table below and in the legacy feed's table:",
        "every other product is clean against every rule of `docs/rules.md` (Q01-Q40). All dates are",
        "relative to each message's SentDateTime, so nothing here depends on the day the files are read.",
        "",
        "## Files",
        "",
        f"- `{DELIVERY_1}`: ONIX 3.0, reference tags, UTF-8. Sender {SENDER.name} (GLN {SENDER.gln}), "
        f"MessageNumber {s.header_1.message_number}, SentDateTime {sent_date_time(s.header_1.sent)}. "
        f"{PRODUCTS_1} audiobooks from two fictional publishers: {publishers}.",
        f"- `{DELIVERY_2}`: the full re-delivery from the same sender, MessageNumber "
        f"{s.header_2.message_number}, SentDateTime {sent_date_time(s.header_2.sent)}: "
        f"{len(s.delivery_2)} product records.",
        *file_lines(update, legacy, short),
        "",
        *seed_lines(seed_order),
        f"### {DELIVERY_1} at a glance",
        "",
        *glance(s.delivery_1),
        "",
        f"### {DELIVERY_2} compared with {DELIVERY_1} (by ISBN)",
        "",
        "| products | count |",
        "|---|---|",
        f"| unchanged (identical Product XML) | {s.unchanged_count} |",
        f"| changed | {changed} |",
        "| re-keyed (same ISBN, new RecordReference) | 1 |",
        f"| new | {NEW_IN_2} |",
        "| deleted (NotificationType 05) | 1 |",
        "",
        f"- deleted: GTIN {s.deleted_gtin} (sent with RecordReference, NotificationType, DeletionText and "
        "ProductIdentifier only)",
        f"- re-keyed: GTIN {s.rekeyed[0]}, RecordReference {s.rekeyed[1]} -> {s.rekeyed[2]}",
        f"- new: {', '.join(s.new_gtins)}",
        "",
        "| GTIN | RecordReference | change | what |",
        "|---|---|---|---|",
        *(f"| {c.gtin} | {c.record_reference} | {c.kind} | {cell(c.what)} |" for c in s.changes),
        "",
        "## Deliberate defects",
        "",
        "Each defect sits on its own product, which carries no other. Products unchanged in delivery 2",
        "carry their defect again (a recurring finding); the Q26 product is fixed in delivery 2 (a resolved",
        "finding); Q40 exists only in delivery 2.",
        "",
        "| file | GTIN | RecordReference | rule | severity | what is wrong |",
        "|---|---|---|---|---|---|",
        *(
            f"| {d.file} | {d.gtin} | {d.record_reference} | {d.rule} | {d.severity} | {cell(d.what)} |"
            for d in s.defects
        ),
        "",
        "Notes:",
        "- Q01 is a file-level finding; the product around the control byte is otherwise clean.",
        "- Forthcoming products are published 1 to 8 months after the message, except the one whose status",
        "  changes in delivery 2: it is published 10 days after delivery 1, before delivery 2 is sent.",
        "- The raw 0x10 byte (Q01), `deu` (Q24), `ROW` (Q33) and `13,99` (Q35) also make the files invalid",
        "  against EDItEUR's XSD, which the optional strict mode of Q03 reports; every product without a",
        "  defect validates against `ONIX_BookProduct_3.0_reference.xsd` (3.0 rev 8).",
        "",
        *price_update_lines(update),
        *legacy_lines(legacy),
        *short_lines(short),
    ]
    return "\n".join(lines)
