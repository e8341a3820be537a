"""The JSON Schema shipped beside the built-in banks is the one the models generate."""

import json

from po_exam.banks.discovery import builtin_bank_dir
from po_exam.banks.schema import bank_schema


def test_shipped_schema_matches_the_models() -> None:
    shipped = json.loads((builtin_bank_dir() / "bank.schema.json").read_text(encoding="utf-8"))
    assert shipped == bank_schema(), (
        "run: uv run po-exam bank schema > question_banks/bank.schema.json"
    )


def test_schema_rejects_unknown_fields_and_knows_the_types() -> None:
    schema = bank_schema()
    question = schema["$defs"]["Question"]
    assert question["additionalProperties"] is False
    assert question["properties"]["type"]["enum"] == [
        "single",
        "multiple",
        "true_false",
        "essay",
    ]
    assert set(question["required"]) == {"id", "topic", "type", "text"}
    rubric = schema["$defs"]["RubricPoint"]
    assert rubric["properties"]["point"]["maxLength"] == 200
    assert rubric["additionalProperties"] is False
    objectives = schema["properties"]["objectives"]["patternProperties"]
    assert list(objectives.values()) == [{"$ref": "#/$defs/Objective"}]
