"""The project's own deterministic ONIX 3.0 sample-feed generator (headless: stdlib + lxml only).

Two uses:
- the committed sample deliveries in ``data/samples`` (``write_samples``), with a registry of their
  deliberate defects and delivery-2 changes (``build_samples``) that tests and docs rely on;
- clean benchmark feeds of any size, streamed in constant memory (``write_feed``).

Command line: ``python -m core.samples [--out DIR]`` or
``python -m core.samples --products N [--seed S] OUT.xml``.
"""

from core.samples.deliveries import ChangeRecord, DefectRecord, SampleSet, build_samples
from core.samples.feed import clean_products, write_feed, write_message
from core.samples.folder import write_samples


def sample_defects() -> list[DefectRecord]:
    """Every deliberate finding in the committed sample files (file, GTIN, reference, rule, severity)."""
    return build_samples().defects


__all__ = [
    "ChangeRecord",
    "DefectRecord",
    "SampleSet",
    "build_samples",
    "clean_products",
    "sample_defects",
    "write_feed",
    "write_message",
    "write_samples",
]
