"""Paths -> IR document: find spec files, read and extract each page, link them.

Files are read in sorted order; pages are independent until linking, so large inputs are parsed
on every core (``jobs``). The result never depends on the order paths are given in.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from functools import partial
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


def find_specs_named(paths: Sequence[str | Path], *, root: Path | None = None) -> list[tuple[Path, str]]:
    """Spec files below ``paths`` with their names, sorted by name. A folder is resolved once; its
    files are named relative to it, so a large tree costs no per-file ``resolve``. Files in an
    ``includes/`` folder below an input folder are parts of pages, not pages.

    Names are relative to the working directory by default (for a terminal report). With ``root``
    (the project root) they do not depend on where docgen runs: a file below ``root`` is named
    relative to it, any other file relative to the folder given (a file given alone: its name).
    """
    cwd = Path.cwd().resolve()
    found: dict[str, Path] = {}
    for p in paths:
        path = Path(p)
        if path.is_dir():
            base = _base_name(path, cwd, root)
            prefix = "" if base == "." else base + "/"
            folder_name = path.resolve().name
            for rel in _walk_files(str(path)):  # os.walk: pathlib costs a lot per file on large trees
                if is_spec_name(rel) and not is_include_path(f"{folder_name}/{rel}"):
                    _add(found, prefix + rel, path / rel)
        elif path.is_file():
            base = _base_name(path, cwd, root)
            _add(found, path.name if root is not None and base == "." else base, path)
        else:
            raise InputError(f"{p}: no such file or directory")
    return [(found[name], name) for name in sorted(found)]


def _add(found: dict[str, Path], name: str, path: Path) -> None:
    other = found.get(name)
    if other is not None and other.resolve() != path.resolve():
        raise InputError(f"{path}: has the same name in the docs, {name!r}, as {other}; give one folder holding both")
    found[name] = path


def _base_name(path: Path, cwd: Path, root: Path | None) -> str:
    """The name of a folder given as input: relative to ``root`` when below it, else ``.``."""
    if root is None:
        return display_path(path, cwd)
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return "."


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


def name_roots(files: Iterable[tuple[Path, str]]) -> list[str]:
    """The folders page names are relative to (``root / name`` is the file), sorted: where the
    files that pages include are read from."""
    roots: set[str] = set()
    for path, name in files:
        depth = len(PurePath(name).parts)
        absolute = Path(os.path.abspath(path))
        roots.add(str(absolute.parents[depth - 1]) if depth <= len(absolute.parents) else ".")
    return sorted(roots)


def includes_for(files: Sequence[tuple[Path, str]]) -> FolderIncludes:
    """Reads what the pages of ``files`` include, by paths in the namespace of their names."""
    roots = name_roots(files)
    return FolderIncludes(*roots) if roots else FolderIncludes(".")


def parse_file(path: Path, name: str | None = None, includes: Includes | None = None) -> PageResult:
    """One page; its includes are read from the file system (by default, names relative to the cwd)."""
    if includes is None:
        includes = includes_for([(path, name)]) if name else FolderIncludes(".")
    return parse_bytes(path.read_bytes(), name or display_path(path), includes)


def parse_bytes(data: bytes, name: str, includes: Includes | None = None) -> PageResult:
    """One page; ``includes`` reads the files its ``[!INCLUDE]`` lines name, by paths relative to
    ``name`` (see docgen/parse/includes.py)."""
    page = read_page(data, name, includes)
    result = extract(page)
    if page.origin is not None:
        relocate(result, name, page.origin)
    result.diagnostics.extend(page.include_diagnostics)
    return result


def _parse_named(item: tuple[str, str], includes: Includes | None = None) -> PageResult:
    return parse_file(Path(item[0]), item[1], includes)


def parse_paths(
    paths: Sequence[str | Path],
    *,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    root: Path | None = None,
) -> Document:
    """The linked IR of the specs below ``paths`` (named as :func:`find_specs_named` says)."""
    return parse_files(find_specs_named(paths, root=root), jobs=jobs, progress=progress)


def parse_files(
    files: Iterable[tuple[Path, str]],
    *,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Document:
    files = list(files)
    items = [(str(p), name) for p, name in files]
    parse = partial(_parse_named, includes=includes_for(files))
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    results: list[PageResult]
    if jobs > 1 and len(items) >= _PARALLEL_MIN_FILES:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = []
            for i, r in enumerate(pool.map(parse, items, chunksize=32)):
                results.append(r)
                if progress:
                    progress(i + 1, len(items))
    else:
        results = []
        for i, item in enumerate(items):
            results.append(parse(item))
            if progress:
                progress(i + 1, len(items))
    return link(results)
