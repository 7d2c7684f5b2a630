"""`docgen build`/`ir` on bad input and bad config: a clear message and a fitting exit code, never a
traceback; diagnostics printed and `strict` honoured; output independent of the working directory."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from docgen.cli import main

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "specs" / "003_daf622a479a3e94a.txt"
SEED_TODO = ROOT / "specs" / "002_976bccd5a68a4223.txt"  # two DG402 warnings (TODO scopes)


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def _clean(result: Result, code: int, *words: str) -> None:
    assert result.exit_code == code, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    for w in words:
        assert w in result.output, result.output


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "specs").mkdir()
    shutil.copy(SEED, tmp_path / "specs" / SEED.name)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def config(project: Path, body: str) -> None:
    (project / "pyproject.toml").write_text("[tool.docgen]\n" + body + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    "line, words",
    [
        ("output = 5", ["output = 5", "expected a path"]),
        ("specs = 42", ["specs = 42", "expected a path or a non-empty list"]),
        ('specs = ["specs", 3]', ["specs = ['specs', 3]", "expected a path"]),
        ('jobs = "four"', ["jobs = 'four'", "whole number"]),
        ("jobs = 0", ["jobs = 0", "whole number"]),
        ('package = ["a"]', ["package = ['a']", "package name"]),
        ("base_url = 1", ["base_url = 1", "http(s) URL"]),
        ('strict = "yes"', ["strict = 'yes'", "true or false"]),
        ("templates = 3", ["templates = 3", "expected a path"]),
    ],
)
def test_config_values_of_the_wrong_type(project: Path, line: str, words: list[str]) -> None:
    config(project, line)
    for cmd in (["build"], ["ir"], ["check"]):
        _clean(run(*cmd), 2, "pyproject.toml", *words)


def test_a_templates_folder_that_does_not_exist(project: Path) -> None:
    config(project, 'templates = "my-templates"')
    _clean(run("build"), 2, "templates = 'my-templates'", "no such folder")
    assert not (project / "generated").exists()


def test_missing_default_specs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    config(tmp_path, "")
    for cmd in ("build", "ir", "check"):
        _clean(run(cmd), 2, "specs", "no such file or directory")


def test_empty_input_is_an_error(project: Path) -> None:
    (project / "empty").mkdir()
    _clean(run("build", "empty"), 2, "no spec files", "nothing to build")
    assert not (project / "generated").exists()


def test_ir_output_into_a_missing_folder(project: Path) -> None:
    _clean(run("ir", "-o", "missing/dir/x.json"), 2, "missing/dir", "does not exist")


def test_a_read_only_output_folder(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # root (as tests often run) ignores permission bits: the refusal the kernel gives a user is injected
    from docgen.generate import swap

    def denied(prefix: str, dir: str) -> str:
        raise PermissionError(13, "Permission denied", dir)

    monkeypatch.setattr(swap.tempfile, "mkdtemp", denied)
    _clean(run("build", "--no-cache", "-o", "ro/out"), 1, "ro", "cannot write the output: Permission denied")


def test_an_unwritable_output_is_a_message(project: Path) -> None:
    (project / "blocker").write_text("a file where the output's parent would be")
    _clean(run("build", "--no-cache", "-o", "blocker/out"), 1, "blocker")


def test_build_prints_diagnostics_and_honours_strict(project: Path) -> None:
    shutil.copy(SEED_TODO, project / "specs" / SEED_TODO.name)
    r = run("build", "--no-cache")
    _clean(r, 0, "2 warnings")
    assert (project / "generated").is_dir()
    shutil.rmtree(project / "generated")
    r = run("build", "--no-cache", "--strict")
    _clean(r, 1, "DG402", "not written")
    assert not (project / "generated").exists()
    config(project, "strict = true")
    _clean(run("build", "--no-cache"), 1, "DG402", "not written")
    _clean(run("build", "--no-cache"), 1, "DG402")  # and not hidden by the no-op path either
    assert not (project / "generated").exists()


def test_build_fails_on_errors_in_the_docs(project: Path) -> None:
    shutil.copy(ROOT / "tests" / "fixtures" / "broken" / "binary.md", project / "specs" / "binary.md")
    r = run("build", "--no-cache")
    _clean(r, 1, "specs/binary.md:1: error DG101", "1 errors", "not written")
    assert not (project / "generated").exists()


def _built(project: Path, *args: str, cwd: Path) -> dict[str, bytes]:
    os.chdir(cwd)
    r = run("build", "--no-cache", *args)
    assert r.exit_code == 0, r.output
    out = project / "generated"
    tree = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    shutil.rmtree(out)
    return tree


def test_output_does_not_depend_on_the_working_directory(project: Path) -> None:
    config(project, 'specs = "specs"')
    (project / "docs").mkdir()
    a = _built(project, cwd=project)
    b = _built(project, cwd=project / "docs")
    c = _built(project, str(project / "specs"), "-o", str(project / "generated"), cwd=project / "docs")
    assert a == b == c
    assert any(b"Docs: specs/003_daf622a479a3e94a.txt" in v for v in a.values())


def test_specs_outside_the_project_are_named_from_their_own_root(project: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    elsewhere = tmp_path_factory.mktemp("corpus") / "docs" / "api"
    elsewhere.mkdir(parents=True)
    shutil.copy(SEED, elsewhere / "user-post-users.txt")
    config(project, f'specs = "{elsewhere.parent}"')
    a = _built(project, cwd=project)
    text = b"".join(a.values())
    assert b"Docs: api/user-post-users.txt" in text
    assert b"Docs: ../" not in text and str(elsewhere).encode() not in text
    assert a == _built(project, cwd=project / "specs")


def test_ir_does_not_depend_on_the_working_directory(project: Path) -> None:
    config(project, 'specs = "specs"')
    a = run("ir").output
    os.chdir(project / "specs")
    assert run("ir").output == a and '"specs/003_daf622a479a3e94a.txt"' in a


DOCFX = ROOT / "tests" / "fixtures" / "docfx"


def test_includes_are_read_from_any_working_directory_and_edits_rebuild(project: Path) -> None:
    """Pages are named from the project root, so their includes must be found from there too."""
    shutil.rmtree(project / "specs")
    shutil.copytree(DOCFX, project / "specs")
    config(project, 'specs = "specs/docs"')
    (project / "sub").mkdir()
    a = _built(project, cwd=project)
    assert _built(project, cwd=project / "sub") == a
    text = b"".join(a.values())
    assert b"Widget.Read.All" in text  # only the permission include names this scope
    # with the build cache on, an edit of an include (not of a page) still rebuilds
    os.chdir(project)
    assert run("build").exit_code == 0
    inc = project / "specs" / "docs" / "includes" / "permissions" / "widget-get-permissions.md"
    inc.write_text(inc.read_text(encoding="utf-8").replace("Widget.Read.All", "Widget.Peek.All"), encoding="utf-8")
    r = run("build")
    assert r.exit_code == 0 and "up to date" not in r.output, r.output
    assert b"Widget.Peek.All" in b"".join(p.read_bytes() for p in (project / "generated").rglob("*.py"))


def test_an_edit_of_an_inline_included_file_rebuilds(project: Path) -> None:
    """docs/api/gizmo-get.md names its application scope only through an inline include (in a
    table cell): the build's no-op check must see an edit of that file."""
    shutil.rmtree(project / "specs")
    shutil.copytree(ROOT / "tests" / "fixtures" / "docfx-inline", project / "specs")
    config(project, 'specs = "specs/docs"')
    _clean(run("build"), 0)
    generated = lambda: b"".join(p.read_bytes() for p in (project / "generated").rglob("*.py"))  # noqa: E731
    assert b"application: Gizmo.Read.All" in generated()
    assert "up to date" in run("build").output
    inc = project / "specs" / "docs" / "includes" / "permissions" / "gizmo-app-least.md"
    inc.write_text(inc.read_text(encoding="utf-8").replace("Gizmo.Read.All", "Gizmo.Peek.All"), encoding="utf-8")
    r = run("build")
    assert r.exit_code == 0 and "up to date" not in r.output, r.output
    assert b"application: Gizmo.Peek.All" in generated() and b"Gizmo.Read.All" not in generated()


def test_docs_url_links_method_docstrings_to_the_published_page(project: Path) -> None:
    config(project, 'docs_url = "https://learn.example/graph"')
    tree = _built(project, cwd=project)
    text = b"".join(tree.values())
    assert b"Docs: https://learn.example/graph/003_daf622a479a3e94a" in text
    config(project, "docs_url = 3")
    _clean(run("build"), 2, "docs_url = 3", "http(s) URL")


def test_strict_fails_on_an_up_to_date_output_too(project: Path) -> None:
    """A lenient build leaves a stamp; `--strict` on the same docs must not pass through it."""
    shutil.copy(SEED_TODO, project / "specs" / SEED_TODO.name)
    _clean(run("build"), 0, "2 warnings")  # with the build cache: the no-op stamp is written
    _clean(run("build"), 0, "up to date")
    _clean(run("build", "--strict"), 1, "DG402", "2 warnings (strict)")
