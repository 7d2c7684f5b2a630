"""Output formats of ``docgen diff`` on one fixture pair (tests/fixtures/diff/combined), snapshotted.

Snapshots live in tests/__snapshots__/test_diff_output/ (one file per format); update them with
``pytest tests/test_diff_output.py --snapshot-update`` and review the change like code.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from docgen.cli import main
from docgen.diff.command import run
from docgen.diff.findings import Finding
from docgen.diff.report import MARKDOWN_LIMIT, Report, render
from docgen.ir.model import Source

ROOT = Path(__file__).resolve().parents[1]
BASE = "tests/fixtures/diff/combined/base"
REV = "tests/fixtures/diff/combined/rev"


class TextSnapshot(SingleFileSnapshotExtension):
    _write_mode = WriteMode.TEXT
    file_extension = "txt"


@pytest.fixture
def snapshot_text(snapshot):
    return snapshot.use_extension(TextSnapshot)


@pytest.fixture
def report(monkeypatch):
    monkeypatch.chdir(ROOT)
    return run(BASE, REV)


@pytest.mark.parametrize("fmt", ["text", "markdown", "json", "github", "changelog"])
def test_output_snapshot(report, fmt: str, snapshot_text) -> None:
    assert render(fmt, report) == snapshot_text


def test_json_shape(report) -> None:
    data = json.loads(render("json", report))
    assert data["schema"] == "docgen-diff/1"
    assert data["summary"] == {"total": 7, "breaking": 3, "potentially-breaking": 1, "non-breaking": 3, "allowed": 0}
    by_rule = {f["rule"]: f for f in data["findings"]}
    removed = by_rule["property-removed"]
    assert removed["level"] == "breaking"
    assert removed["subject"] == "microsoft.graph.widget"
    assert removed["detail"] == "property size"
    assert removed["base"] == {"file": f"{BASE}/widget.md", "line": 19}
    assert removed["revision"] == {"file": f"{REV}/widget.md", "line": 7}
    assert len(removed["fingerprint"]) == 16
    scope = by_rule["permission-scope-removed"]
    assert scope["label"] == "GET /widgets/{widget-id}" and scope["subject"] == "GET /widgets/{}"


def test_fingerprints_ignore_paths_and_lines(tmp_path: Path, monkeypatch) -> None:
    """Same change, other folders and shifted lines: same fingerprints."""
    monkeypatch.chdir(ROOT)
    first = {f.fingerprint for f in run(BASE, REV).findings}
    for side in ("base", "rev"):
        (tmp_path / side).mkdir()
        for page in (ROOT / f"tests/fixtures/diff/combined/{side}").iterdir():
            text = page.read_text(encoding="utf-8")
            # two blank lines after the front matter shift every line of the page
            head, sep, tail = text.partition("\n---\n")
            (tmp_path / side / page.name).write_text(head + sep + "\n\n" + tail, encoding="utf-8")
    moved = run(str(tmp_path / "base"), str(tmp_path / "rev"))
    assert {f.fingerprint for f in moved.findings} == first
    assert {f.rule for f in moved.findings} == {f.rule for f in run(BASE, REV).findings}
    assert not any(f.new_source and f.new_source.file.startswith("tests/") for f in moved.findings)


def test_github_annotations(report) -> None:
    lines = render("github", report).splitlines()
    assert len(lines) == 8  # 7 annotations, most severe first, and the summary notice
    assert [line.split(" ", 1)[0] for line in lines[:4]] == ["::error"] * 3 + ["::warning"]
    assert lines[-1] == "::notice title=docgen diff::7 changes: 3 breaking, 1 potentially breaking, 3 non-breaking"
    assert (
        f"::error file={REV}/widget.md,line=7,title=property-removed (breaking)::"
        "microsoft.graph.widget: property size (Edm.Int32) removed [84650aa3305349a1]"
    ) in lines
    assert any(line.startswith("::warning file=") and "enum-member-added" in line for line in lines)
    assert any(line.startswith("::notice file=") and "operation-added" in line for line in lines)


def test_text_colour_only_when_asked(report) -> None:
    assert "\x1b[" not in render("text", report)
    assert "\x1b[" in render("text", report, color=True)


def test_cli_text_is_not_coloured_off_a_terminal(monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["diff", BASE, REV])
    assert result.exit_code == 0, result.output
    assert "\x1b[" not in result.output
    assert result.output.splitlines()[-1] == "7 changes: 3 breaking, 1 potentially breaking, 3 non-breaking"


def test_changelog_sections(report) -> None:
    text = render("changelog", report)
    types = text.split("## types: microsoft.graph\n", 1)[1]
    assert "### Removed\n\n- `widget.size` (property): property size (Edm.Int32) removed **(breaking)**\n" in types
    ops = text.split("## widgets\n", 1)[1].split("\n## ", 1)[0]
    assert "### Added\n\n- **Delete widget**: `DELETE /widgets/{id}`: operation added\n" in ops


def _many(n: int) -> Report:
    """A report of n findings (a third breaking) on n operations, long messages."""
    rules = ["operation-removed", "permission-scope-added", "enum-member-added"]
    fs = [Finding(rules[i % 3], f"GET /things{i}/{{}}", "", "x" * 80 + f" {i}", old_source=Source(f"api/thing{i}-get.md", 3),
                  label=f"GET /things{i}/{{id}}", title=f"Get thing {i}", page=f"thing{i}-get") for i in range(n)]
    return Report("old", "new", fs)


@pytest.mark.parametrize("n", [0, 1, 50, 600, 3000])
def test_markdown_fits_a_pull_request_comment(n: int) -> None:
    r = _many(n)
    full = render("markdown", r)
    cut = render("markdown", r, limit=MARKDOWN_LIMIT, full_report="diff-full.md")
    assert len(cut) <= MARKDOWN_LIMIT
    if len(full) <= MARKDOWN_LIMIT:
        assert cut == full and "more findings not shown" not in cut
    else:
        shown = cut.count("| `GET /things")
        assert 0 < shown < n
        assert f"**{n - shown} more findings not shown**" in cut and "`diff-full.md`" in cut
        # breaking first: no other level is started before every breaking finding is shown
        breaking = cut.count("`operation-removed`")
        if breaking < (n + 2) // 3:
            assert breaking == shown and "<details>" not in cut
        else:
            assert cut.index("#### Breaking") < cut.index("<details>")


def test_github_annotates_the_most_severe_only() -> None:
    r = _many(300)
    lines = render("github", r, max_annotations=50).splitlines()
    assert len(lines) == 51
    assert all(line.startswith("::error ") for line in lines[:50])
    assert lines[-1].startswith("::notice title=docgen diff::300 changes: 100 breaking, 100 potentially breaking, 100 non-breaking; 250 more not annotated")
    assert len(render("github", r, max_annotations=5).splitlines()) == 6


def test_cli_markdown_output_file_is_complete_and_stdout_is_the_comment(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    out = tmp_path / "full.md"
    result = CliRunner().invoke(main, ["diff", BASE, REV, "-f", "markdown", "-o", str(out), "--max-chars", "900"])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == render("markdown", run(BASE, REV))
    comment = result.stdout
    assert len(comment) <= 900 and "more findings not shown" in comment and str(out) in comment
