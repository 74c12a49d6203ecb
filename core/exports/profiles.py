"""Partner profiles: who receives what, in which shape, where. Versioned in the database.

On first start the files in `data/partners/*.json` seed the `partners` table; from then on the database is
the truth: an admin's edit makes a new version (an export names the version it used, so a past export
can be rendered again exactly), and `partners export` writes the current versions back to files.
Credentials are never part of a profile: an S3 destination names an endpoint, a region and at most a
named AWS profile; keys come from the environment.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from core.auth import Actor
from core.ccf.codes import countries
from core.ccf.model import ContentType, ProductForm
from core.checks.catalogue import Severity, rules
from core.db import Database
from core.errors import InvalidInput, NotFound

Format = Literal["onix30-reference", "onix30-short", "csv", "jsonl", "parquet"]
Channel = Literal["retail", "subscription", "streaming"]
Mode = Literal["full", "delta"]

FLAT_COLUMNS = (
    "action", "product_key", "version", "record_reference", "title", "subtitle", "series", "authors", "narrators",
    "publisher", "imprint", "language", "product_form", "content_type", "edition", "duration_seconds",
    "publication_date", "publishing_status", "availability", "for_sale", "prices", "bisac", "thema", "explicit",
    "cover_url", "sample_url", "description",
)  # fmt: skip
"""Every column the flat formats (CSV, JSONL, Parquet) can carry, in this order (queries/exports/flat.sql)."""

EXTENSIONS = {"onix30-reference": "xml", "onix30-short": "xml", "csv": "csv", "jsonl": "jsonl", "parquet": "parquet"}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class CsvOptions(_Model):
    columns: list[str] = Field(default_factory=lambda: list(FLAT_COLUMNS))
    delimiter: str = ","
    quote_all: bool = False
    header: bool = True

    @field_validator("columns")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        unknown = [c for c in value if c not in FLAT_COLUMNS]
        if unknown:
            raise ValueError(f"unknown columns {unknown}; available: {', '.join(FLAT_COLUMNS)}")
        if "product_key" not in value or "action" not in value:
            raise ValueError("a partner file needs the columns action and product_key")
        return value

    @field_validator("delimiter")
    @classmethod
    def _one_char(cls, value: str) -> str:
        if len(value) != 1:
            raise ValueError("the delimiter is one character")
        return value


class Selection(_Model):
    markets: list[str] = Field(default_factory=list, description="Countries; empty: everywhere for sale.")
    product_forms: list[ProductForm] = Field(default_factory=list, description="Empty: every form.")
    content_types: list[ContentType] = Field(default_factory=list, description="Empty: every content type.")
    channel: Channel = "retail"

    @field_validator("markets")
    @classmethod
    def _countries(cls, value: list[str]) -> list[str]:
        codes = sorted({v.strip().upper() for v in value})
        unknown = [c for c in codes if c not in countries()]
        if unknown:
            raise ValueError(f"not ISO 3166-1 countries: {unknown}")
        return codes


def _errors_only() -> list[Severity]:
    return ["error"]


class Blocking(_Model):
    severities: list[Severity] = Field(default_factory=_errors_only)
    rules: dict[str, Literal["block", "allow"]] = Field(
        default_factory=dict, description="Per-rule overrides of the severities, e.g. {'Q28': 'block'}."
    )

    @field_validator("rules")
    @classmethod
    def _known_rules(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = [r for r in value if r not in rules()]
        if unknown:
            raise ValueError(f"not rules of the catalogue: {unknown}")
        return value


class DestinationSpec(_Model):
    url: str = Field(default="exports", description="A folder (relative to the data folder) or s3://bucket/prefix.")
    endpoint_url: str | None = None
    region: str | None = None
    aws_profile: str | None = Field(default=None, description="A named AWS profile; else the environment's keys.")
    checksum: Literal["when_supported", "when_required"] = "when_supported"


class PartnerProfile(_Model):
    name: str = Field(pattern=r"^[a-z0-9][a-z0-9-]{1,40}$")
    title: str
    format: Format
    csv: CsvOptions = Field(default_factory=CsvOptions)
    max_products_per_file: int = Field(default=0, ge=0, description="Split the output; 0: one file.")
    selection: Selection = Field(default_factory=Selection)
    blocking: Blocking = Field(default_factory=Blocking)
    mode: Mode = "delta"
    destination: DestinationSpec = Field(default_factory=DestinationSpec)

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.format]

    def canonical(self) -> str:
        return json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)


def parse(data: dict[str, Any] | str) -> PartnerProfile:
    try:
        if isinstance(data, str):
            return PartnerProfile.model_validate_json(data)
        return PartnerProfile.model_validate(data)
    except ValueError as e:
        raise InvalidInput(f"the partner profile is not valid: {e}") from None


def read_files(folder: Path) -> list[PartnerProfile]:
    found = []
    for path in sorted(folder.glob("*.json")):
        try:
            found.append(parse(path.read_text(encoding="utf-8")))
        except InvalidInput as e:
            raise InvalidInput(f"{path}: {e.detail}") from None
    return found


def seed_if_empty(db: Database, folder: Path, actor: Actor) -> int:
    """The shipped profiles into an empty `partners` table; returns how many were added."""
    if db.scalar("exports/count_partners") or not folder.is_dir():
        return 0
    profiles = read_files(folder)
    for profile in profiles:
        _insert(db, profile, 1, actor.name)
    return len(profiles)


def _insert(db: Database, profile: PartnerProfile, version: int, who: str) -> None:
    with db.transaction() as tx:
        tx.run(
            "exports/insert_partner",
            name=profile.name,
            version=version,
            profile=profile.canonical(),
            created_at=datetime.now(UTC),
            created_by=who,
        )


def current(db: Database) -> dict[str, tuple[int, PartnerProfile]]:
    """Every partner's current profile: {name: (version, profile)}."""
    return {r["name"]: (int(r["version"]), parse(r["profile"])) for r in db.read("exports/partners").to_dicts()}


