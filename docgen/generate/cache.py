"""Per-page parse cache: a page whose bytes (and name) did not change is not parsed again.

Entries live in ``.docgen-cache/parse/`` keyed by sha256(docgen version, display name, bytes) and
hold the pickled :class:`~docgen.parse.page.PageResult`. After a parse with many misses (a cold
build) all pages go into one pack file instead, read in one go on the next build; pages edited
since come from their single entries. Linking always runs on every page.
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
from concurrent.futures import Executor, ProcessPoolExecutor
from functools import partial
from pathlib import Path
from typing import Callable

from .. import __version__
from ..ir.link import link
from ..ir.model import Document
from ..parse.includes import FolderIncludes, Includes, dependencies
from ..parse.page import PageResult
from ..pipeline import find_specs_named, includes_for, parse_bytes

_PARALLEL_MIN = 64


def _parser_fingerprint() -> str:
    """Changes whenever the parser's code changes (other engineers edit it)."""
    h = hashlib.sha256(__version__.encode())
    root = Path(__file__).resolve().parent.parent
    for folder in ("parse", "ir"):
        for f in sorted((root / folder).glob("*.py")):
            h.update(f.name.encode())
            h.update(f.read_bytes())
    for f in ("pipeline.py", "diagnostics.py"):
        h.update((root / f).read_bytes())
    return h.hexdigest()


def _parse_item(item: tuple[str, bytes], includes: Includes | None = None) -> PageResult:
    name, data = item
    return parse_bytes(data, name, includes)


def read_specs(paths: list[str | Path], root: Path | None = None) -> list[tuple[str, bytes]]:
    """(name, bytes) of every spec file, sorted by name (names as :func:`find_specs_named` gives them)."""
    return [(name, f.read_bytes()) for f, name in find_specs_named(paths, root=root)]


def read_specs_and_includes(paths: list[str | Path], root: Path | None = None) -> tuple[list[tuple[str, bytes]], Includes]:
    """:func:`read_specs`, and what reads the files those pages include (by their names)."""
    found = find_specs_named(paths, root=root)
    return [(name, f.read_bytes()) for f, name in found], includes_for(found)


def parse_cached(
    pages: list[tuple[str, bytes]],
    cache_dir: Path | None,
    *,
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    executor: Executor | None = None,
    includes: Includes | None = None,
) -> Document:
    """The linked document of ``pages``; misses are parsed in ``executor`` (else a pool of ``jobs``).
    ``includes`` reads the files pages include (default: the file system, names relative to the
    cwd); a page's key covers its includes, so editing an include re-parses its pages."""
    includes = includes if includes is not None else FolderIncludes(".")
    fp = _parser_fingerprint()
    folder = cache_dir / "parse" if cache_dir else None
    results: dict[int, PageResult] = {}
    todo: list[int] = []
    keys: list[str] = []
    prefix = fp.encode() + b"\0"
    base = str(folder) if folder is not None else None  # plain strings: thousands of lookups
    packed = _read_pack(folder, fp)
    for i, (name, data) in enumerate(pages):
        key = hashlib.sha256(prefix + name.encode() + b"\0" + data + dependencies(data, name, includes)).hexdigest()
        keys.append(key)
        hit = packed.get(key)
        if hit is None and base is not None:
            try:
                with open(os.path.join(base, key[:2], key), "rb") as fh:
                    hit = pickle.loads(fh.read())
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
                hit = None
        if hit is not None:
            results[i] = hit
        else:
            todo.append(i)
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    items = [pages[i] for i in todo]
    if executor is not None and len(items) >= _PARALLEL_MIN:
        parsed = list(executor.map(partial(_parse_item, includes=includes), items, chunksize=16))
    elif jobs > 1 and len(items) >= _PARALLEL_MIN:
        gc.freeze()  # workers never scan (and so never copy) the parent's objects
        try:
            with ProcessPoolExecutor(max_workers=jobs, initializer=gc.enable) as pool:
                parsed = list(pool.map(partial(_parse_item, includes=includes), items, chunksize=16))
        finally:
            gc.unfreeze()
    else:
        parsed = [_parse_item(it, includes) for it in items]
    # many pages not in the pack: rewrite it (and no single entries); else single entries for the misses
    repack = folder is not None and sum(1 for k in keys if k not in packed) >= PACK_REWRITE
    for n, (i, r) in enumerate(zip(todo, parsed)):
        results[i] = r
        if folder is not None and not repack:
            d = folder / keys[i][:2]
            d.mkdir(parents=True, exist_ok=True)
            tmp = d / f".{keys[i]}.{os.getpid()}.tmp"
            tmp.write_bytes(pickle.dumps(r, protocol=pickle.HIGHEST_PROTOCOL))
            tmp.replace(d / keys[i])
        if progress:
            progress(n + 1, len(todo))
    if folder is not None and repack:
        _write_pack(folder, fp, {keys[i]: results[i] for i in range(len(pages))})  # before link() changes them
    return link([results[i] for i in range(len(pages))])


PACK_REWRITE = 32  # pages read from single entries that make the pack worth rewriting


def _pack_path(folder: Path, fp: str) -> Path:
    return folder / f"pack-{fp[:32]}.pickle"


def _read_pack(folder: Path | None, fp: str) -> dict[str, PageResult]:
    """Every page of the last large parse in one pickle (one read instead of thousands)."""
    if folder is None:
        return {}
    try:
        with open(_pack_path(folder, fp), "rb") as fh:
            data = pickle.load(fh)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return {}
    return data if isinstance(data, dict) else {}


def _write_pack(folder: Path, fp: str, results: dict[str, PageResult]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    target = _pack_path(folder, fp)
    tmp = folder / f".{target.name}.{os.getpid()}.tmp"
    tmp.write_bytes(pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL))
    tmp.replace(target)
    for old in folder.glob("pack-*.pickle"):  # packs of other parser versions
        if old != target:
            old.unlink(missing_ok=True)
