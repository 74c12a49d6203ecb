"""The committed sample files are exactly what the generator produces (so they can never drift)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from samples_files import REPO, SAMPLES_DIR

from core.samples import SEED_ORDER, write_samples


def test_regenerated_samples_are_byte_identical_to_the_committed_ones(tmp_path: Path) -> None:
    written = write_samples(tmp_path)
    assert [p.name for p in written] == [*SEED_ORDER, "README.md"]
    assert SEED_ORDER == (
        "delivery-1.xml",
        "delivery-2.xml",
        "delivery-3-prices.xml",
        "legacy-2.1.xml",
        "short-tags-3.0.xml",
    )
    for path in written:
        committed = SAMPLES_DIR / path.name
        assert committed.read_bytes() == path.read_bytes(), (
            f"{committed} is stale: run `.venv/bin/python -m core.samples` and commit the result"
        )


def test_generation_does_not_depend_on_hash_randomisation(tmp_path: Path) -> None:
    # A second interpreter with another hash seed must write the same bytes (no set/dict-order effects).
    out = tmp_path / "other"
    env = {"PYTHONHASHSEED": "12345", "PATH": ""}
    subprocess.run(
        [sys.executable, "-m", "core.samples", "--out", str(out)],
        cwd=REPO,
        env=env,
        check=True,
        capture_output=True,
    )
    for name in (*SEED_ORDER, "README.md"):
        assert (out / name).read_bytes() == (SAMPLES_DIR / name).read_bytes()


def test_readme_says_how_the_files_are_made(readme: str) -> None:
    assert "Generated files" in readme.splitlines()[2]
    assert "`.venv/bin/python -m core.samples`" in readme
    assert "assert exactly the findings" in readme
