"""The CCF JSON Schema, generated from the pydantic models into `docs/ccf.schema.json`.

`python -m core.ccf.schema` rewrites the file; a test fails when the committed copy and the models differ,
so partners and tools reading the schema never see a stale one.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from core.ccf.model import CCF_VERSION, CCFRecord
from core.config import ROOT

SCHEMA_PATH = ROOT / "docs" / "ccf.schema.json"


def json_schema() -> str:
    schema = CCFRecord.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"https://schemas.audiobook-console.internal/ccf/{CCF_VERSION}/ccf.schema.json"
    schema["title"] = f"CCF {CCF_VERSION}: the Canonical Content Format"
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    path = Path(argv[0]) if argv else SCHEMA_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json_schema(), encoding="utf-8")
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
