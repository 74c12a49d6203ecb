"""The CCF version 1 record as pydantic models: every field of `ccf.md`, nothing else.

The models are the one definition of CCF: the JSON Schema in `docs/ccf.schema.json`, the DuckDB column
type (`core/ccf/storage.py`) and the Arrow schema of staged batches are all generated from them, and tests
keep the committed copies in sync.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

CCF_VERSION: Literal["1.0"] = "1.0"

Notification = Literal["early", "advance", "confirmed", "block_update", "delete", "test", "unknown"]
ProductForm = Literal["download", "download_and_stream", "stream", "physical_audio", "not_audio", "unknown"]
ContentType = Literal["audiobook", "performance", "other_speech", "music", "other", "unknown"]
ContributorRole = Literal[
    "author",
    "narrator",
    "translator",
    "editor",
    "adapter",
    "abridger",
    "producer",
    "director",
    "actor",
    "performer",
    "other",
]
Edition = Literal["unabridged", "abridged", "unknown"]
PublishingStatus = Literal["forthcoming", "active", "inactive", "out_of_print", "withdrawn", "cancelled", "unknown"]
DatePrecision = Literal["day", "month", "year"]
Availability = Literal[
    "available",
    "not_yet_available",
    "temporarily_unavailable",
    "unavailable",
    "withdrawn",
    "cancelled",
    "unknown",
]


class CountrySet:
    """Marks a list of ISO 3166-1 codes that storage keeps as a bitset (see core/ccf/countryset.py)."""


def _sorted_unique(codes: list[str]) -> list[str]:
    # Sorting the list as given is linear when it is sorted already, as converters deliver it; sorting the
    # set took three times as long for the whole world (249 codes), several times per product.
    ordered = sorted(codes)
    return ordered if len(set(ordered)) == len(ordered) else sorted(set(ordered))


Countries = Annotated[list[str], AfterValidator(_sorted_unique), CountrySet()]
"""ISO 3166-1 alpha-2 codes, always sorted and unique, whoever builds the record."""


class _Part(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Identifier(_Part):
    type: str = Field(description="isbn13, gtin13, isbn10, doi, urn, isbn_a, proprietary:<IDTypeName>, ...")
    value: str


class SeriesEntry(_Part):
    name: str
    number: str | None = None


class Contributor(_Part):
    sequence: int | None = None
    role: ContributorRole
    onix_role: str = Field(description="The ContributorRole code as sent (List 17), e.g. E07.")
    name: str | None = None
    sort_name: str | None = None
    synthetic_voice: bool = False


class Language(_Part):
    role: str = Field(description="text (01), original (02), audio (08), or other:<code>")
    code: str = Field(description="ISO 639-2/B, lower case")


class Chapter(_Part):
    number: int
    title: str | None = None
    start_seconds: int | None = None
    duration_seconds: int | None = None


class Subject(_Part):
    scheme: str = Field(description="bisac, thema, bic, keywords, or other:<List 27 code>")
    code: str | None = None
    heading: str | None = None
    main: bool = False


class Cover(_Part):
    url: str
    width_px: int | None = None
    height_px: int | None = None
    format: str | None = None


class Sample(_Part):
    url: str
    duration_seconds: int | None = None


class Embargo(_Part):
    sales: dt.date | None = None
    preorder: dt.date | None = None
    streaming: dt.date | None = None
    subscription: dt.date | None = None


class SalesRights(_Part):
    for_sale: Countries = Field(default_factory=list, description="ISO 3166-1 alpha-2, sorted, unique")
    not_for_sale: Countries = Field(default_factory=list, description="ISO 3166-1 alpha-2, sorted, unique")
    exclusive: bool | None = None


class Price(_Part):
    amount: str = Field(description="A decimal string with a dot, e.g. '19.99'")
    currency: str | None = Field(default=None, description="ISO 4217")
    price_type: str = Field(description="rrp, fixed, net, agency, ... or other:<List 58 code>")
    tax_included: bool | None = None
    countries: Countries = Field(default_factory=list, description="ISO 3166-1 alpha-2, sorted, unique")
    availability: Availability = "unknown"
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None


class Audience(_Part):
    explicit: bool | None = None
    age_min: int | None = None
    age_max: int | None = None


class Related(_Part):
    relation: str = Field(description="alternative_format, epub_based_on, adapted_from, ... or other:<code>")
    gtin: str | None = None
    form: str | None = None


class Provenance(_Part):
    feed_id: int | None = None
    source_format: str = "onix"
    onix_release: str | None = None
    tag_style: str | None = None
    line: int | None = None
    sent_at: dt.datetime | None = None


class CCFRecord(_Part):
    """One product in the Canonical Content Format, version 1."""

    ccf_version: Literal["1.0"] = CCF_VERSION
    product_key: str = Field(description="GTIN-13")
    record_reference: str | None = None
    identifiers: list[Identifier] = Field(default_factory=list)
    sender: str | None = None
    notification: Notification = "unknown"
    product_form: ProductForm = "unknown"
    product_form_code: str | None = None
    format_codes: list[str] = Field(default_factory=list)
    content_type: ContentType = "unknown"
    title: str | None = None
    subtitle: str | None = None
    series: list[SeriesEntry] = Field(default_factory=list)
    contributors: list[Contributor] = Field(default_factory=list)
    edition: Edition = "unknown"
    languages: list[Language] = Field(default_factory=list)
    duration_seconds: int | None = None
    chapters: list[Chapter] = Field(default_factory=list)
    subjects: list[Subject] = Field(default_factory=list)
    description: str | None = None
    description_html: str | None = None
    short_description: str | None = None
    cover: Cover | None = None
    sample: Sample | None = None
    publisher: str | None = None
    imprint: str | None = None
    publishing_status: PublishingStatus = "unknown"
    publication_date: dt.date | None = None
    publication_date_precision: DatePrecision | None = None
    embargo: Embargo = Field(default_factory=Embargo)
    sales_rights: SalesRights = Field(default_factory=SalesRights)
    restrictions: list[str] = Field(default_factory=list)
    prices: list[Price] = Field(default_factory=list)
    audience: Audience = Field(default_factory=Audience)
    related: list[Related] = Field(default_factory=list)
    provenance: Provenance = Field(default_factory=Provenance)

    def canonical_json(self) -> str:
        """The record as canonical JSON without provenance: fields in the models' declared order (fixed by
        the schema, so the text is deterministic), no whitespace, UTF-8. Serialised by pydantic's core."""
        return self.model_dump_json(exclude={"provenance"})

    def content_hash(self) -> str:
        """Equal hashes mean no change (provenance excluded: where a record came from is not content)."""
        return hashlib.sha256(self.canonical_json().encode("utf-8")).hexdigest()


class ConversionNote(_Part):
    """What the converter had to repair or could not interpret, kept beside the record for the rules."""

    rule_id: str
    field: str
    raw_value: str | None = None
    action: Literal["repaired", "approximated", "dropped", "uninterpretable", "ignored"]
    message: str


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
