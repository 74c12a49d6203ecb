"""Write the committed sample folder: both deliveries and the README generated from the same registry."""

from __future__ import annotations

from pathlib import Path

from core.samples.deliveries import DELIVERY_1, DELIVERY_2, README, build_samples
from core.samples.feed import write_message
from core.samples.readme import render_readme

DEFAULT_DIR = Path("data/samples")


def write_samples(out_dir: str | Path = DEFAULT_DIR) -> list[Path]:
    """Write delivery-1.xml, delivery-2.xml and README.md into ``out_dir``; return their paths."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    samples = build_samples()
    first, second, readme = out / DELIVERY_1, out / DELIVERY_2, out / README
    write_message(first, samples.header_1, samples.delivery_1)
    write_message(second, samples.header_2, samples.delivery_2)
    readme.write_text(render_readme(samples), encoding="utf-8", newline="\n")
    return [first, second, readme]
