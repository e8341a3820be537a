"""The JSON Schema of the bank format, generated from the models, for editors."""

from __future__ import annotations

import json
from typing import Any

from po_exam.banks.models import Bank

SCHEMA_ID = "https://po-exam.invalid/schema/bank-format-1.json"


def bank_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that yaml-language-server uses to check a bank."""
    schema = Bank.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = SCHEMA_ID
    schema["title"] = "po-exam question bank, format 1"
    return schema


def bank_schema_json() -> str:
    """The schema as indented JSON text."""
    return json.dumps(bank_schema(), indent=2, ensure_ascii=False) + "\n"
