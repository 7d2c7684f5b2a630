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
from docgen.diff.report import render

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
    assert len(lines) == 7
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
    section = text.split("## microsoft.graph.widget\n", 1)[1].split("\n## ", 1)[0]
    assert "### Added\n\n- property weight (Edm.Double) added\n" in section
    assert "### Removed\n\n- property size (Edm.Int32) removed **(breaking)**\n" in section
