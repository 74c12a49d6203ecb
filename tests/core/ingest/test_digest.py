"""A feed's SHA-256 hashed ahead (while `python -m core ingest` loads) is used only for the same file unchanged."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from core.cli.early import first_file
from core.ingest import digest


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Every file `digest` hashes, in order."""
    hashed: list[Path] = []
    real = digest.sha256_of

    def counting(path: Path) -> str:
        hashed.append(path)
        return real(path)

    monkeypatch.setattr(digest, "sha256_of", counting)
    return hashed


def test_a_file_hashed_ahead_is_not_hashed_again(tmp_path: Path, counted: list[Path]) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_bytes(b"<ONIXMessage/>" * 100_000)
    digest.hash_ahead(feed)
    assert digest.sha256(feed) == hashlib.sha256(feed.read_bytes()).hexdigest()
    assert counted == [feed]


def test_a_file_changed_after_hashing_ahead_is_hashed_again(tmp_path: Path, counted: list[Path]) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_bytes(b"<ONIXMessage>first</ONIXMessage>")
    ahead = digest.hash_ahead(feed)
    assert ahead is not None
    ahead.join()  # the first content's digest is ready, under the first file's identity
    feed.write_bytes(b"<ONIXMessage>second, longer</ONIXMessage>")
    assert digest.sha256(feed) == hashlib.sha256(b"<ONIXMessage>second, longer</ONIXMessage>").hexdigest()
    assert counted == [feed, feed]


def test_a_file_not_hashed_ahead_is_hashed_when_received(tmp_path: Path, counted: list[Path]) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_bytes(b"<ONIXMessage/>")
    assert digest.hash_ahead(tmp_path) is None  # a folder: nothing to hash ahead
    assert digest.sha256(feed) == hashlib.sha256(b"<ONIXMessage/>").hexdigest()
    assert counted == [feed]


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["ingest", "feed.xml"], "feed.xml"),
        (["--db", "x.duckdb", "ingest", "--actor", "ops", "--json", "feed.xml", "other.xml"], "feed.xml"),
        (["ingest", "folder"], None),  # a folder's files are found later, by the command
        (["ingest", "missing.xml"], None),
        (["runs"], None),
    ],
)
def test_the_first_feed_file_is_found_before_the_command_line_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str], expected: str | None
) -> None:
    monkeypatch.chdir(tmp_path)
    for name in ("feed.xml", "other.xml", "x.duckdb"):
        (tmp_path / name).write_bytes(b"<ONIXMessage/>")
    (tmp_path / "folder").mkdir()
    found = first_file(argv)
    assert (str(found) if found else None) == expected
