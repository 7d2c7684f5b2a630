"""Golden record of generated/ for the seeds: one syrupy snapshot per generated file.

The build runs in-process (parse -> generate -> black, no cache). A file that disappears leaves an
unused snapshot (syrupy fails the full run), a new file has no snapshot (its test fails), and the
list of file names is itself snapshotted. The committed generated/ must equal a fresh build.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

import pytest
from syrupy.extensions.single_file import SingleFileSnapshotExtension, WriteMode

from docgen.generate.build import Options, generate
from docgen.generate.fmt import Formatter
from docgen.pipeline import parse_paths

ROOT = Path(__file__).resolve().parents[1]


class PySnapshot(SingleFileSnapshotExtension):
    _write_mode = WriteMode.TEXT
    file_extension = "py.snap"


@lru_cache(maxsize=1)
def seed_build() -> dict[str, str]:
    cwd = os.getcwd()
    os.chdir(ROOT)  # source paths in the output are relative to the project root
    try:
        doc = parse_paths(["specs"], jobs=1)
    finally:
        os.chdir(cwd)
    return Formatter(None, jobs=1).format_all(generate(doc, Options()))


def _id(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", name).strip("_")


FILES = sorted(seed_build())


@pytest.fixture
def py_snapshot(snapshot):  # type: ignore[no-untyped-def]
    return snapshot.use_extension(PySnapshot)


@pytest.mark.parametrize("name", FILES, ids=[_id(n) for n in FILES])
def test_generated_file(name: str, py_snapshot) -> None:  # type: ignore[no-untyped-def]
    assert seed_build()[name] == py_snapshot


def test_generated_file_list(snapshot) -> None:  # type: ignore[no-untyped-def]
    assert FILES == snapshot


def test_committed_output_is_a_fresh_build() -> None:
    """generated/ (committed) holds exactly the files a build makes, byte for byte."""
    from docgen.generate.ownership import tree_files, with_marker

    out = ROOT / "generated"
    expected = with_marker(seed_build())  # the build adds its marker, listing the files
    assert sorted(tree_files(out)) == sorted(expected)
    for name in sorted(expected):
        assert (out / name).read_text(encoding="utf-8") == expected[name], name
