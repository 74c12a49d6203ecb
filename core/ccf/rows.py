"""A converter's output straight to a storage row and its content hash, validated without building models.

An ingest validates every product it converts. Through `CCFRecord.model_validate`, then `to_row` and
`content_hash`, that builds some forty frozen model instances per product only to dump them again: at
50,000 products it was a fifth of a worker's time. Here the models' own validation schema (pydantic's
core schema) is rewritten so that every model becomes a typed dict with the same fields, defaults,
literals, nullability and `extra="forbid"`: the same checks, done in Rust, giving back plain dicts.
The row then only needs its country sets turned into bitsets. The models stay the one definition of
CCF; a test checks that this path and the model path agree on every product of the corpus and samples.
"""

from __future__ import annotations

import hashlib
from functools import cache, lru_cache
from typing import Any

from pydantic import BaseModel
from pydantic_core import SchemaValidator, to_json

from core.ccf.countryset import to_bits
from core.ccf.model import CCFRecord

Row = dict[str, Any]


def _typed_dict(schema: dict[str, Any]) -> dict[str, Any]:
    """A `model` core schema as the `typed-dict` schema with the same fields."""
    fields = schema["schema"]["fields"]
    extra = schema.get("config", {}).get("extra_fields_behavior", "ignore")
    typed: dict[str, Any] = {
        "type": "typed-dict",
        "fields": {
            name: {
                "type": "typed-dict-field",
                "schema": _rewrite(field["schema"]),
                "required": field["schema"]["type"] != "default",
            }
            for name, field in fields.items()
        },
        "extra_behavior": extra,
    }
    if "ref" in schema:
        typed["ref"] = schema["ref"]
    return typed


def _dict_factory(factory: Any) -> Any:
    """A default factory that built a model instance now builds its dump (the fields' own defaults)."""
    return lambda: factory().model_dump()


def _rewrite(schema: Any) -> Any:
    if isinstance(schema, list):
        return [_rewrite(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if schema.get("type") == "model":
        return _typed_dict(schema)
    rewritten = {key: _rewrite(value) for key, value in schema.items()}
    factory = schema.get("default_factory")
    if schema.get("type") == "default" and factory is not None and isinstance(factory(), BaseModel):
        rewritten["default_factory"] = _dict_factory(factory)
    return rewritten


@cache
def _validator() -> SchemaValidator:
    return SchemaValidator(_rewrite(CCFRecord.__pydantic_core_schema__))


def validated(record: dict[str, Any]) -> Row:
    """The converter's dict checked as a CCF record and completed with defaults, as plain dicts and lists;
    raises pydantic's ValidationError as `CCFRecord.model_validate` would."""
    row: Row = _validator().validate_python(record)
    return row


def content_hash(row: Row) -> str:
    """The same hash as `CCFRecord.content_hash`: canonical JSON in field order, provenance excluded."""
    return hashlib.sha256(to_json(row, exclude={"provenance"})).hexdigest()


@lru_cache(maxsize=1024)
def _bits(codes: tuple[str, ...]) -> str:
    # A feed's products share a few markets and rights (the world, the world but a few): the same sorted
    # sets come back thousands of times, and building a 249-bit string each time showed in the profile.
    return to_bits(codes)


def storage_row(row: Row) -> Row:
    """The validated row as `storage.to_row` stores it: country sets become bitsets (in place)."""
    rights = row["sales_rights"]
    rights["for_sale"] = _bits(tuple(rights["for_sale"]))
    rights["not_for_sale"] = _bits(tuple(rights["not_for_sale"]))
    for price in row["prices"]:
        price["countries"] = _bits(tuple(price["countries"]))
    return row
