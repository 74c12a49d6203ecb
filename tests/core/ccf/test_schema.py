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


def test_country_sets_are_stored_as_bitsets_and_come_back_as_sorted_lists() -> None:
    import duckdb
    import pycountry

    from core.ccf import countryset
    from core.ccf.model import CCFRecord, CountrySet
    from core.ccf.storage import COUNTRY_SET_PATHS, from_row, to_row

    marked = set()
    for outer, field in CCFRecord.model_fields.items():
        inner = field.annotation
        args = getattr(inner, "__args__", ())
        for candidate in (inner, *args):
            for name, sub in getattr(candidate, "model_fields", {}).items():
                if any(isinstance(m, CountrySet) for m in sub.metadata):
                    marked.add((outer, name))
    assert marked == set(COUNTRY_SET_PATHS)
    assert set(countryset.order()) == {c.alpha_2 for c in pycountry.countries}, "run python -m core.ccf.countryset --append"

    record = CCFRecord.model_validate({
        "product_key": "9781234567897",
        "sales_rights": {"for_sale": sorted(set(countryset.order()) - {"US", "CA"})[:200], "not_for_sale": ["US", "CA"]},
        "prices": [{"amount": "1.00", "price_type": "rrp", "countries": ["DE", "AT"]}],
    })
    con = duckdb.connect()
    from core.sqlfiles import migration_files, split_statements

    for _, _, path in migration_files():
        for statement in split_statements(path.read_text(encoding="utf-8")):
            con.execute(statement)
    import pyarrow as pa

    from core.ccf.storage import arrow_type

    con.register("batch", pa.Table.from_pylist([{"ccf": to_row(record)}], schema=pa.schema([("ccf", arrow_type())])))
    con.execute("INSERT INTO catalog SELECT 'k', 1, 'h', ccf, NULL, NULL, now(), 'me' FROM batch")
    both = con.sql("SELECT bit_count(ccf.sales_rights.for_sale & ccf.sales_rights.not_for_sale), bit_count(ccf.sales_rights.for_sale) FROM catalog").fetchall()[0]
    assert both == (0, 200)
    # Back through a plain fetch (BIT as text) and through Arrow/Polars (BIT as bytes): the same record.
    as_text = from_row(con.sql("SELECT ccf FROM catalog").fetchall()[0][0])
    as_bytes = from_row(con.sql("SELECT ccf FROM catalog").pl().to_dicts()[0]["ccf"])
    assert as_text == as_bytes == record
    assert as_text.content_hash() == record.content_hash()
