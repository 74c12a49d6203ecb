"""A received file's SHA-256, computed ahead when the caller knows the file early.

Receiving hashes every byte of a feed before anything else of its ingest can start (a 566 MB file: 0.6 s
of one core; 4 GB: 4 s), because the hash is how a repeated delivery is recognised and names the archived
copy. `python -m core ingest FILE` knows the file before it has loaded the command line, so it hashes it
in a thread meanwhile (hashlib releases the interpreter lock while it hashes), and `receive` takes the
digest ready. A digest is taken only for the same file unchanged: same path, device, inode, size and
modification time as when the hashing started; anything else is hashed again. This module imports
nothing heavy: it runs before the command line is loaded.
"""

from __future__ import annotations

import contextlib
import threading
from pathlib import Path

from core.checksum import sha256_of

_Identity = tuple[str, int, int, int, int]


class _Hashing(threading.Thread):
    """Hashes one file; `digest` is set when it is done (left None when the file could not be read:
    receiving hashes it again, and reports the error then)."""

    def __init__(self, path: Path) -> None:
        super().__init__(name="hash-ahead", daemon=True)
        self.path = path
        self.digest: str | None = None

    def run(self) -> None:
        with contextlib.suppress(OSError):
            self.digest = sha256_of(self.path)


_ahead: dict[_Identity, _Hashing] = {}
_lock = threading.Lock()


def _identity(path: Path) -> _Identity | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (str(path.resolve()), st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


def hash_ahead(path: Path) -> threading.Thread | None:
    """Start hashing `path` in a daemon thread (a regular file only; anything else is left to `sha256`)."""
    identity = _identity(path) if path.is_file() else None
    if identity is None:
        return None
    hashing = _Hashing(path)
    with _lock:
        _ahead[identity] = hashing
    hashing.start()
    return hashing


def sha256(path: Path) -> str:
    """The file's SHA-256: the one hashed ahead when the file is unchanged since, else computed now."""
    identity = _identity(path)
    with _lock:
        hashing = _ahead.pop(identity, None) if identity else None
    if hashing is not None:
        hashing.join()
        if hashing.digest is not None and _identity(path) == identity:
            return hashing.digest
    return sha256_of(path)
