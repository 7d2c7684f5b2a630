"""write_tree reuses unchanged files by hard link; the result is the same tree as a full write."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from docgen.generate.write import compare, write_tree


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_unchanged_files_are_linked_changed_ones_written(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, {"a.py": "a = 1\n", "pkg/b.py": "b = 1\n", "gone.py": "x\n"})
    before = {name: (out / name).stat().st_ino for name in ("a.py", "pkg/b.py")}
    files = {"a.py": "a = 1\n", "pkg/b.py": "b = 2\n", "new.py": "n\n"}
    diff = compare(out, files)
    assert diff.same == ["a.py"] and diff.changed == ["pkg/b.py"] and diff.missing == ["new.py"]
    write_tree(out, files, same=diff.same)
    assert _tree(out) == {k: v.encode() for k, v in files.items()}
    assert (out / "a.py").stat().st_ino == before["a.py"]  # linked, not rewritten
    assert (out / "a.py").stat().st_nlink == 1  # the previous tree is gone
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_same_is_only_a_hint_the_text_given_wins_when_linking_is_impossible(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_tree(out, {"a.py": "a = 1\n"})
    # a name claimed unchanged that is not in the old tree is written from its text
    write_tree(out, {"a.py": "a = 1\n", "b.py": "b\n"}, same=["a.py", "b.py"])
    assert _tree(out) == {"a.py": b"a = 1\n", "b.py": b"b\n"}


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symlinks")
def test_symlinks_in_the_old_tree_are_not_linked_through(tmp_path: Path) -> None:
    outside = tmp_path / "outside.py"
    outside.write_text("a = 1\n")
    out = tmp_path / "out"
    write_tree(out, {"b.py": "b\n"})
    (out / "a.py").symlink_to(outside)
    files = {"a.py": "a = 1\n", "b.py": "b\n"}
    diff = compare(out, files)
    assert diff.same == ["a.py", "b.py"]
    write_tree(out, files, same=diff.same)
    assert not (out / "a.py").is_symlink() and (out / "a.py").read_text() == "a = 1\n"
    outside.write_text("changed\n")
    assert (out / "a.py").read_text() == "a = 1\n"
