"""``docgen diff`` as CI uses it: --fail-on, exit codes, allow-lists, [tool.docgen] defaults, inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.ir.serialize import dumps
from docgen.pipeline import parse_paths

FIXTURES = Path(__file__).parent / "fixtures" / "diff"
COMBINED = (str(FIXTURES / "combined" / "base"), str(FIXTURES / "combined" / "rev"))
# fingerprints of two findings of the combined pair (see the JSON snapshot)
FP_SCOPE = "3d33bdcf422cfc1a"  # permission-scope-removed, breaking
FP_RESPONSE = "a0fbe4618870ca10"  # response-collection-changed, breaking
FP_PROPERTY = "84650aa3305349a1"  # property-removed, breaking
FP_ENUM = "6e7baf5d57c64f31"  # enum-member-added, potentially breaking


def _invoke(*args: str, cwd: Path | None = None, monkeypatch=None):
    if cwd is not None:
        monkeypatch.chdir(cwd)
    return CliRunner().invoke(main, ["diff", *args])


@pytest.mark.parametrize(
    "fail_on, code",
    [("none", 0), ("breaking", 1), ("potentially-breaking", 1), ("any", 1)],
)
def test_fail_on(fail_on: str, code: int) -> None:
    assert _invoke(*COMBINED, "--fail-on", fail_on).exit_code == code


@pytest.mark.parametrize(
    "case, fail_on, code",
    [
        ("enum-member-added", "breaking", 0),  # potentially breaking only
        ("enum-member-added", "potentially-breaking", 1),
        ("property-added", "potentially-breaking", 0),  # non-breaking only
        ("property-added", "any", 1),
        ("no-change-scope-order", "any", 0),
    ],
)
def test_fail_on_thresholds(case: str, fail_on: str, code: int) -> None:
    result = _invoke(str(FIXTURES / case / "base"), str(FIXTURES / case / "rev"), "--fail-on", fail_on)
    assert result.exit_code == code, result.output


def test_docs_changes_do_not_fail_unless_included() -> None:
    case = FIXTURES / "type-description-changed"
    assert _invoke(str(case / "base"), str(case / "rev"), "--fail-on", "any").exit_code == 0
    assert _invoke(str(case / "base"), str(case / "rev"), "--fail-on", "any", "--include-docs").exit_code == 1


def test_usage_and_load_errors_exit_2(tmp_path: Path) -> None:
    r = _invoke(COMBINED[0])
    assert r.exit_code == 2 and "give BASE and REVISION" in r.output
    r = _invoke("no/such/folder", COMBINED[1])
    assert r.exit_code == 2 and "no/such/folder: no such file or folder" in r.output
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    r = _invoke(str(bad), COMBINED[1])
    assert r.exit_code == 2 and "cannot read IR file" in r.output
    old = tmp_path / "old.json"
    old.write_text(json.dumps({"ir_version": "0.1.0", "operations": [], "types": []}), encoding="utf-8")
    r = _invoke(str(old), COMBINED[1])
    assert r.exit_code == 2 and "IR version 0.1.0" in r.output
    empty = tmp_path / "empty"
    empty.mkdir()
    r = _invoke(str(empty), COMBINED[1])
    assert r.exit_code == 2 and "no spec files" in r.output
    r = _invoke(*COMBINED, "--fail-on", "sometimes")
    assert r.exit_code == 2


def test_allow_list(tmp_path: Path) -> None:
    allow = tmp_path / "allow.txt"
    allow.write_text(
        "# accepted changes\n"
        f"{FP_SCOPE}  # ReadWrite no longer needed to read (ticket 12)\n"
        f"{FP_RESPONSE}  # list semantics agreed with SDK team\n"
        f"{FP_PROPERTY.upper()}  # size was never returned\n"
        "0123456789abcdef  # an old entry\n",
        encoding="utf-8",
    )
    r = _invoke(*COMBINED, "--fail-on", "breaking", "--allow", str(allow), "--format", "json")
    assert r.exit_code == 0, r.output
    data = json.loads(r.stdout)
    allowed = {f["fingerprint"]: f["allowed"] for f in data["findings"] if f["allowed"]}
    assert allowed == {
        FP_SCOPE: "ReadWrite no longer needed to read (ticket 12)",
        FP_RESPONSE: "list semantics agreed with SDK team",
        FP_PROPERTY: "size was never returned",
    }
    assert data["unused_allow"] == [{"fingerprint": "0123456789abcdef", "reason": "an old entry", "line": 5}]
    assert data["summary"]["breaking"] == 0 and data["summary"]["allowed"] == 3
    # the potentially-breaking enum change is not allowed
    assert _invoke(*COMBINED, "--fail-on", "potentially-breaking", "--allow", str(allow)).exit_code == 1
    text = _invoke(*COMBINED, "--allow", str(allow)).output
    assert "(allowed: size was never returned)" in text
    assert "allow-list entry 0123456789abcdef (line 5) matched no change: an old entry" in text


@pytest.mark.parametrize(
    "content, message",
    [
        (f"{FP_SCOPE}\n", "a reason is required"),
        (f"{FP_SCOPE}  #   \n", "a reason is required"),
        ("not-a-fingerprint  # why\n", "expected `<16-hex fingerprint>  # <reason>`"),
        (f"{FP_SCOPE}  # one\n{FP_SCOPE}  # two\n", "listed twice"),
    ],
)
def test_bad_allow_list_exits_2(tmp_path: Path, content: str, message: str) -> None:
    allow = tmp_path / "allow.txt"
    allow.write_text(content, encoding="utf-8")
    r = _invoke(*COMBINED, "--allow", str(allow))
    assert r.exit_code == 2
    assert message in r.output and "allow.txt:" in r.output


def test_defaults_from_pyproject(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.docgen]\nfail-on = "breaking"\nallow = "accepted.txt"\n', encoding="utf-8")
    (tmp_path / "accepted.txt").write_text(
        f"{FP_SCOPE}  # a\n{FP_RESPONSE}  # b\n{FP_PROPERTY}  # c\n", encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert _invoke(*COMBINED).exit_code == 0  # every breaking change is allowed
    assert _invoke(*COMBINED, "--fail-on", "any").exit_code == 1  # the command line wins
    (tmp_path / "accepted.txt").write_text(f"{FP_SCOPE}  # a\n", encoding="utf-8")
    assert _invoke(*COMBINED).exit_code == 1


def test_ir_json_input_mixed_with_folder(tmp_path: Path) -> None:
    ir = tmp_path / "base.json"
    ir.write_text(dumps(parse_paths([COMBINED[0]])), encoding="utf-8")
    folder = json.loads(_invoke(*COMBINED, "-f", "json").stdout)
    mixed = json.loads(_invoke(str(ir), COMBINED[1], "-f", "json").stdout)
    assert [f["fingerprint"] for f in mixed["findings"]] == [f["fingerprint"] for f in folder["findings"]]
    assert _invoke(str(ir), COMBINED[0], "--fail-on", "any").exit_code == 0


def test_single_files_as_input() -> None:
    case = FIXTURES / "property-added"
    r = _invoke(str(case / "base" / "widget.md"), str(case / "rev" / "widget.md"), "-f", "json")
    assert [f["rule"] for f in json.loads(r.stdout)["findings"]] == ["property-added"]


def test_output_file_and_rules_listing(tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    r = _invoke(*COMBINED, "-f", "markdown", "-o", str(out))
    assert r.exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("### docgen diff:")
    listing = _invoke("--rules").output
    assert "permission-scope-removed" in listing and "breaking" in listing
    assert "[docs; --include-docs]" in listing
