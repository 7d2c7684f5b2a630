"""Pages -> IR document, for every command (``ir``, ``build``, ``diff``): find spec files, read
them, parse each page (cached, in parallel), link.

:func:`parse_pages` is the one place pages are parsed: cache lookups (:mod:`docgen.pagecache`, when
a cache folder is given), the misses parsed on every core (``jobs``, or a caller's ``executor``)
once there are :data:`PARALLEL_MIN_PAGES` of them, results stored back. :func:`build_document`
links them; :func:`docgen.ir.link.link` is pure, so the diff links two sides from one parse. Files
are read in sorted order; the result never depends on the order paths are given in.

Symbolic links inside a folder given as input are not followed out of it: a link to a file outside
the folder (``specs/x.md -> ~/.ssh/id_rsa``) is never read, and a link to a folder is not walked;
each is a DG109 warning. A file named on the command line is read wherever it links to.
"""

from __future__ import annotations

import gc
import os
from concurrent.futures import Executor, ProcessPoolExecutor
from functools import partial
from pathlib import Path, PurePath
from typing import Callable, Iterable, Sequence

from . import diagnostics as dg
from .ir.link import link
from .ir.model import Document
from .ir.page import PageResult
from .pagecache import PageCache
from .parse.includes import FolderIncludes, Includes, dependencies, relocate
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
    Links that are not read (see the module's docstring) are left out: :func:`discover` names them.
    """
    return discover(paths, root=root)[0]


def discover(
    paths: Sequence[str | Path], *, root: Path | None = None
) -> tuple[list[tuple[Path, str]], list[tuple[str, str]]]:
    """(spec files with names as :func:`find_specs_named` gives them, links not read as
    (name, why)), each sorted by name."""
    cwd = Path.cwd().resolve()
    found: dict[str, Path] = {}
    refused: dict[str, str] = {}
    for p in paths:
        path = Path(p)
        if path.is_dir():
            base = _base_name(path, cwd, root)
            prefix = "" if base == "." else base + "/"
            folder_name = path.resolve().name
            files, links = _walk_files(str(path))  # os.walk: pathlib costs a lot per file on large trees
            for rel in files:
                if is_spec_name(rel) and not is_include_path(f"{folder_name}/{rel}"):
                    _add(found, prefix + rel, path / rel)
            for rel, why in links:
                if why == "folder" or is_spec_name(rel):
                    refused[prefix + rel] = why
        elif path.is_file():
            base = _base_name(path, cwd, root)
            _add(found, path.name if root is not None and base == "." else base, path)
        else:
            raise InputError(f"{p}: no such file or directory")
    return [(found[name], name) for name in sorted(found)], sorted((n, w) for n, w in refused.items() if n not in found)


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


def name_roots(files: Iterable[tuple[Path, str]]) -> list[str]:
    """The folders page names are relative to (``root / name`` is the file), sorted: where the
    files that pages include are read from."""
    roots: set[str] = set()
    cwd = os.getcwd()
    for path, name in files:
        parts = PurePath(name).parts
        if parts and parts[0] == os.pardir:
            # named from the working directory, outside it (``docgen check ../docs``): the root is
            # the working directory, ``../docs/api/x.md`` the way from it
            here = os.path.normpath(os.path.join(cwd, name))
            roots.add(cwd if here in (os.path.abspath(path), os.path.realpath(path)) else ".")
            continue
        depth = len(parts)
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
    if data.startswith(REFUSED_LINK):  # see read_specs_and_includes
        return refused_result(name, data[len(REFUSED_LINK) :].decode("ascii", "replace"))
    page = read_page(data, name, includes)
    result = extract(page)
    if page.origin is not None:
        relocate(result, name, page.origin)
    result.diagnostics.extend(page.include_diagnostics)
    return result


def _parse_item(item: tuple[str, bytes], includes: Includes | None = None) -> PageResult:
    name, data = item
    return parse_bytes(data, name, includes)


def read_specs(paths: Sequence[str | Path], root: Path | None = None) -> list[tuple[str, bytes]]:
    """(name, bytes) of every spec file below ``paths``, sorted by name (named as
    :func:`find_specs_named` says)."""
    return read_specs_and_includes(paths, root)[0]


def read_specs_and_includes(paths: Sequence[str | Path], root: Path | None = None) -> tuple[list[tuple[str, bytes]], Includes]:
    """:func:`read_specs`, and what reads the files those pages include (by their names). A symbolic
    link docgen does not follow is not read: its bytes are a marker that parses to DG109."""
    found, refused = discover(paths, root=root)
    pages = [(name, f.read_bytes()) for f, name in found]
    pages += [(name, REFUSED_LINK + why.encode("ascii")) for name, why in refused]
    return sorted(pages), includes_for(found)


def parse_pages(
    pages: Sequence[tuple[str, bytes]],
    *,
    cache_dir: Path | None = None,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    executor: Executor | None = None,
    includes: Includes | None = None,
) -> list[PageResult]:
    """The page result of every ``(name, bytes)``, in order: from the cache when given and the
    page and the files it includes are unchanged, else parsed (in ``executor``, else a pool of
    ``jobs``, for many misses). ``includes`` reads included files by paths relative to the names
    (default: the working directory)."""
    includes = includes if includes is not None else FolderIncludes(".")
    cache = PageCache(cache_dir)
    keys = [cache.key(name, data, dependencies(data, name, includes)) for name, data in pages] if cache_dir is not None else []
    parse = partial(_parse_item, includes=includes)
    results: list[PageResult | None] = [cache.get(k) for k in keys] if keys else [None] * len(pages)
    todo = [i for i, r in enumerate(results) if r is None]
    items = [pages[i] for i in todo]
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    if len(items) >= PARALLEL_MIN_PAGES and (executor is not None or jobs > 1):
        if executor is not None:
            parsed = executor.map(parse, items, chunksize=16)
            owned = None
        else:
            gc.freeze()  # workers never scan (and so never copy) the parent's objects
            owned = ProcessPoolExecutor(max_workers=jobs, initializer=gc.enable)
            parsed = owned.map(parse, items, chunksize=16)
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
            results[i] = parse(pages[i])
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
    includes: Includes | None = None,
) -> Document:
    """The linked document of ``pages`` (:func:`parse_pages`, then :func:`link`)."""
    return link(parse_pages(pages, cache_dir=cache_dir, jobs=jobs, progress=progress, executor=executor, includes=includes))


def parse_paths(
    paths: Sequence[str | Path],
    *,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    root: Path | None = None,
) -> Document:
    """The linked IR of the specs below ``paths`` (named as :func:`find_specs_named` says)."""
    pages, includes = read_specs_and_includes(paths, root)
    return build_document(pages, jobs=jobs, progress=progress, includes=includes)


def parse_files(
    files: Iterable[tuple[Path, str]],
    *,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    refused: Sequence[tuple[str, str]] = (),
) -> Document:
    files = list(files)
    pages = [(name, Path(p).read_bytes()) for p, name in files]
    pages += [(name, REFUSED_LINK + why.encode("ascii")) for name, why in refused]
    return build_document(sorted(pages), jobs=jobs, progress=progress, includes=includes_for(files))
