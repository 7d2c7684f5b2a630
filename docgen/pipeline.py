"""Paths -> IR document: find spec files, read and extract each page, link them.

Files are read in sorted order; pages are independent until linking, so large inputs are parsed
on every core (``jobs``). The result never depends on the order paths are given in.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path, PurePath
from typing import Callable, Iterable, Sequence

from .ir.link import link
from .ir.model import Document
from .parse.includes import FolderIncludes, Includes, relocate
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


def is_include_path(name: str | PurePath) -> bool:
    """DocFX include files live in ``includes/`` folders; they are parts of pages, not pages.
    ``name`` is a path below an input folder, starting with that folder's own name (a folder
    named ``includes`` further up, where the input happens to live, does not count)."""
    return any(part.lower() == "includes" for part in PurePath(name).parts[:-1])


def find_specs_named(paths: Sequence[str | Path]) -> list[tuple[Path, str]]:
    """Spec files below ``paths`` with their display names, sorted by name. A folder is resolved
    once; its files are named relative to it, so a large tree costs no per-file ``resolve``."""
    cwd = Path.cwd().resolve()
    found: dict[str, Path] = {}
    for p in paths:
        path = Path(p)
        if path.is_dir():
            base = display_path(path, cwd)
            prefix = "" if base == "." else base + "/"
            for rel in _walk_files(str(path)):  # os.walk: pathlib costs a lot per file on large trees
                if is_spec_name(rel) and not is_include_path(f"{path.resolve().name}/{rel}"):
                    found[prefix + rel] = path / rel
        elif path.is_file():
            found[display_path(path, cwd)] = path
        else:
            raise InputError(f"{p}: no such file or directory")
    return [(found[name], name) for name in sorted(found)]


def _walk_files(root: str) -> list[str]:
    """POSIX paths, relative to ``root``, of the regular files below it (links to folders not followed)."""
    out = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        rel = os.path.relpath(folder, root).replace(os.sep, "/")
        for name in files:
            if os.path.isfile(os.path.join(folder, name)):
                out.append(name if rel == "." else f"{rel}/{name}")
    return out


def find_specs(paths: Sequence[str | Path]) -> list[Path]:
    return [f for f, _ in find_specs_named(paths)]


def parse_file(path: Path, name: str | None = None) -> PageResult:
    """One page; its includes are read from the file system (names are relative to the cwd)."""
    return parse_bytes(path.read_bytes(), name or display_path(path), FolderIncludes("."))


def parse_bytes(data: bytes, name: str, includes: Includes | None = None) -> PageResult:
    """One page; ``includes`` reads the files its ``[!INCLUDE]`` lines name, by paths relative to
    ``name`` (see docgen/parse/includes.py)."""
    page = read_page(data, name, includes)
    result = extract(page)
    if page.origin is not None:
        relocate(result, name, page.origin)
    result.diagnostics.extend(page.include_diagnostics)
    return result


def _parse_named(item: tuple[str, str]) -> PageResult:
    return parse_file(Path(item[0]), item[1])


def parse_paths(
    paths: Sequence[str | Path],
    *,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Document:
    return parse_files(find_specs_named(paths), jobs=jobs, progress=progress)


def parse_files(
    files: Iterable[tuple[Path, str]],
    *,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
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
    return link(results)