def get(db: Database, name: str, version: int | None = None) -> tuple[int, PartnerProfile]:
    row = db.one("exports/partner", name=name, version=version)
    if row is None:
        known = ", ".join(sorted(current(db))) or "none yet"
        raise NotFound(f"no partner {name!r}" + (f" version {version}" if version else "") + f" (partners: {known})")
    return int(row["version"]), parse(row["profile"])


def save(db: Database, actor: Actor, profile: PartnerProfile) -> int:
    """A new version of a partner's profile (or its first); unchanged content makes no version."""
    actor.require("admin")
    try:
        version, old = get(db, profile.name)
    except NotFound:
        version, old = 0, None
    if old is not None and old.canonical() == profile.canonical():
        return version
    _insert(db, profile, version + 1, actor.name)
    return version + 1


def write_files(db: Database, folder: Path) -> list[Path]:
    """The current profiles back to `folder/<name>.json` (to commit them, or to seed another console)."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (_, profile) in sorted(current(db).items()):
        path = folder / f"{name}.json"
        path.write_text(json.dumps(profile.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n", "utf-8")
        written.append(path)
    return written


def versions(db: Database, name: str) -> list[dict[str, Any]]:
    """Every version of a partner's profile, newest first: {version, profile, created_at, created_by}."""
    rows = db.read("exports/partner_versions", name=name).to_dicts()
    return [{**r, "version": int(r["version"]), "profile": parse(r["profile"])} for r in rows]


def listing(db: Database) -> list[dict[str, Any]]:
    """Every partner's current profile with who saved that version and when (for the Exports screen)."""
    return [
        {**r, "version": int(r["version"]), "profile": parse(r["profile"])}
        for r in db.read("exports/partners").to_dicts()
    ]
