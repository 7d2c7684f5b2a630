"""Per-page parse cache: a page whose bytes (and name) did not change is not parsed again.

Entries live in ``<cache>/parse/`` keyed by sha256(parser fingerprint, name, bytes, the included
files) and
hold the pickled :class:`~docgen.ir.page.PageResult`. After a parse with many misses (a cold
build) all pages go into one pack file instead, read in one go on the next run; pages edited since
come from their single entries. :func:`docgen.pipeline.parse_pages` is the one user.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path

from . import __version__
from .ir.page import PageResult

PACK_REWRITE = 32  # pages read from single entries that make the pack worth rewriting


def parser_fingerprint() -> str:
    """Changes whenever the parser's code changes (other engineers edit it)."""
    h = hashlib.sha256(__version__.encode())
    root = Path(__file__).resolve().parent
    for folder in ("parse", "ir"):
        for f in sorted((root / folder).glob("*.py")):
            h.update(f.name.encode())
            h.update(f.read_bytes())
    for name in ("pipeline.py", "diagnostics.py", "pagecache.py", "runtime/_urls.py"):  # ir/paths.py reads calls with _urls
        h.update((root / name).read_bytes())
    return h.hexdigest()


class PageCache:
    """Lookups and stores for one run. ``folder`` None: no cache (every page is a miss)."""

    def __init__(self, cache_dir: Path | None) -> None:
        self.fp = parser_fingerprint() if cache_dir is not None else ""
        self.folder = cache_dir / "parse" if cache_dir is not None else None
        self._base = str(self.folder) if self.folder is not None else None  # plain strings: thousands of lookups
        self.packed = self._read_pack()

    def key(self, name: str, data: bytes, dependencies: bytes = b"") -> str:
        """The entry of a page: its name, bytes and what it includes (``includes.dependencies``)."""
        return hashlib.sha256(self.fp.encode() + b"\0" + name.encode() + b"\0" + data + dependencies).hexdigest()

    def get(self, key: str) -> PageResult | None:
        hit = self.packed.get(key)
        if hit is None and self._base is not None:
            try:
                with open(os.path.join(self._base, key[:2], key), "rb") as fh:
                    hit = pickle.loads(fh.read())
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
                hit = None
        return hit

    def store(self, keys: list[str], results: list[PageResult], missed: list[int]) -> None:
        """After a run: rewrite the pack when many pages were not in it, else one entry per miss."""
        if self.folder is None:
            return
        if sum(1 for k in keys if k not in self.packed) >= PACK_REWRITE:
            self._write_pack(dict(zip(keys, results)))
            return
        for i in missed:
            d = self.folder / keys[i][:2]
            d.mkdir(parents=True, exist_ok=True)
            tmp = d / f".{keys[i]}.{os.getpid()}.tmp"
            tmp.write_bytes(pickle.dumps(results[i], protocol=pickle.HIGHEST_PROTOCOL))
            tmp.replace(d / keys[i])

    def _pack_path(self) -> Path:
        assert self.folder is not None
        return self.folder / f"pack-{self.fp[:32]}.pickle"

    def _read_pack(self) -> dict[str, PageResult]:
        """Every page of the last large parse in one pickle (one read instead of thousands)."""
        if self.folder is None:
            return {}
        try:
            with open(self._pack_path(), "rb") as fh:
                data = pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return {}
        return data if isinstance(data, dict) else {}

    def _write_pack(self, results: dict[str, PageResult]) -> None:
        assert self.folder is not None
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self._pack_path()
        tmp = self.folder / f".{target.name}.{os.getpid()}.tmp"
        tmp.write_bytes(pickle.dumps(results, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.replace(target)
        for old in self.folder.glob("pack-*.pickle"):  # packs of other parser versions
            if old != target:
                old.unlink(missing_ok=True)
