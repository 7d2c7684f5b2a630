"""Incremental builds: what the caches, the worker pool and the hard links produce must be exactly
what a build from scratch produces."""

from __future__ import annotations

import gc
import pickle
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from docgen.generate import fmt
from docgen.generate.build import builder_files
from docgen.generate.client import build_client
from docgen.generate.command import _gc_paused
from docgen.generate.examples import build_tests
from docgen.generate.fmt import Formatter
from docgen.generate.models import build_models, class_refs
from docgen.generate.names import PythonIdentifier
from docgen.generate.render import render
from docgen.pipeline import parse_paths

ROOT = Path(__file__).resolve().parents[1]


def _project(tmp_path: Path) -> Path:
    work = tmp_path / "proj"
    work.mkdir()
    shutil.copytree(ROOT / "specs", work / "specs")
    (work / "pyproject.toml").write_text('[tool.docgen]\nspecs = "specs"\noutput = "generated"\npackage = "graph_sdk"\n')
    return work


def _build(work: Path, *args: str) -> str:
    proc = subprocess.run(["docgen", "build", *args], cwd=work, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr
    return proc.stderr


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def test_rebuild_after_an_edit_equals_a_build_from_scratch(tmp_path: Path) -> None:
    work = _project(tmp_path)
    _build(work, "-j", "2")  # cold, with worker processes
    page = work / "specs" / "000_723bbc322e51c380.txt"
    page.write_text(page.read_text(encoding="utf-8").replace("# Create user", "# Create a user (edited)", 1), encoding="utf-8")
    stderr = _build(work, "-j", "2")  # warm: cached pages and black output, unchanged files linked
    assert " 0 changed" not in stderr  # the edit reached the output
    incremental = _tree(work / "generated")
    _build(work, "--no-cache", "-j", "1", "-o", "scratch")  # nothing cached, everything in-process
    assert incremental == _tree(work / "scratch")
    assert any(b"Create a user (edited)" in v for v in incremental.values())


def test_formatter_with_workers_matches_in_process_and_caches(tmp_path: Path) -> None:
    files = {
        "a.py": "x = [1,\n 2]\n",
        "b.py": "def f(a,b):\n  return a+b\n",
        "README.md": "not formatted\n",
    }
    expected = Formatter(None, jobs=1).format_all(files)
    assert expected["a.py"] == "x = [1, 2]\n" and expected["README.md"] == files["README.md"]
    with ThreadPoolExecutor(2) as pool:
        streamed = Formatter(tmp_path, jobs=2, executor=pool)
        for name in ["b.py", "README.md", "a.py"]:  # any order
            streamed.add(name, files[name])
        assert streamed.finish() == expected and list(streamed.finish()) == sorted(files)
        assert streamed.misses == 2
    again = Formatter(tmp_path, jobs=1)
    assert again.format_all(files) == expected and (again.hits, again.misses) == (2, 0)


def test_formatter_refuses_a_file_added_twice() -> None:
    f = Formatter(None, jobs=1)
    f.add("a.py", "x = 1\n")
    with pytest.raises(ValueError):
        f.add("a.py", "x = 2\n")


def test_worker_pool_formats_like_black_in_process() -> None:
    source = "def f(a,b):\n  return a+b\n"
    with fmt.worker_pool(2) as pool:
        assert pool.submit(fmt.format_source, source).result() == fmt.format_source(source)


def test_gc_pause_restores_the_previous_state() -> None:
    assert gc.isenabled()
    with _gc_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with _gc_paused():
            pass
        assert not gc.isenabled()  # it was off before: left off
    finally:
        gc.enable()


def test_a_black_cache_hit_returns_exactly_what_black_returned(tmp_path: Path) -> None:
    files = {"crlf.py": "x=1\r\ny=2\r\n"}  # black keeps CRLF line endings
    first = Formatter(tmp_path, jobs=1).format_all(files)
    assert first == {"crlf.py": "x = 1\r\ny = 2\r\n"}
    hit = Formatter(tmp_path, jobs=1)
    assert hit.format_all(files) == first and hit.hits == 1


def test_building_the_tests_does_not_change_the_client() -> None:
    """render_files renders the request builders before build_tests runs (so black starts early)."""
    doc = parse_paths([ROOT / "specs"], jobs=1)
    tmap = class_refs(doc)
    build_models(doc, tmap)
    client = build_client(doc, tmap)

    def file(template: str, **context: object) -> str:
        return render(template, None, package=PythonIdentifier("graph_sdk"), **context)

    rendered, state = dict(builder_files(client, file, "graph_sdk")), pickle.dumps(client)
    assert build_tests(doc.operations, client)
    assert dict(builder_files(client, file, "graph_sdk")) == rendered
    assert pickle.dumps(client) == state  # nothing a user template could show changed either


def test_no_op_rebuild_and_a_touched_output(tmp_path: Path) -> None:
    work = _project(tmp_path)
    _build(work)
    assert "up to date" in _build(work)  # the stamp matches the tree just written
    client = work / "generated" / "graph_sdk" / "client.py"
    good = client.read_bytes()
    client.write_bytes(good + b"# edited\n")
    assert "up to date" not in _build(work)  # not taken for a no-op: rebuilt and restored
    assert client.read_bytes() == good
