"""Same against same gives no findings: on the seeds and on the whole v1.0 corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.diff.command import run
from docgen.diff.engine import compare
from docgen.ir.serialize import dumps, loads
from docgen.pipeline import parse_paths

ROOT = Path(__file__).resolve().parents[1]
SPECS = ROOT / "specs"
CORPUS_DOCS = ROOT.parent / "shared" / "corpus" / "graph-v1.0" / "docs"


def test_seeds_against_themselves() -> None:
    report = run(str(SPECS), str(SPECS), include_docs=True)
    assert report.findings == []


def test_seeds_folder_against_their_ir(tmp_path: Path) -> None:
    ir = tmp_path / "seeds.json"
    ir.write_text(dumps(parse_paths([SPECS])), encoding="utf-8")
    assert run(str(ir), str(SPECS), include_docs=True).findings == []
    assert run(str(SPECS), str(ir), include_docs=True).findings == []


def test_seed_copies_in_another_folder(tmp_path: Path) -> None:
    for f in SPECS.iterdir():
        (tmp_path / f.name).write_bytes(f.read_bytes())
    assert run(str(SPECS), str(tmp_path), include_docs=True).findings == []


def test_seeds_are_not_trivially_empty() -> None:
    """The seeds hold operations with permissions and bodies, so the empty diff above means something."""
    doc = parse_paths([SPECS])
    assert len(doc.operations) >= 3
    assert any(op.request_body and op.request_body.properties for op in doc.operations)
    assert any(p.scopes for op in doc.operations for p in op.permissions)


@pytest.fixture(scope="module")
def corpus_ir() -> str:
    if not CORPUS_DOCS.is_dir():
        pytest.skip(f"v1.0 corpus not found at {CORPUS_DOCS} (kept beside the project as ../shared/corpus); skipping corpus self-diff")
    return dumps(parse_paths([CORPUS_DOCS]))


def test_corpus_against_itself(corpus_ir: str) -> None:
    a, b = loads(corpus_ir), loads(corpus_ir)
    assert len(a.operations) > 1000
    findings = compare(a, b)
    assert findings == [], [f"{f.rule} {f.subject} {f.detail}" for f in findings[:20]]


def test_corpus_folder_against_itself_through_the_command() -> None:
    if not CORPUS_DOCS.is_dir():
        pytest.skip(f"v1.0 corpus not found at {CORPUS_DOCS}; skipping corpus self-diff")
    report = run(str(CORPUS_DOCS), str(CORPUS_DOCS), include_docs=True)
    assert report.findings == []


def _as_ir_1_2(data: dict) -> dict:
    """The JSON an IR 1.2 docgen wrote: no Permission.alternatives/footnoted, no national_clouds."""
    data["ir_version"] = "1.2.0"
    for op in data["operations"]:
        op.pop("national_clouds")
        for p in op["permissions"]:
            p.pop("alternatives")
            p.pop("footnoted")
    return data


def test_an_ir_1_2_file_still_loads_and_diffs_clean(tmp_path: Path) -> None:
    import json

    from docgen.ir.serialize import to_data

    data = _as_ir_1_2(to_data(parse_paths([SPECS])))
    assert any(op["permissions"] for op in data["operations"])
    old = tmp_path / "old.json"
    old.write_text(json.dumps(data), encoding="utf-8")
    doc = loads(old.read_text(encoding="utf-8"))
    # every scope an alternative of its own, as 1.2 meant
    p = next(p for op in doc.operations for p in op.permissions if len(p.scopes) > 1)
    assert [a.scopes for a in p.alternatives] == [[s] for s in p.scopes]
    assert run(str(old), str(SPECS), include_docs=True).findings == []
    assert run(str(SPECS), str(old), include_docs=True).findings == []
