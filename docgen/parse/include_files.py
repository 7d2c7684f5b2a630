"""Where include files are read from: a folder (or several), a git revision, memory. Paths are
POSIX, in the namespace of page names (``api/x.md`` including ``../includes/p.md`` reads
``includes/p.md``); a symbolic link out of the folder is never followed."""

from __future__ import annotations

import os
import posixpath
import subprocess
from typing import Any

MAX_INCLUDE_BYTES = 1 << 20  # a larger include file is not read

class Includes:
    """Reads include files by path (POSIX, in the namespace of page names); None when absent."""

    def read(self, path: str) -> bytes | None:  # pragma: no cover - interface
        raise NotImplementedError


def _below(root: str, path: str) -> bool:
    """False when a symbolic link on the way takes ``path`` out of ``root`` (``includes/x.md ->
    /etc/passwd``). A link to a file inside ``root`` is read, and so is ``../includes/x.md``
    without links (includes beside the folder given)."""
    try:
        lexical = os.path.relpath(os.path.abspath(path), os.path.abspath(root))
        real = os.path.relpath(os.path.realpath(path), os.path.realpath(root))
    except ValueError:  # another drive (Windows)
        return False
    return lexical == real or not (real == os.pardir or real.startswith(os.pardir + os.sep))


class FolderIncludes(Includes):
    """Include files below (or beside) a folder: page names are relative to ``root``. Pages of
    several inputs may be named from different folders (``more``): the first that has the file wins."""

    def __init__(self, root: str = ".", *more: str) -> None:
        self.roots = (root, *more)
        self._cache: dict[str, bytes | None] = {}

    def read(self, path: str) -> bytes | None:
        if path not in self._cache:
            self._cache[path] = None
            for root in self.roots:
                full = os.path.join(root, path)
                if not _below(root, full):
                    continue  # a symbolic link out of the folder is never read (as for pages: DG109)
                try:
                    with open(full, "rb") as fh:
                        data = fh.read(MAX_INCLUDE_BYTES + 1)
                except (OSError, ValueError):
                    continue
                self._cache[path] = data if len(data) <= MAX_INCLUDE_BYTES else None
                break
        return self._cache[path]

    def __getstate__(self) -> dict[str, Any]:  # worker processes read for themselves
        return {"roots": self.roots, "_cache": {}}


class MapIncludes(Includes):
    """Include files held in memory: ``{path: bytes}``."""

    def __init__(self, files: dict[str, bytes]) -> None:
        self.files = files

    def read(self, path: str) -> bytes | None:
        return self.files.get(path)


class GitIncludes(Includes):
    """Include files of a git revision; page names are relative to ``base`` in that tree."""

    def __init__(self, rev: str, base: str) -> None:
        self.rev, self.base = rev, base.strip("/")
        self._cache: dict[str, bytes | None] = {}

    def read(self, path: str) -> bytes | None:
        full = posixpath.normpath(posixpath.join(self.base, path)) if self.base else posixpath.normpath(path)
        if full.startswith("../") or full == "..":
            return None
        if full not in self._cache:
            try:
                proc = subprocess.run(["git", "cat-file", "blob", f"{self.rev}:{full}"], capture_output=True, check=False)
                self._cache[full] = proc.stdout if proc.returncode == 0 else None
            except FileNotFoundError:
                self._cache[full] = None
        return self._cache[full]

    def __getstate__(self) -> dict[str, Any]:
        return {"rev": self.rev, "base": self.base, "_cache": {}}
