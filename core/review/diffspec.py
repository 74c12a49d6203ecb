"""What a field-level diff compares, field by field, and the one SQL statement that computes it.

A diff pairs an old and a new CCF record (`diff_pairs(id, old, new)`: a conversion and the catalogue
version it was made against, or two versions of a product's history) and yields one row per change:
`(id, field, item, change, old_value, new_value)`, values as JSON.

- Scalars (and the parts of small structs such as the cover) change old -> new; text is compared with
  whitespace collapsed, so re-wrapped text is not a change.
- Lists are compared by identity, never by position: contributors by role and name, prices by type,
  currency and country set, subjects by scheme and code, chapters by number... An item is `added`,
  `removed` or `changed` (same identity, other attributes: a narrator's new sequence number is a new
  billing order). The order a feed lists them in is not a change.
- Country sets give the countries `added` and `removed` (bit operations on the stored sets).

The statement is compiled from the declarations below (so every field of the CCF is accounted for: a
test checks that), and runs set-based: a 100,000-product delivery is diffed in one pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

ZERO_SET = "'" + "0" * 256 + "'::BIT"
"""An empty country set (the stored sets are 256-bit BIT values)."""


@dataclass(frozen=True)
class Scalar:
    field: str
    """A top-level field or a part of a struct (`cover.url`)."""
    text: bool = False


@dataclass(frozen=True)
class CountrySet:
    field: str


@dataclass(frozen=True)
class ListOf:
    field: str
    key: str
    """SQL over the item `i`: its identity within the list."""
    label: str
    """SQL over the item `i`: how a person names it."""
    value: str = "to_json(i)"


def _countries_label(expr: str) -> str:
    return (
        f"CASE WHEN bit_count({expr}) > 12 THEN bit_count({expr}) || ' countries' "
        f"ELSE array_to_string(country_list({expr}), ' ') END"
    )


_PRICE_VALUE = (
    "to_json({'amount': i.amount, 'currency': i.currency, 'price_type': i.price_type, "
    "'tax_included': i.tax_included, 'countries': country_list(i.countries), 'availability': i.availability, "
    "'valid_from': i.valid_from, 'valid_until': i.valid_until})"
)

SPEC: tuple[Scalar | CountrySet | ListOf, ...] = (
    Scalar("record_reference"),
    ListOf("identifiers", "i.type", "i.type"),
    Scalar("sender"),
    Scalar("product_form"),
    Scalar("product_form_code"),
    ListOf("format_codes", "i", "i"),
    Scalar("content_type"),
    Scalar("title", text=True),
    Scalar("subtitle", text=True),
    ListOf("series", "i.name", "i.name"),
    ListOf(
        "contributors",
        "i.role || '|' || coalesce(i.name, '')",
        "i.role || ': ' || coalesce(i.name, 'synthetic voice')",
    ),
    Scalar("edition"),
    ListOf("languages", "i.role || '|' || i.code", "i.role || ': ' || i.code"),
    Scalar("duration_seconds"),
    ListOf("chapters", "CAST(i.number AS VARCHAR)", "'chapter ' || i.number"),
    ListOf(
        "subjects",
        "i.scheme || '|' || coalesce(i.code, i.heading, '')",
        "i.scheme || ' ' || coalesce(i.code, i.heading, '')",
    ),
    Scalar("description", text=True),
    Scalar("description_html", text=True),
    Scalar("short_description", text=True),
    Scalar("cover.url"),
    Scalar("cover.width_px"),
    Scalar("cover.height_px"),
    Scalar("cover.format"),
    Scalar("sample.url"),
    Scalar("sample.duration_seconds"),
    Scalar("publisher", text=True),
    Scalar("imprint", text=True),
    Scalar("publishing_status"),
    Scalar("publication_date"),
    Scalar("publication_date_precision"),
    Scalar("embargo.sales"),
    Scalar("embargo.preorder"),
    Scalar("embargo.streaming"),
    Scalar("embargo.subscription"),
    CountrySet("sales_rights.for_sale"),
    CountrySet("sales_rights.not_for_sale"),
    Scalar("sales_rights.exclusive"),
    ListOf("restrictions", "i", "i"),
    ListOf(
        "prices",
        "i.price_type || '|' || coalesce(i.currency, '') || '|' || CAST(i.countries AS VARCHAR)",
        "i.price_type || ' ' || coalesce(i.currency, '') || ' in ' || " + _countries_label("i.countries"),
        _PRICE_VALUE,
    ),
    Scalar("audience.explicit"),
    Scalar("audience.age_min"),
    Scalar("audience.age_max"),
    ListOf("related", "i.relation || '|' || coalesce(i.gtin, '')", "i.relation || ' ' || coalesce(i.gtin, '')"),
)

NOT_COMPARED = frozenset({"ccf_version", "product_key", "notification", "provenance"})
"""Fields a diff leaves out: the key itself, the message's notification type, where the record came from."""


