"""The two sample deliveries of the repository (``data/samples``) and the facts about them.

Delivery 1 is 240 products from two publishers, sent by one distributor, with one deliberate defect
on each of 25 products. Delivery 2 is the full re-delivery two weeks later: mostly identical, some
products changed, some new, one deleted, one re-keyed. ``build_samples`` returns the products plus
the registry of defects and changes (what the README lists and what the quality tests assert), and
``core.samples.folder`` writes them.

Positions are fixed: defect *k* sits at product index 3 + 9*k, changes and the special records at
indices spread over the remaining clean products. Every product is built from its own seed, so
adding a product never reshuffles the others.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import UTC, datetime

from core.samples.build import Constraints, build_product
from core.samples.changes import CHANGES, Change, ChangeContext
from core.samples.defects import DEFECTS, Q40_SEVERITY, Defect
from core.samples.feed import product_rng
from core.samples.model import Product
from core.samples.onix_writer import Header
from core.samples.parties import SENDER, publisher_for

SAMPLE_SEED = 20261102
DELIVERY_1 = "delivery-1.xml"
DELIVERY_2 = "delivery-2.xml"
README = "README.md"
SENT_1 = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
SENT_2 = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)
PRODUCTS_1 = 240
NEW_IN_2 = 12
DEFECT_SLOTS = tuple(3 + 9 * k for k in range(len(DEFECTS)))


@dataclass(frozen=True, slots=True)
class DefectRecord:
    """One deliberate finding: the rule the checks must report for this product in this file."""

    file: str
    gtin: str
    record_reference: str
    rule: str
    severity: str
    what: str


@dataclass(frozen=True, slots=True)
class ChangeRecord:
    """One product that differs between delivery 1 and delivery 2, and how."""

    gtin: str
    record_reference: str
    kind: str
    what: str


@dataclass(slots=True)
class SampleSet:
    header_1: Header
    header_2: Header
    delivery_1: list[Product]
    delivery_2: list[Product]
    defects: list[DefectRecord] = field(default_factory=list)
    changes: list[ChangeRecord] = field(default_factory=list)
    new_gtins: list[str] = field(default_factory=list)
    deleted_gtin: str = ""
    rekeyed: tuple[str, str, str] = ("", "", "")  # gtin, old RecordReference, new RecordReference

    @property
    def unchanged_count(self) -> int:
        return PRODUCTS_1 - len(self.changes) - 2  # minus the deleted and the re-keyed product


def _slots() -> tuple[list[int], int, int]:
    """Indices of the change carriers, of the deleted product and of the re-keyed product."""
    clean = [i for i in range(PRODUCTS_1) if i not in DEFECT_SLOTS]
    step = len(clean) // len(CHANGES)
    changes = [clean[1 + j * step] for j in range(len(CHANGES))]
    rest = [i for i in clean if i not in changes]
    return changes, rest[len(rest) // 3], rest[2 * len(rest) // 3]


def _build(index: int, constraints: Constraints, sent: datetime) -> Product:
    publisher = publisher_for(index, constraints.language)
    return build_product(
        product_rng(SAMPLE_SEED, index),
        isbn_body=f"{publisher.isbn_block}{index:03d}",
        publisher=publisher,
        sent=sent.date(),
        constraints=constraints,
    )


def build_samples() -> SampleSet:
    """Build both deliveries and their registries (pure: no files, no clock)."""
    change_slots, deleted_index, rekeyed_index = _slots()
    change_at = dict(zip(change_slots, CHANGES, strict=True))
    defect_at = dict(zip(DEFECT_SLOTS, DEFECTS, strict=True))
    samples = SampleSet(Header(SENDER, 1, SENT_1), Header(SENDER, 2, SENT_2), [], [])
    repeated: list[DefectRecord] = []  # delivery-2 findings, listed after all delivery-1 ones
    for index in range(PRODUCTS_1):
        defect, change = defect_at.get(index), change_at.get(index)
        constraints = defect.constraints if defect else change.constraints if change else Constraints()
        clean = _build(index, constraints, SENT_1)
        first = copy.deepcopy(clean)
        second = first  # unchanged unless said otherwise: the same record, so byte-identical XML
        if defect is not None:
            second = _with_defect(samples, repeated, defect, first, clean)
        elif change is not None:
            second = _with_change(samples, change, first, clean, index)
        elif index == deleted_index:
            second = Product(
                first.record_reference,
                "05",
                copy.deepcopy(first.identifiers),
                deletion_text="Record issued in error: this edition will not be published",
            )
            samples.deleted_gtin = first.isbn
        elif index == rekeyed_index:
            second = _rekeyed(samples, repeated, first)
        samples.delivery_1.append(first)
        samples.delivery_2.append(second)
    for index in range(PRODUCTS_1, PRODUCTS_1 + NEW_IN_2):
        product = _build(index, Constraints(), SENT_2)
        samples.delivery_2.append(product)
        samples.new_gtins.append(product.isbn)
    samples.defects.extend(repeated)
    return samples


def _with_defect(
    samples: SampleSet, repeated: list[DefectRecord], defect: Defect, first: Product, clean: Product
) -> Product:
    """Break ``first`` (delivery 1) and return its delivery-2 record."""
    what = defect.edit(first, SENT_1.date())
    samples.defects.append(
        DefectRecord(DELIVERY_1, first.isbn, first.record_reference, defect.rule, defect.severity, what)
    )
    if defect.rule == "Q26":
        # The publisher sends the full description in the re-delivery: a resolved finding.
        second = copy.deepcopy(first)
        second.texts = copy.deepcopy(clean.texts)
        samples.changes.append(
            ChangeRecord(
                second.isbn,
                second.record_reference,
                "description",
                "description rewritten at full length (resolves Q26)",
            )
        )
        return second
    repeated.append(
        DefectRecord(
            DELIVERY_2,
            first.isbn,
            first.record_reference,
            defect.rule,
            defect.severity,
            what + " (unchanged from delivery 1)",
        )
    )
    return first


def _with_change(samples: SampleSet, change: Change, first: Product, clean: Product, index: int) -> Product:
    if change.before is not None:
        change.before(first)
    second = copy.deepcopy(first)
    # The edit's own seed differs from the product's, so its choices never echo the product's.
    context = ChangeContext(clean, SENT_2.date(), product_rng(SAMPLE_SEED + 1, index))
    what = change.edit(second, context)
    samples.changes.append(ChangeRecord(second.isbn, second.record_reference, change.kind, what))
    return second


def _rekeyed(samples: SampleSet, repeated: list[DefectRecord], first: Product) -> Product:
    """The same product under a new RecordReference, as after a sender's system migration (Q40)."""
    second = copy.deepcopy(first)
    second.record_reference = f"{first.record_reference.rsplit('.', 1)[0]}.v2.{first.isbn}"
    samples.rekeyed = (first.isbn, first.record_reference, second.record_reference)
    repeated.append(
        DefectRecord(
            DELIVERY_2,
            first.isbn,
            second.record_reference,
            "Q40",
            Q40_SEVERITY,
            f"same ISBN re-sent under a new RecordReference: {first.record_reference} -> {second.record_reference}",
        )
    )
    return second
