"""Settings: environment variables with the `CONSOLE_` prefix, an optional TOML file, safe defaults.

A fresh checkout needs no configuration at all: the database, inbox, archive and spool live under `data/`
and the local operator is an admin. Secrets (S3 credentials) never live here; they come from the
environment or a named AWS profile.
"""

from __future__ import annotations

import getpass
import os
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

ROOT = Path(__file__).resolve().parents[1]
"""The checkout: `queries/`, `data/samples/` and the default `data/` folder live here."""

Role = Literal["viewer", "reviewer", "admin"]

MiB = 1024 * 1024


def _config_file() -> Path:
    return Path(os.environ.get("CONSOLE_CONFIG", ROOT / "console.toml"))


def local_operator() -> str:
    """The operating-system user: who acts when nobody signed in (development, the command line)."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no passwd entry in some containers
        return os.environ.get("USER", "operator")


class Settings(BaseSettings):
    """Every setting of the console. Environment: `CONSOLE_<NAME>` (e.g. `CONSOLE_DB`)."""

    model_config = SettingsConfigDict(env_prefix="CONSOLE_", extra="ignore")

    db: Path = Field(default=ROOT / "data" / "console.duckdb", description="The DuckDB file.")
    data_dir: Path = Field(default=ROOT / "data", description="Inbox, archive, spool and exports live here.")
    samples_dir: Path = Field(default=ROOT / "data" / "samples", description="Sample feeds seeded on first start.")
    partners_dir: Path = Field(
        default=ROOT / "data" / "partners", description="Partner profiles seeded on first start (JSON files)."
    )
    seed_on_start: bool = Field(default=True, description="Seed an empty database with the sample feeds.")

    max_file_bytes: int = Field(default=4096 * MiB, description="Feeds larger than this are refused.")
    max_product_bytes: int = Field(default=8 * MiB, description="A larger product is rejected, the rest go on.")
    workers: int = Field(default=0, description="Parse/convert worker processes; 0 = one per core.")
    batch_products: int = Field(
        default=500,
        description="Products per worker batch (each batch is one spool file per table: a 50,000-product commit "
        "took 0.7 s longer over 200 files of 250 products than over 100 of 500; a worker holds one batch's tree).",
    )

    duckdb_memory_limit: str = Field(
        default="128MB",
        description="DuckDB memory_limit of the console and the command line (DuckDB spills beyond).",
    )
    recheck_memory_limit: str = Field(
        default="1GB",
        description="DuckDB memory_limit while `checks` re-runs the rules over the whole catalogue "
        "(the configured limit comes back afterwards).",
    )
    large_catalog_products: int = Field(
        default=250_000,
        description="From this catalogue size on, a delivery's commit runs under the re-check's memory limit: "
        "diffing a 100,000-product delivery against 1,000,000 products needs more than 128MB (`make bench`).",
    )
    delivery_memory_limit: str = Field(
        default="96MB",
        description="DuckDB memory_limit of a delivery's commit (stage, check, diff, write; DuckDB spills beyond): "
        "below duckdb_memory_limit, so that an ingest's peak memory hardly depends on the file's size "
        "(`make bench` ingests 5,000 and 50,000 products; 50,000 fail under 64MB).",
    )
    delivery_memory_per_product: int = Field(
        default=0,
        description="Bytes of DuckDB memory a delivery's commit is given per product when that is more than "
        "delivery_memory_limit (at most recheck_memory_limit); 0 = none. The commit copies a delivery from the "
        "spool in slices, so its memory no longer grows with the delivery (360,000 products, a 4 GB file, commit "
        "under 96MB): raise this only if a delivery's commit fails with Out of Memory.",
    )
    duckdb_threads: int = Field(default=2, description="DuckDB threads.")

    port: int = Field(default=8501, description="The console's port (used in messages and `make run`).")
    public_url: str = Field(default="", description="The console's address as users see it.")
    auto_approve_fields: list[str] = Field(
        default_factory=list,
        description='Auto-approve policy (off when empty): a changed product whose changed CCF fields are all '
        'in this list and that has no finding above info is approved by `auto-approve`; JSON: `["prices"]`.',
    )
    inbox_poll_seconds: float = Field(default=5.0, description="How often the inbox folder is scanned.")

    operator: str = Field(default_factory=local_operator, description="The local operator's name.")
    operator_role: Role = Field(default="admin", description="The local operator's role.")
    roles: dict[str, Role] = Field(
        default_factory=dict, description='Role per user name, as JSON: `{"alice": "reviewer"}`.'
    )
    default_role: Role = Field(default="viewer", description="Role of a signed-in user not listed in `roles`.")
    auth_header: str = Field(default="", description="Trusted reverse-proxy header naming the user.")

    def model_post_init(self, context: object, /) -> None:
        # The database follows the data folder unless it was named on its own.
        if "db" not in self.model_fields_set:
            self.db = self.data_dir / "console.duckdb"

    @property
    def inbox_dir(self) -> Path:
        return self.data_dir / "inbox"

    @property
    def archive_dir(self) -> Path:
        return self.data_dir / "archive"

    @property
    def spool_dir(self) -> Path:
        return self.data_dir / "spool"

    @property
    def exports_dir(self) -> Path:
        return self.data_dir / "exports"

    @property
    def console_url(self) -> str:
        return self.public_url or f"http://localhost:{self.port}"

    @property
    def worker_count(self) -> int:
        return self.workers if self.workers > 0 else max(1, os.cpu_count() or 1)

    def role_of(self, user: str) -> Role:
        """The role configured for `user`; the local operator has `operator_role`."""
        if user in self.roles:
            return self.roles[user]
        if user == self.operator:
            return self.operator_role
        return self.default_role

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # Explicit arguments win, then the environment, then the optional TOML file.
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls, toml_file=_config_file()))


@lru_cache(maxsize=1)
def settings() -> Settings:
    """The process-wide settings, read once."""
    return Settings()
