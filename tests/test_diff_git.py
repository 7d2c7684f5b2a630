"""Git revisions as input (``REV:path``), on a throw-away repository: read from objects only."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "diff"

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch) -> Path:
    repo = tmp_path / "repo"
    (repo / "docs").mkdir(parents=True)
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "t@example.com")
    _git(repo, "config", "user.name", "t")
    for page in (FIXTURES / "combined" / "base").iterdir():
        shutil.copy(page, repo / "docs" / page.name)
    _git(repo, "add", "docs")
    _git(repo, "commit", "-qm", "base")
    for page in (FIXTURES / "combined" / "rev").iterdir():
        shutil.copy(page, repo / "docs" / page.name)
    _git(repo, "add", "docs")
    _git(repo, "commit", "-qm", "rev")
    monkeypatch.chdir(repo)
    return repo


def _json(*args: str) -> dict:
    r = CliRunner().invoke(main, ["diff", *args, "-f", "json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def _fingerprints(data: dict) -> list[str]:
    return [f["fingerprint"] for f in data["findings"]]


def test_git_revisions_give_the_folder_findings(repo: Path) -> None:
    folders = _json(str(FIXTURES / "combined" / "base"), str(FIXTURES / "combined" / "rev"))
    git = _json("HEAD~1:docs", "HEAD:docs")
    assert _fingerprints(git) == _fingerprints(folders)
    assert len(git["findings"]) == 7
    removed = next(f for f in git["findings"] if f["rule"] == "property-removed")
    assert removed["base"] == {"file": "HEAD~1:docs/widget.md", "line": 19}
    assert removed["revision"] == {"file": "HEAD:docs/widget.md", "line": 7}


def test_git_against_working_copy_and_reverse(repo: Path) -> None:
    assert _fingerprints(_json("HEAD~1:docs", "docs")) == _fingerprints(_json("HEAD~1:docs", "HEAD:docs"))
    assert _json("HEAD:docs", "docs")["findings"] == []
    back = _json("HEAD:docs", "HEAD~1:docs")
    assert sorted(f["rule"] for f in back["findings"]) == sorted(
        ["operation-removed", "permission-scope-added", "response-collection-changed", "request-property-removed",
         "property-added", "property-removed", "enum-member-removed"]
    )


def test_git_input_leaves_the_working_copy_alone(repo: Path) -> None:
    (repo / "docs" / "widget.md").write_text("edited, not committed\n", encoding="utf-8")
    before = _git(repo, "status", "--porcelain")
    head = _git(repo, "rev-parse", "HEAD")
    _json("HEAD~1:docs", "HEAD:docs")
    assert _git(repo, "status", "--porcelain") == before
    assert _git(repo, "rev-parse", "HEAD") == head
    assert (repo / "docs" / "widget.md").read_text(encoding="utf-8") == "edited, not committed\n"


def test_git_single_file_and_github_paths(repo: Path) -> None:
    data = _json("HEAD~1:docs/widget.md", "HEAD:docs/widget.md")
    assert sorted(f["rule"] for f in data["findings"]) == ["property-added", "property-removed"]
    r = CliRunner().invoke(main, ["diff", "HEAD~1:docs", "HEAD:docs", "-f", "github"])
    assert "::error file=docs/widget.md,line=7,title=property-removed (breaking)::" in r.stdout


def test_bad_revision_exits_2(repo: Path) -> None:
    r = CliRunner().invoke(main, ["diff", "nosuchrev:docs", "docs"])
    assert r.exit_code == 2
    assert "nosuchrev:docs" in r.output
    r = CliRunner().invoke(main, ["diff", "HEAD:nothing-here", "docs"])
    assert r.exit_code == 2
