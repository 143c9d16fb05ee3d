"""The published JSON Schema is generated from the model and kept current."""

from __future__ import annotations

import json

from content.cli import SCHEMA_FILE, article_schema, schema_text


def test_schema_file_is_current() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        "content/schema.json is stale: run `python -m content schema --write`"
    )


def test_schema_describes_the_article_contract() -> None:
    schema = article_schema()
    assert {"id", "title", "status", "updated", "sections"} <= set(schema["required"])
    assert schema["properties"]["status"]["enum"] == [
        "draft",
        "submitted",
        "under_review",
        "approved",
    ]
    json.dumps(schema)  # serialisable for editors' tooling
