"""Formatting with black, in-process, with a fixed mode; results cached by content hash.

The cache (``.docgen-cache/black/`` under the project root) maps sha256(black version, mode,
source) to the formatted text, so an unchanged file is never formatted twice. Cache misses are
formatted on every core (``ProcessPoolExecutor``) when there are enough of them.
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Callable

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import black

LINE_LENGTH = 100
_PARALLEL_MIN = 2


def mode() -> black.Mode:
    """The one fixed mode (black is imported lazily: a build where every file is cached skips it)."""
    import black

    return black.Mode(target_versions={black.TargetVersion.PY311}, line_length=LINE_LENGTH)


def _black_version() -> str:
    from importlib.metadata import version

    return version("black")


_BLACK_VERSION = _black_version()


def _key(source: str) -> str:
    h = hashlib.sha256()
    h.update(f"black {_BLACK_VERSION} {LINE_LENGTH} py311\0".encode())
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


class Formatter:
    """Formats many files: cache first, then black on the misses (in parallel when worth it)."""

    def __init__(self, cache_dir: Path | None, jobs: int | None = None) -> None:
        self.cache_dir = cache_dir / "black" if cache_dir else None
        self.jobs = jobs if jobs is not None else (os.cpu_count() or 1)
        self.hits = 0
        self.misses = 0

    def _cached(self, key: str) -> str | None:
        if self.cache_dir is None:
            return None
        path = self.cache_dir / key[:2] / key
        try:
            return path.read_text(encoding="utf-8")
        except OSError:
            return None

    def _store(self, key: str, text: str) -> None:
        if self.cache_dir is None:
            return
        folder = self.cache_dir / key[:2]
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".{key}.{os.getpid()}.tmp"
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(folder / key)

    def format_all(
        self, files: dict[str, str], progress: Callable[[int, int], None] | None = None
    ) -> dict[str, str]:
        """``{path: source}`` -> ``{path: formatted}``; only ``.py`` files are formatted."""
        out: dict[str, str] = {}
        todo: list[tuple[str, str]] = []
        keys: dict[str, str] = {}
        for name in sorted(files):
            source = files[name]
            if not name.endswith(".py"):
                out[name] = source
                continue
            key = keys[name] = _key(source)
            hit = self._cached(key)
            if hit is not None:
                out[name] = hit
                self.hits += 1
            else:
                todo.append((name, source))
        self.misses = len(todo)
        total = len(todo)
        if self.jobs > 1 and total >= _PARALLEL_MIN:
            # Big files first so the pool's last tasks are short.
            todo.sort(key=lambda it: -len(it[1]))
            with ProcessPoolExecutor(max_workers=self.jobs) as pool:
                for i, (name, text) in enumerate(pool.map(_format_one, todo, chunksize=1)):
                    out[name] = text
                    self._store(keys[name], text)
                    if progress:
                        progress(i + 1, total)
        else:
            for i, item in enumerate(todo):
                name, text = _format_one(item)
                out[name] = text
                self._store(keys[name], text)
                if progress:
                    progress(i + 1, total)
        return out
