"""Formatting with black, in-process, with a fixed mode; results cached by content hash.

The cache (``.docgen-cache/black/`` under the project root) maps sha256(black version, mode,
source) to the formatted text, so an unchanged file is never formatted twice. Cache misses are
formatted on every core: ``docgen build`` starts the worker processes (:func:`worker_pool`) before
parsing so black is imported meanwhile, and sends each miss as soon as it is rendered.

A large module is formatted piece by piece: its header, then each top-level class or function
(:func:`split_top_level`), each piece cached on its own, joined with the two blank lines black puts
between top-level definitions. black formats top-level statements independently, so the result is
the text black gives for the whole file (``tests/test_generate_fmt.py`` checks it); but a page edit
that changes one class of a 100 KB builder module re-formats that class only.
"""

from __future__ import annotations

import ast
import gc
import hashlib
import os
from concurrent.futures import Executor, Future, ProcessPoolExecutor, as_completed
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Callable

if TYPE_CHECKING:
    import black

LINE_LENGTH = 100
_PARALLEL_MIN = 2


def mode() -> black.Mode:
    """The one fixed mode (black is imported lazily: a build where every file is cached skips it)."""
    import black

    return black.Mode(target_versions={black.TargetVersion.PY311}, line_length=LINE_LENGTH)


@lru_cache(maxsize=1)
def _black_version() -> str:
    """Read from black's metadata (cheaper than importing black), once, when a key is needed."""
    from importlib.metadata import version

    return version("black")


def _key(source: str) -> str:
    h = hashlib.sha256()
    h.update(f"black {_black_version()} {LINE_LENGTH} py311\0".encode())
    h.update(source.encode("utf-8"))
    return h.hexdigest()


def format_source(source: str) -> str:
    import black

    try:
        return black.format_str(source, mode=mode())
    except black.NothingChanged:  # pragma: no cover - format_str does not raise it
        return source


def _format_one(item: tuple[str, str]) -> tuple[str, str]:
    name, source = item
    return name, format_source(source)


SPLIT_MIN = 8_000  # characters: smaller modules are formatted whole


