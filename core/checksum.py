"""The SHA-256 of a file, read a block at a time: how a delivery is recognised, in (the archive names a
received feed by it) and out (an export's files, checked before and after they are delivered)."""

from __future__ import annotations

import hashlib
from pathlib import Path

BLOCK = 1024 * 1024


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(BLOCK):
            digest.update(block)
    return digest.hexdigest()
