"""The IR as JSON: snapshots of each seed, round-trip, version check, and the `docgen ir` command."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from syrupy.extensions.json import JSONSnapshotExtension

from conftest import ROOT, SPECS
from docgen.cli import main
from docgen.ir.model import IR_VERSION
from docgen.ir.serialize import IRVersionError, dumps, loads, to_data
from docgen.pipeline import parse_paths

SEEDS = sorted(p.name for p in SPECS.iterdir())


@pytest.fixture
def snapshot_json(snapshot):
    return snapshot.use_extension(JSONSnapshotExtension)


@pytest.mark.parametrize("seed", SEEDS)
def test_seed_ir_snapshot(seed, snapshot_json, monkeypatch):
    monkeypatch.chdir(ROOT)
    doc = parse_paths([f"specs/{seed}"])
    assert snapshot_json == to_data(doc)


def test_round_trip_is_lossless(monkeypatch):
    monkeypatch.chdir(ROOT)
    doc = parse_paths(["specs"])
    text = dumps(doc)
    again = loads(text)
    assert dumps(again) == text
    assert again.operations[0].examples[0].request.headers[0] == tuple(doc.operations[0].examples[0].request.headers[0])


def test_reading_another_major_version_fails_clearly():
    with pytest.raises(IRVersionError, match="cannot be read"):
        loads(json.dumps({"ir_version": "99.0.0", "operations": [], "types": []}))


def test_document_shape(monkeypatch):
    monkeypatch.chdir(ROOT)
    data = to_data(parse_paths(["specs"]))
    assert data["ir_version"] == IR_VERSION
    assert list(data) == ["ir_version", "operations", "types", "diagnostics"]
    assert [op["id"] for op in data["operations"]] == sorted(op["id"] for op in data["operations"])
    # a type known only from request-body tables is still a type, merged over the seeds
    (user,) = [t for t in data["types"] if t["name"] == "user"]
    assert user["namespace"] == "microsoft.graph" and user["kind"] == "complex"
    assert user["origin"] == "request_body"
    assert len(user["sources"]) == 4 and len(user["properties"]) >= 73


def test_cli_ir_is_deterministic_and_order_independent(tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    runner = CliRunner()
    a = runner.invoke(main, ["ir", "specs"])
    b = runner.invoke(main, ["ir", *reversed([f"specs/{s}" for s in SEEDS])])
    assert a.exit_code == 0 and b.exit_code == 0, a.output + b.output
    assert a.output == b.output
    out = tmp_path / "ir.json"
    c = runner.invoke(main, ["ir", "specs", "-o", str(out)])
    assert c.exit_code == 0 and out.read_text() == a.output
    assert str(ROOT) not in a.output  # no absolute paths


def test_cli_ir_missing_path_is_a_usage_error(monkeypatch):
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["ir", "no-such-folder"])
    assert result.exit_code == 2 and "no-such-folder" in result.output