def split_top_level(source: str) -> list[str] | None:
    """``source`` cut before each top-level class or function (its decorators and the comment lines
    right above it go with it); None when it does not parse (black then reports the error)."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    lines = source.splitlines(keepends=True)
    cuts = {0, len(lines)}
    for node in tree.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            start = (node.decorator_list[0].lineno if node.decorator_list else node.lineno) - 1
            while start > 0 and lines[start - 1].lstrip().startswith("#"):
                start -= 1
            cuts.add(start)
    edges = sorted(cuts)
    return ["".join(lines[a:b]) for a, b in zip(edges, edges[1:])]


def join_top_level(parts: list[str]) -> str:
    """Formatted pieces -> the module: two blank lines between top-level pieces, as black puts them."""
    return "\n\n".join(p for p in parts if p.strip())


def _warm_up() -> None:
    mode()  # imports black


def worker_pool(jobs: int) -> ProcessPoolExecutor:
    """``jobs`` worker processes; one imports black now, in the background, while the caller parses.

    The others import it on first use: warming them all at once would take the cores the caller
    needs for parsing (a one-page rebuild has one large file to format, and a few small ones).
    """
    pool = ProcessPoolExecutor(max_workers=jobs, initializer=gc.enable)  # gc: in case we were forked paused
    pool.submit(_warm_up)
    return pool


class Formatter:
    """Formats many files: cache first, then black on the misses.

    With an ``executor``, each miss is sent to it as soon as it is :meth:`add`-ed, so black runs
    while the caller is still rendering; without one, misses are formatted by :meth:`finish`.
    """

    def __init__(self, cache_dir: Path | None, jobs: int | None = None, executor: Executor | None = None) -> None:
        self.cache_dir = cache_dir / "black" if cache_dir else None
        self._base = str(self.cache_dir) if self.cache_dir else None
        self.jobs = jobs if jobs is not None else (os.cpu_count() or 1)
        self.executor = executor
        self.hits = 0
        self.misses = 0
        self._out: dict[str, str] = {}
        self._keys: dict[str, str] = {}
        self._queued: list[tuple[str, str]] = []  # misses to format in finish(): (task, source)
        self._running: list[Future[tuple[str, str]]] = []
        self._parts: dict[str, list[str | None]] = {}  # file -> its formatted pieces (None: pending)
        self._finished: list[tuple[str, str]] = []  # files whose pieces were all cached
        self._part_keys: dict[str, str] = {}  # task "file\0index" -> cache key of the piece

    def _cached(self, key: str) -> str | None:
        if self._base is None:
            return None
        try:
            with open(os.path.join(self._base, key[:2], key), encoding="utf-8", newline="") as fh:
                return fh.read()
        except OSError:
            return None

    def _store(self, key: str, text: str) -> None:
        if self.cache_dir is None:
            return
        folder = self.cache_dir / key[:2]
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{key}.{os.getpid()}.tmp"
        tmp.write_text(text, encoding="utf-8", newline="")
        tmp.replace(folder / key)

    def add(self, name: str, source: str) -> None:
        """One file; only ``.py`` files are formatted, others are kept as they are."""
        if name in self._out or name in self._keys:
            raise ValueError(f"{name} added twice")
        if not name.endswith(".py"):
            self._out[name] = source
            return
        key = self._keys[name] = _key(source)
        hit = self._cached(key)
        if hit is not None:
            self._out[name] = hit
            self.hits += 1
            return
        self.misses += 1
        pieces = split_top_level(source) if len(source) >= SPLIT_MIN else None
        if pieces is None or len(pieces) < 3:
            self._submit(name, source)
            return
        parts: list[str | None] = []
        for i, piece in enumerate(pieces):
            key = _key(piece)
            hit = self._cached(key)
            parts.append(hit)
            if hit is None:
                task = f"{name}\0{i}"
                self._part_keys[task] = key
                self._submit(task, piece)
        self._parts[name] = parts
        if all(p is not None for p in parts):
            self._complete(name)

    def _submit(self, task: str, source: str) -> None:
        if self.executor is not None:
            self._running.append(self.executor.submit(_format_one, (task, source)))
        else:
            self._queued.append((task, source))

    def _complete(self, name: str) -> None:
        """Every piece of ``name`` is formatted: join them (the whole file then counts as one miss done)."""
        parts = self._parts.pop(name)
        self._finished.append((name, join_top_level([p for p in parts if p is not None])))

    def finish(self, progress: Callable[[int, int], None] | None = None) -> dict[str, str]:
        """Wait for (or do) the formatting of every miss; ``{path: formatted}`` in path order."""
        total = self.misses
        done = 0

        def record(task: str, text: str) -> None:
            nonlocal done
            name, _, index = task.partition("\0")
            if index:  # one piece of a large module
                self._store(self._part_keys.pop(task), text)
                self._parts[name][int(index)] = text
                if any(p is None for p in self._parts[name]):
                    return
                self._complete(name)
                name, text = self._finished.pop()
            self._out[name] = text
            self._store(self._keys[name], text)
            done += 1
            if progress:
                progress(done, total)

        for name, text in self._finished:  # every piece was cached
            record(name, text)
        self._finished = []
        for task, source in self._queued:
            record(*_format_one((task, source)))
        self._queued = []
        for future in as_completed(self._running):
            record(*future.result())
        self._running = []
        return dict(sorted(self._out.items()))

    def format_all(
        self, files: dict[str, str], progress: Callable[[int, int], None] | None = None
    ) -> dict[str, str]:
        """``{path: source}`` -> ``{path: formatted}``; misses on every core when there are enough."""
        names = sorted(files, key=lambda n: (-len(files[n]), n))  # big files first: short last tasks
        if self.executor is not None or self.jobs <= 1 or self._count_misses(files) < _PARALLEL_MIN:
            for name in names:
                self.add(name, files[name])
            return self.finish(progress)
        with worker_pool(self.jobs) as pool:
            self.executor = pool
            try:
                return self.format_all(files, progress)
            finally:
                self.executor = None

    def _count_misses(self, files: dict[str, str]) -> int:
        return sum(1 for n, text in files.items() if n.endswith(".py") and self._cached(_key(text)) is None)
