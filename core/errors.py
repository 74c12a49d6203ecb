"""The console's own errors: a title a person can act on, a detail, and whether retrying can help.

Driver errors (DuckDB, boto3, lxml) are translated into these at the boundary of `core`, so pages and the
command line never catch `duckdb.Error` and never show a stack trace for a foreseeable failure.
"""

from __future__ import annotations


class ConsoleError(Exception):
    """A failure the user should see: `title` is one line, `detail` says what happened and what to do."""

    transient = False

    def __init__(self, detail: str, title: str | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.title = title or type(self).default_title

    default_title = "Something went wrong"

    def __str__(self) -> str:
        return self.detail


class TransientError(ConsoleError):
    """Retrying later can succeed (a lock held, a busy disk, a throttled endpoint)."""

    transient = True
    default_title = "Temporarily unavailable"


class TerminalError(ConsoleError):
    """Retrying cannot help until something is changed (bad input, a missing object, no permission)."""

    default_title = "Cannot do that"


class NotFound(TerminalError):
    default_title = "Not found"


class PermissionDenied(TerminalError):
    default_title = "Not allowed"


class InvalidInput(TerminalError):
    default_title = "Invalid input"


class DatabaseBusy(TransientError):
    """Another process (usually the running console) holds the database file."""

    default_title = "Database in use"
