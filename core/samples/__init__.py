"""The project's own deterministic ONIX sample-feed generator (headless: stdlib + lxml only).

Two uses:
- the committed sample files in ``data/samples`` (``write_samples``), ingested on a first start in
  ``SEED_ORDER``: two full ONIX 3.0 deliveries with a registry of their deliberate defects and
  delivery-2 changes (``build_samples``), a Block 6 price update (``build_price_update``), a legacy ONIX
  2.1 feed in ISO-8859-1 (``build_legacy``) and an ONIX 3.0 short-tag feed (``build_short_feed``), all
  of which tests and docs rely on;
- clean benchmark feeds of any size, streamed in constant memory (``write_feed``).

Command line: ``python -m core.samples [--out DIR]`` or
``python -m core.samples --products N [--seed S] OUT.xml``.
"""

from core.samples.block_update import DELIVERY_3, PriceMove, PriceUpdate, build_price_update
from core.samples.deliveries import (
    DELIVERY_1,
    DELIVERY_2,
    ChangeRecord,
    DefectRecord,
    SampleSet,
    build_samples,
)
from core.samples.feed import clean_products, write_feed, write_message, write_text
from core.samples.folder import SEED_ORDER, write_samples
from core.samples.legacy import LEGACY_21, LegacyFeed, build_legacy
from core.samples.short_tags import SHORT_TAGS, ShortFeed, build_short_feed


def sample_defects() -> list[DefectRecord]:
    """Every finding expected in the committed sample files (file, GTIN, reference, rule, severity):
    the deliveries' deliberate defects, then what the legacy 2.1 feed's format habits imply."""
    return build_samples().defects + build_legacy().findings


__all__ = [
    "DELIVERY_1",
    "DELIVERY_2",
    "DELIVERY_3",
    "LEGACY_21",
    "SEED_ORDER",
    "SHORT_TAGS",
    "ChangeRecord",
    "DefectRecord",
    "LegacyFeed",
    "PriceMove",
    "PriceUpdate",
    "SampleSet",
    "ShortFeed",
    "build_legacy",
    "build_price_update",
    "build_samples",
    "build_short_feed",
    "clean_products",
    "sample_defects",
    "write_feed",
    "write_message",
    "write_samples",
    "write_text",
]
