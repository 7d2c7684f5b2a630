"""Paths -> IR document: find spec files, read and extract each page, link them.

Files are read in sorted order; pages are independent until linking, so large inputs are parsed
on every core (``jobs``). The result never depends on the order paths are given in.

Symbolic links inside a folder given as input are not followed out of it: a link to a file outside
the folder (``specs/x.md -> ~/.ssh/id_rsa``) is never read, and a link to a folder is not walked;
each is a DG109 warning. A file named on the command line is read wherever it links to.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path, PurePath
from typing import Callable, Iterable, Sequence

from . import diagnostics as dg
from .ir.link import link
from .ir.model import Document
from .parse.page import PageResult, extract
from .parse.source import read_page

SPEC_SUFFIXES = (".md", ".markdown", ".txt")
_PARALLEL_MIN_FILES = 200


class InputError(Exception):
    """A path given on the command line does not exist or holds no spec files."""


def display_path(path: Path, cwd: Path | None = None) -> str:
    """POSIX path relative to the working directory when below it (no absolute paths in output)."""
    cwd = cwd or Path.cwd().resolve()
    resolved = path.resolve()
    try:
        return resolved.relative_to(cwd).as_posix()
    except ValueError:
        return os.path.relpath(resolved, cwd).replace(os.sep, "/")


def is_spec_name(name: str | PurePath) -> bool:
    """Whether a file name (a path, or a path inside a git tree) is a spec page docgen reads."""
    p = PurePath(name)
    return p.suffix.lower() in SPEC_SUFFIXES and not p.name.startswith(".") and p.name.upper() not in ("README.MD", "LICENSE-DOCS.TXT")


def find_specs_named(paths: Sequence[str | Path]) -> list[tuple[Path, str]]:
    """Spec files below ``paths`` with their display names, sorted by name. A folder is resolved
    once; its files are named relative to it, so a large tree costs no per-file ``resolve``.
    Links that are not read (see the module's docstring) are left out: :func:`discover` names them."""
    return discover(paths)[0]


def discover(paths: Sequence[str | Path]) -> tuple[list[tuple[Path, str]], list[tuple[str, str]]]:
    """(spec files with display names, links not read as (display name, why)), each sorted by name."""
    cwd = Path.cwd().resolve()
    found: dict[str, Path] = {}
    refused: dict[str, str] = {}
    for p in paths:
        path = Path(p)
        if path.is_dir():
            base = display_path(path, cwd)
            prefix = "" if base == "." else base + "/"
            files, links = _walk_files(str(path))  # os.walk: pathlib costs a lot per file on large trees
            for rel in files:
                if is_spec_name(rel):
                    found[prefix + rel] = path / rel
            for rel, why in links:
                if why == "folder" or is_spec_name(rel):
                    refused[prefix + rel] = why
        elif path.is_file():
            found[display_path(path, cwd)] = path
        else:
            raise InputError(f"{p}: no such file or directory")
    return [(found[name], name) for name in sorted(found)], sorted((n, w) for n, w in refused.items() if n not in found)


def _walk_files(root: str) -> tuple[list[str], list[tuple[str, str]]]:
    """POSIX paths, relative to ``root``, of the regular files below it, and the symbolic links not
    followed: ("folder") links to folders, ("outside") links to files outside ``root``."""
    out: list[str] = []
    links: list[tuple[str, str]] = []
    real_root = os.path.realpath(root)
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        rel = os.path.relpath(folder, root).replace(os.sep, "/")
        for name in dirs:
            if os.path.islink(os.path.join(folder, name)):
                links.append((name if rel == "." else f"{rel}/{name}", "folder"))
        for name in files:
            full = os.path.join(folder, name)
            if not os.path.isfile(full):
                continue
            relname = name if rel == "." else f"{rel}/{name}"
            if os.path.islink(full) and not _inside(real_root, os.path.realpath(full)):
                links.append((relname, "outside"))
            else:
                out.append(relname)
    return out, links


def _inside(root: str, target: str) -> bool:
    try:
        return os.path.commonpath([root, target]) == root
    except ValueError:  # another drive (Windows)
        return False


_REFUSED = {
    "outside": "a symbolic link to a file outside the input folder; not read",
    "folder": "a symbolic link to a folder; not followed",
}
# what a refused link reads as (a page result holding only DG109): bytes no text file starts with
REFUSED_LINK = b"\x00docgen: symbolic link not read\x00"


def refused_result(name: str, why: str = "outside") -> PageResult:
    return PageResult(diagnostics=[dg.make("DG109", name, 1, _REFUSED.get(why, _REFUSED["outside"]))])


def find_specs(paths: Sequence[str | Path]) -> list[Path]:
    return [f for f, _ in find_specs_named(paths)]


def parse_file(path: Path, name: str | None = None) -> PageResult:
    return parse_bytes(path.read_bytes(), name or display_path(path))


def parse_bytes(data: bytes, name: str) -> PageResult:
    if data.startswith(REFUSED_LINK):  # see read_specs in generate/cache.py
        why = data[len(REFUSED_LINK) :].decode("ascii", "replace")
        return refused_result(name, why)
    return extract(read_page(data, name))


def _parse_named(item: tuple[str, str]) -> PageResult:
    return parse_file(Path(item[0]), item[1])


def parse_paths(
    paths: Sequence[str | Path],
    *,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Document:
    files, refused = discover(paths)
    return parse_files(files, jobs=jobs, progress=progress, refused=refused)


def parse_files(
    files: Iterable[tuple[Path, str]],
    *,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    refused: Sequence[tuple[str, str]] = (),
) -> Document:
    items = [(str(p), name) for p, name in files]
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    results: list[PageResult]
    if jobs > 1 and len(items) >= _PARALLEL_MIN_FILES:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = []
            for i, r in enumerate(pool.map(_parse_named, items, chunksize=32)):
                results.append(r)
                if progress:
                    progress(i + 1, len(items))
    else:
        results = []
        for i, item in enumerate(items):
            results.append(_parse_named(item))
            if progress:
                progress(i + 1, len(items))
    return link(results + [refused_result(name, why) for name, why in refused])
