"""How CCF is stored: one typed DuckDB STRUCT column, generated from the pydantic models.

Country sets (`for_sale`, `not_for_sale`, a price's `countries`) are stored as 256-bit BIT values rather
than lists (see core/ccf/countryset.py): one value instead of ~250 strings per set, and set rules become
bitwise operations. `to_row` and `from_row` translate between the two.

Why typed columns and not JSON text: the checks and diffs of a 1,000,000-product catalogue run as SQL, and
DuckDB stores each STRUCT/LIST leaf as its own compressed column, so a rule over `sales_rights.for_sale`
reads only that column (no JSON parsing per row), and list functions (`list_has_any`, `list_filter`) run
vectorised. The record leaves the database through pydantic (`CCFRecord.model_validate`), which gives the
canonical JSON; a test round-trips every sample record through the database and compares the hashes.

The type is spelled out in the migration that created it (`queries/schema/`); `ddl_type()` regenerates it
and a test keeps the two equal, so the schema follows the models and never drifts silently.
"""

from __future__ import annotations

import datetime as dt
import types
from functools import cache
from typing import Annotated, Any, Literal, Union, get_args, get_origin

import pyarrow as pa
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from core.ccf.countryset import from_bits
from core.ccf.model import CCFRecord, CountrySet
from core.ccf.rows import storage_row


def _annotated(field: FieldInfo) -> Any:
    """A field's type with the metadata pydantic keeps apart (so a CountrySet mark is seen)."""
    if field.metadata:
        return Annotated[(field.annotation, *field.metadata)]
    return field.annotation


def _is_country_set(annotation: Any) -> bool:
    marks = get_args(annotation)[1:] if get_origin(annotation) is Annotated else ()
    return any(isinstance(m, CountrySet) for m in marks)


def _unwrap_optional(annotation: Any) -> Any:
    origin = get_origin(annotation)
    if origin in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return annotation


def _sql(annotation: Any) -> str:
    if _is_country_set(annotation):
        return "BIT"
    annotation = _unwrap_optional(annotation)
    origin = get_origin(annotation)
    if origin is Annotated:
        return _sql(get_args(annotation)[0])
    if origin is list:
        return _sql(get_args(annotation)[0]) + "[]"
    if origin is Literal or annotation is str:
        return "VARCHAR"
    if annotation is bool:
        return "BOOLEAN"
    if annotation is int:
        return "BIGINT"
    if annotation is dt.datetime:
        return "TIMESTAMPTZ"
    if annotation is dt.date:
        return "DATE"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        inner = ", ".join(f"{name} {_sql(_annotated(f))}" for name, f in annotation.model_fields.items())
        return f"STRUCT({inner})"
    raise TypeError(f"no DuckDB type for {annotation!r}")


def _arrow(annotation: Any) -> pa.DataType:
    if _is_country_set(annotation):
        return pa.string()  # a BIT literal; DuckDB casts it on insert
    annotation = _unwrap_optional(annotation)
    origin = get_origin(annotation)
    if origin is Annotated:
        return _arrow(get_args(annotation)[0])
    if origin is list:
        return pa.list_(_arrow(get_args(annotation)[0]))
    if origin is Literal or annotation is str:
        return pa.string()
    if annotation is bool:
        return pa.bool_()
    if annotation is int:
        return pa.int64()
    if annotation is dt.datetime:
        return pa.timestamp("us", tz="UTC")
    if annotation is dt.date:
        return pa.date32()
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return pa.struct([pa.field(n, _arrow(_annotated(f))) for n, f in annotation.model_fields.items()])
    raise TypeError(f"no Arrow type for {annotation!r}")


@cache
def ddl_type() -> str:
    """The DuckDB type of a CCF record column, e.g. `STRUCT(ccf_version VARCHAR, ...)`."""
    return _sql(CCFRecord)


@cache
def arrow_type() -> pa.StructType:
    t = _arrow(CCFRecord)
    assert isinstance(t, pa.StructType)
    return t


COUNTRY_SET_PATHS = (("sales_rights", "for_sale"), ("sales_rights", "not_for_sale"), ("prices", "countries"))
"""Where the country sets are in a record (a test checks this against the models' CountrySet marks)."""


def to_row(record: CCFRecord) -> dict[str, Any]:
    """The record as a plain dict for an Arrow batch: dates stay dates, country sets become bitsets."""
    return storage_row(record.model_dump(mode="python"))


def from_row(row: dict[str, Any]) -> CCFRecord:
    """A record read back from DuckDB (a dict of the STRUCT column, bitsets as text or bytes)."""
    rights = dict(row["sales_rights"] or {})
    rights["for_sale"] = from_bits(rights.get("for_sale"))
    rights["not_for_sale"] = from_bits(rights.get("not_for_sale"))
    prices = [{**p, "countries": from_bits(p.get("countries"))} for p in row.get("prices") or []]
    return CCFRecord.model_validate({**row, "sales_rights": rights, "prices": prices})
