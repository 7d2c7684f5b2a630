"""docgen build: names, template safety, hostile docs, --check, atomic writes, determinism."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from docgen.cli import main
from docgen.generate import names
from docgen.generate.build import Options, generate
from docgen.generate.render import UnsafeValueError, docstring, literal, render
from docgen.generate.write import UnsafePathError, compare, write_tree
from docgen.pipeline import parse_paths

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = ROOT / "tests" / "fixtures" / "hostile"


# --- names ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("displayName", "display_name"),
        ("class", "class_"),
        ("import", "import_"),
        ("match", "match_"),  # soft keyword
        ("model_dump", "model_dump_"),  # pydantic BaseModel attribute
        ("str", "str_"),  # builtin used in annotations
        ("9lives", "n9_lives"),
        ("_private", "private"),
        ("größe", "groe"),
        ("../../etc/passwd", "etc_passwd"),
        ("名前", "value"),
        ("@odata.nextLink", "odata_next_link"),
    ],
)
def test_field_identifiers(text: str, expected: str) -> None:
    from docgen.generate.names import ANNOTATION_BUILTINS, MODEL_RESERVED

    assert names.identifier(text, reserved=MODEL_RESERVED | ANNOTATION_BUILTINS) == expected


def test_validated_names_reject_unsafe_text() -> None:
    for bad in ["a b", "x;import os", "class", "", "1a", "é", "__import__('os')", "a\nb"]:
        with pytest.raises(names.UnsafeNameError):
            names.PythonIdentifier(bad)
    with pytest.raises(names.UnsafeNameError):
        names.ClassName("lower")
    with pytest.raises(names.UnsafeNameError):
        names.ModuleName("../evil")


def test_scope_makes_collisions_unique_in_order() -> None:
    scope = names.Scope({"taken"})
    assert [scope.take(n) for n in ["a", "a", "taken", "a"]] == ["a", "a_2", "taken_2", "a_3"]


# --- template safety --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text", ['say """hi"""', "back\\slash", "{{ x }} {% if %}", 'ends with "', "tab\there", "line\u2028sep", "ok text"]
)
def test_docstring_filter_gives_a_literal_equal_to_the_text(text: str) -> None:
    code = str(docstring(text))
    assert ast.literal_eval(code) == " ".join(text.split())


def test_literal_filter_round_trips_and_refuses_objects() -> None:
    value = {"a": ["'\"", 1, 2.5, None, True], "b": ("\\", "\x00")}
    assert ast.literal_eval(str(literal(value))) == value
    with pytest.raises(UnsafeValueError):
        literal(object())
    with pytest.raises(UnsafeValueError):
        literal(float("nan"))


def test_plain_text_cannot_reach_a_template(tmp_path: Path) -> None:
    (tmp_path / "evil.jinja").write_text("x = {{ value }}\n")
    with pytest.raises(UnsafeValueError):
        render("evil.jinja", str(tmp_path), value="__import__('os')")
    assert render("evil.jinja", str(tmp_path), value=names.PythonIdentifier("ok")) == "x = ok\n"


def test_user_templates_override_ours_file_by_file(tmp_path: Path) -> None:
    (tmp_path / "README.md.jinja").write_text("custom readme for {{ package }}\n")
    doc = parse_paths([ROOT / "specs"], jobs=1)
    files = generate(doc, Options(templates=str(tmp_path)))
    assert files["README.md"] == "custom readme for graph_sdk\n"
    assert files["graph_sdk/client.py"] == generate(doc, Options())["graph_sdk/client.py"]


# --- hostile docs -----------------------------------------------------------------------------


def _build(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["docgen", *args],
        cwd=cwd, capture_output=True, text=True, timeout=600,
    )


def test_hostile_docs_generate_safe_code(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    shutil.copytree(HOSTILE, work / "hostile")
    (work / "pyproject.toml").write_text('[tool.docgen]\nspecs = "hostile"\noutput = "out"\npackage = "evil_sdk"\n')
    before = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    proc = _build(["build", "--no-cache"], work)
    assert proc.returncode == 0, proc.stderr
    after = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    new = [p for p in after if p not in before]
    assert new and all(p.startswith("work/out") for p in new), new  # nothing outside the output
    out = work / "out"
    py_files = sorted(out.rglob("*.py"))
    for f in py_files:
        compile(f.read_text(encoding="utf-8"), str(f), "exec")
    models = "".join(f.read_text(encoding="utf-8") for f in sorted((out / "evil_sdk" / "models").glob("_m_*.py")))
    for expected in ["class Class(", "class_: _t.String", "display_name_2:", "model_dump_:", "str_:", "list_:"]:
        assert expected in models, expected
    # the generated tests run, and nothing from the docs was executed
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
                         cwd=out, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert not list(tmp_path.rglob("DOCGEN_PWNED")) and not Path("DOCGEN_PWNED").exists()


def test_unsafe_output_paths_are_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, {"a.py": "x = 1\n"})
    for bad in ["../escape.py", "/abs.py", "a/../../b.py", "a\\b.py"]:
        with pytest.raises(UnsafePathError):
            write_tree(out, {"ok.py": "", bad: "boom"})
    assert (out / "a.py").read_text() == "x = 1\n"  # the previous output is intact
    assert not (tmp_path / "escape.py").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no temp folder left behind


def test_compare_lists_missing_extra_and_changed(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, {"a.py": "1\n", "b.py": "2\n"})
    diff = compare(out, {"a.py": "1\n", "b.py": "changed\n", "c.py": "3\n"})
    assert (diff.missing, diff.extra, diff.changed) == (["c.py"], [], ["b.py"])
    assert compare(out, {"a.py": "1\n"}).extra == ["b.py"]


# --- the CLI on the seeds ---------------------------------------------------------------------


def _seed_project(tmp_path: Path) -> Path:
    work = tmp_path / "proj"
    work.mkdir()
    shutil.copytree(ROOT / "specs", work / "specs")
    (work / "pyproject.toml").write_text('[tool.docgen]\nspecs = "specs"\noutput = "generated"\npackage = "graph_sdk"\n')
    return work


def test_check_reports_stale_files_without_writing(tmp_path: Path) -> None:
    work = _seed_project(tmp_path)
    assert _build(["build", "--check"], work).returncode == 1  # nothing built yet: all missing
    assert not (work / "generated").exists()
    assert _build(["build"], work).returncode == 0
    assert _build(["build", "--check"], work).returncode == 0
    client = work / "generated" / "graph_sdk" / "client.py"
    client.write_text(client.read_text() + "# edited\n")
    (work / "generated" / "stray.py").write_text("")
    (work / "generated" / "README.md").unlink()
    proc = _build(["build", "--check"], work)
    assert proc.returncode == 1
    assert proc.stdout.splitlines() == ["missing: README.md", "extra: stray.py", "changed: graph_sdk/client.py"]
    assert client.read_text().endswith("# edited\n")  # --check wrote nothing


def test_output_is_deterministic_across_hash_seeds_and_input_order(tmp_path: Path) -> None:
    work = _seed_project(tmp_path)
    outputs = []
    for seed, order in [("1", ["specs"]), ("4242", sorted((work / "specs").iterdir(), reverse=True))]:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        args = ["docgen", "build", "--no-cache", "-o", f"out{seed}", *[str(Path(p).relative_to(work)) if Path(p).is_absolute() else p for p in order]]
        proc = subprocess.run(args, cwd=work, env=env, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stderr
        out = work / f"out{seed}"
        outputs.append({p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()})
    assert outputs[0] == outputs[1]
    blob = b"".join(outputs[0].values())
    assert str(tmp_path).encode() not in blob and b"/root/" not in blob  # no absolute paths


def test_cli_registers_build() -> None:
    result = CliRunner().invoke(main, ["build", "--help"])
    assert result.exit_code == 0 and "--check" in result.output
