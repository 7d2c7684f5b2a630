"""Pages -> IR document, for every command (``ir``, ``build``, ``diff``): find spec files, read
them, parse each page (cached, in parallel), link.

:func:`parse_pages` is the one place pages are parsed: cache lookups (:mod:`docgen.pagecache`, when
a cache folder is given), the misses parsed on every core (``jobs``, or a caller's ``executor``)
once there are :data:`PARALLEL_MIN_PAGES` of them, results stored back. :func:`build_document`
links them; :func:`docgen.ir.link.link` is pure, so the diff links two sides from one parse. Files
are read in sorted order; the result never depends on the order paths are given in.
"""

from __future__ import annotations

import gc
import os
from concurrent.futures import Executor, ProcessPoolExecutor
from pathlib import Path, PurePath
from typing import Callable, Iterable, Sequence

from .ir.link import link
from .ir.model import Document
from .ir.page import PageResult
from .pagecache import PageCache
from .parse.page import extract
from .parse.source import read_page

SPEC_SUFFIXES = (".md", ".markdown", ".txt")
PARALLEL_MIN_PAGES = 64  # fewer misses than this are parsed in the calling process


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
    once; its files are named relative to it, so a large tree costs no per-file ``resolve``."""
    cwd = Path.cwd().resolve()
    found: dict[str, Path] = {}
    for p in paths:
        path = Path(p)
        if path.is_dir():
            base = display_path(path, cwd)
            prefix = "" if base == "." else base + "/"
            for rel in _walk_files(str(path)):  # os.walk: pathlib costs a lot per file on large trees
                if is_spec_name(rel):
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
    return parse_bytes(path.read_bytes(), name or display_path(path))


def parse_bytes(data: bytes, name: str) -> PageResult:
    return extract(read_page(data, name))


def _parse_item(item: tuple[str, bytes]) -> PageResult:
    name, data = item
    return parse_bytes(data, name)


def read_specs(paths: Sequence[str | Path]) -> list[tuple[str, bytes]]:
    """(display name, bytes) of every spec file below ``paths``, sorted by name."""
    return [(name, f.read_bytes()) for f, name in find_specs_named(paths)]


def parse_pages(
    pages: Sequence[tuple[str, bytes]],
    *,
    cache_dir: Path | None = None,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    executor: Executor | None = None,
) -> list[PageResult]:
    """The page result of every ``(display name, bytes)``, in order: from the cache when given and
    the page is unchanged, else parsed (in ``executor``, else a pool of ``jobs``, for many misses)."""
    cache = PageCache(cache_dir)
    keys = [cache.key(name, data) for name, data in pages] if cache_dir is not None else []
    results: list[PageResult | None] = [cache.get(k) for k in keys] if keys else [None] * len(pages)
    todo = [i for i, r in enumerate(results) if r is None]
    items = [pages[i] for i in todo]
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    if len(items) >= PARALLEL_MIN_PAGES and (executor is not None or jobs > 1):
        if executor is not None:
            parsed = executor.map(_parse_item, items, chunksize=16)
            owned = None
        else:
            gc.freeze()  # workers never scan (and so never copy) the parent's objects
            owned = ProcessPoolExecutor(max_workers=jobs, initializer=gc.enable)
            parsed = owned.map(_parse_item, items, chunksize=16)
        try:
            for n, (i, r) in enumerate(zip(todo, parsed)):
                results[i] = r
                if progress:
                    progress(n + 1, len(todo))
        finally:
            if owned is not None:
                owned.shutdown()
                gc.unfreeze()
    else:
        for n, i in enumerate(todo):
            results[i] = _parse_item(pages[i])
            if progress:
                progress(n + 1, len(todo))
    done: list[PageResult] = [r for r in results if r is not None]
    if keys:
        cache.store(keys, done, todo)
    return done


def build_document(
    pages: Sequence[tuple[str, bytes]],
    *,
    cache_dir: Path | None = None,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    executor: Executor | None = None,
) -> Document:
    """The linked document of ``pages`` (:func:`parse_pages`, then :func:`link`)."""
    return link(parse_pages(pages, cache_dir=cache_dir, jobs=jobs, progress=progress, executor=executor))


def parse_paths(
    paths: Sequence[str | Path],
    *,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Document:
    return build_document(read_specs(paths), jobs=jobs, progress=progress)


def parse_files(
    files: Iterable[tuple[Path, str]],
    *,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Document:
    return build_document([(name, Path(p).read_bytes()) for p, name in files], jobs=jobs, progress=progress)
