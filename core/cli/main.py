"""The entry point of `python -m core`: global options, subcommands, and errors as one clear line."""

from __future__ import annotations

import argparse
import sys

from core.cli import catalog_cmd, exports_cmd, ingest_cmd, quality_cmd, review_cmd
from core.cli.common import EXIT_BUSY, EXIT_FAILED, EXIT_OK
from core.errors import ConsoleError, DatabaseBusy


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m core",
        description="The audiobook content pipeline console, from the command line.",
    )
    p.add_argument("--db", metavar="FILE", help="the DuckDB file (default: $CONSOLE_DB or data/console.duckdb)")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in (ingest_cmd, catalog_cmd, review_cmd, quality_cmd, exports_cmd):
        module.register(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return int(args.func(args))
    except DatabaseBusy as e:
        print(e.detail, file=sys.stderr)
        return EXIT_BUSY
    except ConsoleError as e:
        print(f"{e.title}: {e.detail}", file=sys.stderr)
        return EXIT_FAILED
    except BrokenPipeError:  # the reader (`| head`) has gone: nothing left to say
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        print("interrupted: nothing of the current file was applied", file=sys.stderr)
        return 130
