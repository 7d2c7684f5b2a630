"""`docgen build` replaces only a folder that docgen wrote, and never a user's or a project's folder.

Each case runs the real command in a throw-away project (its own pyproject.toml and specs) whose
HOME points into the temporary folder, so a failing test cannot reach a real home folder.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from docgen.cli import main
from docgen.generate.ownership import MARKER, OutputRefused, check_replaceable, listed

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "specs" / "003_daf622a479a3e94a.txt"


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    proj = home / "proj"
    (proj / "specs").mkdir(parents=True)
    shutil.copy(SEED, proj / "specs" / SEED.name)
    (proj / "pyproject.toml").write_text('[tool.docgen]\nspecs = "specs"\noutput = "out"\n', encoding="utf-8")
    (home / ".bashrc").write_text("export KEEP=1\n", encoding="utf-8")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(proj)
    return proj


def build(*args: str) -> Result:
    return CliRunner().invoke(main, ["build", "--no-cache", "-j", "1", *args])


def _refused(result: Result, *words: str) -> None:
    assert result.exit_code == 2, result.output  # a usage error: the folder named is not docgen's
    assert isinstance(result.exception, SystemExit), result.exception  # a message, not a traceback
    assert "refusing" in result.output or "did not write" in result.output, result.output
    for w in words:
        assert w in result.output, result.output


def test_absent_then_own_output_is_replaced_and_marked(project: Path) -> None:
    assert build().exit_code == 0
    out = project / "out"
    names = listed((out / MARKER).read_text(encoding="utf-8"))
    assert names is not None and "pyproject.toml" in names and MARKER in names
    assert set(names) == set(_tree(out))
    (out / "README.md").write_text("edited by hand\n")  # a file docgen wrote: rewritten
    r = build()
    assert r.exit_code == 0, r.output
    assert (out / "README.md").read_text() != "edited by hand\n"


def test_empty_folder_is_used(project: Path) -> None:
    (project / "empty").mkdir()
    assert build("-o", "empty").exit_code == 0
    assert (project / "empty" / MARKER).is_file()


def test_a_file_added_to_the_output_is_never_deleted(project: Path) -> None:
    assert build().exit_code == 0
    (project / "out" / "notes.txt").write_text("mine\n")
    before = _tree(project / "out")
    _refused(build(), "notes.txt", "--force")
    assert _tree(project / "out") == before


def test_foreign_folder_refused_then_forced(project: Path) -> None:
    mine = project / "mine"
    mine.mkdir()
    (mine / "thesis.md").write_text("years of work\n")
    _refused(build("-o", "mine"), "no .docgen-output marker")
    assert (mine / "thesis.md").read_text() == "years of work\n"
    r = build("-o", "mine", "--force")
    assert r.exit_code == 0, r.output
    assert not (mine / "thesis.md").exists() and (mine / MARKER).is_file()


@pytest.mark.parametrize(
    "target, why",
    [
        (".", "working directory"),
        ("..", "home folder"),
        ("specs", "holds docgen's input"),
        ("specs/sub", "inside the specs"),
    ],
)
def test_never_replaced_even_with_force(project: Path, target: str, why: str) -> None:
    before = _tree(project.parent)
    for extra in ((), ("--force",)):
        _refused(build("-o", target, *extra), why)
    assert _tree(project.parent) == before


def test_project_root_and_git_root_and_config_folder(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # the project root is then not the working directory
    (elsewhere / "pyproject.toml").write_text(f'[tool.docgen]\nspecs = "{project / "specs"}"\n', encoding="utf-8")
    before = _tree(project)
    _refused(build("-o", str(project), "--force"), "holds docgen's input")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "keep.txt").write_text("x")
    _refused(build("-o", str(repo), "--force"), "git work tree")
    (repo / ".git" / "objects").mkdir()
    (repo / ".git" / "objects" / "pack").write_text("x")
    _refused(build("-o", str(repo / ".git" / "objects"), "--force"), ".git folder")
    assert (repo / "keep.txt").exists() and (repo / ".git" / "objects" / "pack").exists()
    # the folder of the config file in use is the project root
    sub = elsewhere / "sub"
    sub.mkdir()
    monkeypatch.chdir(sub)
    _refused(build("-o", str(elsewhere), "--force"), "working directory")
    assert _tree(project) == before


def test_unit_never_replaced(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "h"))
    (tmp_path / "h").mkdir()
    (tmp_path / "cwd").mkdir()
    kw = dict(new_names=["a.py"], inputs=[], cwd=tmp_path / "cwd", force=True)
    for folder, why in [(Path("/"), "filesystem root"), (tmp_path / "h", "home folder"), (tmp_path, "working directory")]:
        with pytest.raises(OutputRefused, match=why):
            check_replaceable(folder, project_root=None, **kw)  # type: ignore[arg-type]
    (tmp_path / "p").mkdir()
    with pytest.raises(OutputRefused, match="project root"):
        check_replaceable(tmp_path / "p", project_root=tmp_path / "p", **kw)  # type: ignore[arg-type]
    (tmp_path / "p" / "pyproject.toml").write_text("")
    with pytest.raises(OutputRefused, match="holds docgen's input"):
        check_replaceable(tmp_path / "p", project_root=None, new_names=["a"], inputs=[tmp_path / "p" / "pyproject.toml"], cwd=tmp_path / "cwd", force=True)


def test_symlink_and_file_outputs_refused(project: Path) -> None:
    (project / "real").mkdir()
    (project / "link").symlink_to(project / "real")
    _refused(build("-o", "link", "--force"), "symbolic link")
    (project / "afile").write_text("x")
    r = build("-o", "afile", "--force")
    assert r.exit_code != 0 and (project / "afile").read_text() == "x"


def test_output_of_an_older_docgen_is_recognised(project: Path) -> None:
    assert build().exit_code == 0
    (project / "out" / MARKER).unlink()  # as written before the marker existed
    (project / "out" / "graph_sdk" / "builders" / "gone.py").write_text('"""Request builders for /gone (generated by docgen; do not edit)."""\n')
    r = build()
    assert r.exit_code == 0, r.output
    assert not (project / "out" / "graph_sdk" / "builders" / "gone.py").exists()
    # ... but not a hand-written file inside it
    (project / "out" / MARKER).unlink()
    (project / "out" / "mine.py").write_text("print('mine')\n")
    _refused(build(), "mine.py")
