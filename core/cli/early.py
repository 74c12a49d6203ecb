"""What `python -m core` does before it loads the command line: start an ingest's workers.

An ingest parses in worker processes, and a fresh worker takes most of a second to import the converter.
Started before the main process imports the rest of the command line and opens the database (about a
second's work too), the workers are ready when the first batch is, instead of the first batch waiting for
them. This module imports only what starting them needs.
"""

from __future__ import annotations

from core.config import settings
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


def start_workers(argv: list[str]) -> None:
    """Start the shared worker pool when `argv` is an ingest (the ingest then finds it running)."""
    if command_of(argv) != "ingest" or {"-h", "--help"} & set(argv):
        return
    shared_pool(settings().worker_count).start(WORKER_MODULE)
