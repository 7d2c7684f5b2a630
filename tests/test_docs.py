"""Generated documentation stays in sync with the code it documents."""

from __future__ import annotations

import json

import jsonschema

from conftest import ROOT
from docgen.diagnostics import CODES, markdown_table
from docgen.ir import schema
from docgen.ir.serialize import to_data
from docgen.pipeline import parse_paths


def test_diagnostics_doc_is_current():
    assert (ROOT / "docs" / "diagnostics.md").read_text() == markdown_table(), "run: python -m docgen.diagnostics > docs/diagnostics.md"


def test_codes_are_well_formed():
    for code, c in CODES.items():
        assert code == c.code and len(code) == 5 and code.startswith("DG") and code[2:].isdigit()
        assert c.level in ("error", "warning", "info") and c.summary.endswith(".")


def test_schema_file_is_current():
    committed = json.loads((ROOT / "docgen" / "ir" / "schema.json").read_text())
    assert committed == schema.schema(), "run: python -m docgen.ir.schema > docgen/ir/schema.json"


def test_seed_ir_validates_against_schema(monkeypatch):
    monkeypatch.chdir(ROOT)
    jsonschema.Draft202012Validator(schema.schema()).validate(to_data(parse_paths(["specs"])))


def test_schema_rejects_a_malformed_ir(monkeypatch):
    monkeypatch.chdir(ROOT)
    data = to_data(parse_paths(["specs"]))
    data["operations"][0]["requests"][0]["method"] = 7
    errors = list(jsonschema.Draft202012Validator(schema.schema()).iter_errors(data))
    assert errors and "7 is not of type 'string'" in errors[0].message
