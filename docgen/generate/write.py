"""Writing the output folder atomically, and ``--check`` (what would change, without writing).

The new tree is written to a temporary folder next to the output, then swapped in atomically
(:mod:`.swap`); a failed or interrupted build leaves the previous output in place. Files whose bytes did
not change are hard-linked from the previous output instead of written again (much cheaper; a
plain write when linking fails). Paths are checked to stay inside the output folder (no absolute
paths, no ``..``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .ownership import tree_files
from .swap import replace_tree


class UnsafePathError(ValueError):
    pass


def safe_relpath(name: str) -> PurePosixPath:
    p = PurePosixPath(name)
    if p.is_absolute() or not p.parts or any(part in ("", ".", "..") for part in p.parts) or "\\" in name:
        raise UnsafePathError(f"refusing to write outside the output folder: {name!r}")
    return p


def _existing(root: Path) -> dict[str, Path]:
    """The files of an output tree by POSIX name (caches left out, as :mod:`.ownership` sees them)."""
    if not root.is_dir():
        return {}
    return {name: root / name for name in tree_files(root)}


@dataclass(slots=True)
class Diff:
    missing: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    same: list[str] = field(default_factory=list)  # already there with exactly these bytes

    @property
    def stale(self) -> bool:
        return bool(self.missing or self.extra or self.changed)

    def lines(self) -> list[str]:
        return (
            [f"missing: {n}" for n in self.missing]
            + [f"extra: {n}" for n in self.extra]
            + [f"changed: {n}" for n in self.changed]
        )


def compare(output: Path, files: dict[str, str]) -> Diff:
    existing = _existing(output)
    diff = Diff()
    for name in sorted(files):
        safe_relpath(name)
        path = existing.get(name)
        if path is None:
            diff.missing.append(name)
        elif not path.is_file() or path.read_bytes() != files[name].encode("utf-8"):
            diff.changed.append(name)
        else:
            diff.same.append(name)
    diff.extra = sorted(set(existing) - set(files))
    return diff


def write_tree(
    output: Path,
    files: dict[str, str],
    same: Collection[str] = (),
    *,
    lock_timeout: float = 600.0,
    on_wait: Callable[[], None] | None = None,
) -> None:
    """Replace ``output`` with exactly ``files`` (POSIX relative path -> text), atomically.

    ``same``: names whose file in ``output`` already holds exactly this text (``Diff.same``); they
    are hard-linked into the new tree rather than written. Whether ``output`` may be replaced at all
    is :mod:`.ownership`'s question, asked before this is called.
    """
    output = Path(os.path.abspath(output))
    reuse = set(same)
    checked = [(name, safe_relpath(name)) for name in sorted(files)]

    def fill(tmp: Path) -> None:
        for name, rel in checked:
            target = tmp.joinpath(*rel.parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            if name in reuse and _link(output.joinpath(*rel.parts), target):
                continue
            with open(target, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(files[name])

    replace_tree(output, fill, timeout=lock_timeout, on_wait=on_wait)


def _link(source: Path, target: Path) -> bool:
    """Hard-link ``source`` (a regular file, not a symlink) to ``target``; False if that failed."""
    try:
        if not source.is_file() or source.is_symlink():
            return False
        os.link(source, target)
    except OSError:
        return False
    return True
