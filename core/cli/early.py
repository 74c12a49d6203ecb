"""What `python -m core` does before it loads the command line: start an ingest's workers, hash its file.

An ingest parses in worker processes, and a fresh worker takes most of a second to import the converter.
Started before the main process imports the rest of the command line and opens the database (about a
second's work too), the workers are ready when the first batch is, instead of the first batch waiting for
them. The first file is hashed meanwhile too (`core.ingest.digest`): receiving it would otherwise read it
whole before its first product is read. This module imports only what these need.
"""

from __future__ import annotations

from pathlib import Path

from core.config import settings
from core.ingest import digest
from core.ingest.pool import WORKER_MODULE, shared_pool


def command_of(argv: list[str]) -> str | None:
    """The subcommand named in `argv`: the first word that is neither an option nor the value of --db."""
    after_db = False
    for word in argv:
        if after_db:
            after_db = False
        elif word == "--db":
            after_db = True
        elif not word.startswith("-"):
            return word
    return None


def first_file(argv: list[str]) -> Path | None:
    """The first word after the subcommand that names a regular file (an option's value rarely does, and
    hashing such a file ahead only costs the time to hash it)."""
    command = command_of(argv)
    words = argv[argv.index(command) + 1 :] if command else []
    return next((Path(w) for w in words if not w.startswith("-") and Path(w).is_file()), None)


def prepare(argv: list[str]) -> None:
    """For an ingest: start the shared worker pool (the ingest then finds it running), and hash the first
    file named on the command line ahead."""
    if command_of(argv) != "ingest" or {"-h", "--help"} & set(argv):
        return
    shared_pool(settings().worker_count).start(WORKER_MODULE)
    found = first_file(argv)
    if found is not None:
        digest.hash_ahead(found)
