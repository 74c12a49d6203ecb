"""The committed schema files follow the CCF models: the JSON Schema and the DuckDB column type."""

from __future__ import annotations

import json
import re

import jsonschema

from core.ccf.schema import SCHEMA_PATH, json_schema
from core.ccf.storage import ddl_type
from core.sqlfiles import migration_files


def _normalise(sql_type: str) -> str:
    return re.sub(r"\s+", " ", sql_type).replace("( ", "(").replace(" )", ")").strip()


def test_committed_json_schema_is_the_generated_one() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == json_schema(), (
        "run `make schema` and commit docs/ccf.schema.json"
    )


def test_migration_type_is_the_generated_duckdb_type() -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for _, _, p in migration_files())
    match = re.search(r"CREATE TYPE ccf_v1 AS (STRUCT\(.*?\n\));", text, re.S)
    assert match, "the initial migration declares the ccf_v1 type"
    assert _normalise(match.group(1)) == _normalise(ddl_type())


def test_the_schema_is_a_valid_json_schema_that_rejects_a_broken_record() -> None:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    assert list(validator.iter_errors({"product_key": "9781234567897"})) == []
    assert list(validator.iter_errors({"product_key": "9781234567897", "product_form": "vinyl"}))
    assert list(validator.iter_errors({"product_key": "9781234567897", "unknown_field": 1}))