def top_field(field: str) -> str:
    """The CCF field a change belongs to (`cover.url` -> `cover`; `sales_rights.for_sale` -> `sales_rights`)."""
    return field.split(".", 1)[0]


def _normalised(expr: str) -> str:
    # Collapse every run of whitespace (newlines and tabs too) first, then trim: a re-wrapped text is no change.
    return f"nullif(trim(regexp_replace({expr}, '\\s+', ' ', 'g')), '')"


def _scalar(part: Scalar) -> str:
    old, new = f"p.old.{part.field}", f"p.new.{part.field}"
    differs = f"{old} IS DISTINCT FROM {new}"
    if part.text:
        differs += f" AND {_normalised(old)} IS DISTINCT FROM {_normalised(new)}"
    return (
        f"SELECT p.id, '{part.field}' AS field, NULL AS item, 'changed' AS change, "
        f"CAST(to_json({old}) AS VARCHAR) AS old_value, CAST(to_json({new}) AS VARCHAR) AS new_value "
        f"FROM diff_pairs AS p WHERE {differs}"
    )


def _country_set(part: CountrySet) -> str:
    old, new = f"coalesce(p.old.{part.field}, {ZERO_SET})", f"coalesce(p.new.{part.field}, {ZERO_SET})"
    added, removed = f"({new} & ~{old})", f"({old} & ~{new})"
    return (
        f"SELECT p.id, '{part.field}', NULL, 'added', NULL, CAST(to_json(country_list({added})) AS VARCHAR) "
        f"FROM diff_pairs AS p WHERE {old} <> {new} AND bit_count({added}) > 0\n"
        "UNION ALL\n"
        f"SELECT p.id, '{part.field}', NULL, 'removed', CAST(to_json(country_list({removed})) AS VARCHAR), NULL "
        f"FROM diff_pairs AS p WHERE {old} <> {new} AND bit_count({removed}) > 0"
    )


def _list(part: ListOf) -> str:
    def side(name: str) -> str:
        return (
            f"{name} AS (SELECT id, i, k, row_number() OVER (PARTITION BY id, k ORDER BY i) AS n FROM ("
            f"SELECT id, i, {part.key} AS k FROM (SELECT p.id, unnest(p.{name}.{part.field}) AS i "
            f"FROM diff_pairs AS p WHERE p.old.{part.field} IS DISTINCT FROM p.new.{part.field})))"
        )

    return (
        f"SELECT * FROM (WITH {side('old')}, {side('new')}, "
        "pairs AS (SELECT coalesce(old.id, new.id) AS id, old.i AS old_i, new.i AS new_i, "
        "coalesce(new.i, old.i) AS _i FROM old FULL OUTER JOIN new ON old.id = new.id AND old.k = new.k "
        "AND old.n = new.n WHERE old.i IS DISTINCT FROM new.i) "
        f"SELECT id, '{part.field}', {_over(part.label, '_i')}, "
        "CASE WHEN old_i IS NULL THEN 'added' WHEN new_i IS NULL THEN 'removed' ELSE 'changed' END, "
        f"CASE WHEN old_i IS NULL THEN NULL ELSE CAST({_over(part.value, 'old_i')} AS VARCHAR) END, "
        f"CASE WHEN new_i IS NULL THEN NULL ELSE CAST({_over(part.value, 'new_i')} AS VARCHAR) END "
        "FROM pairs)"
    )


def _over(expr: str, name: str) -> str:
    """An item expression (written over `i`) over another column name."""
    return re.sub(r"\bi\b", name, expr)


def _part(part: Scalar | CountrySet | ListOf) -> str:
    if isinstance(part, Scalar):
        return _scalar(part)
    if isinstance(part, CountrySet):
        return _country_set(part)
    return _list(part)


@cache
def diff_sql() -> str:
    """The statement that inserts every change of every pair into the temp table `diff_rows`."""
    body = "\nUNION ALL\n".join(_part(p) for p in SPEC)
    return f"INSERT INTO diff_rows\n{body}"


def compared_fields() -> set[str]:
    return {top_field(p.field) for p in SPEC}
