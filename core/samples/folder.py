"""Write the committed sample folder: five feeds and the README generated from the same registries."""

from __future__ import annotations

from pathlib import Path

from core.samples import onix21_writer, short_tags
from core.samples.block_update import DELIVERY_3, build_price_update
from core.samples.deliveries import DELIVERY_1, DELIVERY_2, README, build_samples
from core.samples.feed import write_message, write_text
from core.samples.legacy import LEGACY_21, build_legacy
from core.samples.onix_writer import supply_update_xml
from core.samples.readme import render_readme
from core.samples.short_tags import SHORT_TAGS, build_short_feed

DEFAULT_DIR = Path("data/samples")

SEED_ORDER: tuple[str, ...] = (DELIVERY_1, DELIVERY_2, DELIVERY_3, LEGACY_21, SHORT_TAGS)
"""The order a first start ingests the samples in: the catalogue (delivery 1), its re-delivery, the block
update of products the catalogue has (after both, as its sender dated it), then the other senders' files."""


def write_samples(out_dir: str | Path = DEFAULT_DIR) -> list[Path]:
    """Write the five sample feeds (in ``SEED_ORDER``) and README.md into ``out_dir``; return their paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    samples = build_samples()
    update = build_price_update(samples)
    legacy = build_legacy()
    short = build_short_feed()
    paths = {name: out / name for name in SEED_ORDER}
    write_message(paths[DELIVERY_1], samples.header_1, samples.delivery_1)
    write_message(paths[DELIVERY_2], samples.header_2, samples.delivery_2)
    write_message(paths[DELIVERY_3], update.header, update.products, render=supply_update_xml)
    write_text(
        paths[LEGACY_21],
        onix21_writer.message_xml(legacy.header, legacy.products),
        encoding=onix21_writer.ENCODING,
    )
    write_text(paths[SHORT_TAGS], short_tags.message_xml(short))
    readme = out / README
    text = render_readme(samples, update, legacy, short, SEED_ORDER)
    readme.write_text(text, encoding="utf-8", newline="\n")
    return [*paths.values(), readme]
