"""Inputs of ``docgen diff``: a folder or file, an IR JSON file, or a git revision ``REV:path``.

Each side becomes a list of pages (name relative to the side's root, bytes) plus a prefix that turns
those names back into display names (``specs/x.md``, ``HEAD~5:specs/x.md``). Pages are parsed once
per distinct (name, content) over both sides: unchanged pages, and the whole of a self-diff, cost one
parse. Each side then gets its own copy (unpickled) and its own linking, except that two sides with
the very same pages share one linked document. Git input reads objects
with ``git ls-tree -r`` and ``git cat-file --batch`` and never touches the working copy.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import posixpath
import subprocess
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from ..ir.link import link
from ..ir.model import Document, Source
from ..ir.serialize import IRVersionError, from_data
from ..parse.includes import FolderIncludes, GitIncludes, Includes, dependencies
from ..pipeline import InputError, display_path, find_specs, is_include_path, is_spec_name, parse_bytes

_PARALLEL_MIN_PAGES = 200


class DiffInputError(Exception):
    """An input cannot be read: missing path, bad git revision, unreadable IR file."""


@dataclass(slots=True)
class Side:
    spec: str  # as given on the command line
    kind: str  # "folder", "file", "ir", "git"
    prefix: str = ""  # display name = prefix + page name
    pages: list[tuple[str, bytes]] = field(default_factory=list)
    document: Document | None = None  # set for IR input, or after parse_sides()
    includes: Includes | None = None  # reads the files pages include, by names relative to the side

    def display(self, src: Source | None) -> Source | None:
        if src is None or not self.prefix:
            return src
        name = self.prefix + src.file
        if "../" in src.file:  # an include beside the side's folder: "docs/api/../includes/x.md"
            rev, colon, path = name.rpartition(":") if self.kind == "git" else ("", "", name)
            name = rev + colon + posixpath.normpath(path)
        return Source(name, src.line)


def _git(args: list[str], data: bytes | None = None) -> bytes:
    try:
        proc = subprocess.run(["git", *args], input=data, capture_output=True, check=False)
    except FileNotFoundError as e:
        raise DiffInputError("git is not installed") from e
    if proc.returncode != 0:
        raise DiffInputError(f"git {' '.join(args[:3])}: {proc.stderr.decode(errors='replace').strip()}")
    return proc.stdout


def _read_git(spec: str) -> Side:
    rev, _, path = spec.partition(":")
    if not rev:
        raise DiffInputError(f"{spec}: no revision before ':'")
    path = path.strip("/")
    treeish = f"{rev}:{path}"
    kind = _git(["cat-file", "-t", treeish]).decode().strip() if _exists(treeish) else None
    if kind is None:
        raise DiffInputError(f"{spec}: not a file or folder at revision {rev!r} (or not a git repository here)")
    side = Side(spec, "git")
    if kind == "blob":
        parent = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
        side.prefix = f"{rev}:{parent}"
        side.includes = GitIncludes(rev, parent)
        entries = [(path.rsplit("/", 1)[-1], treeish)]
    else:
        side.includes = GitIncludes(rev, path)
        side.prefix = f"{rev}:{path}/" if path else f"{rev}:"
        listing = _git(["ls-tree", "-r", "-z", treeish])
        entries = []
        for rec in listing.split(b"\0"):
            if not rec:
                continue
            meta, _, raw_name = rec.partition(b"\t")
            parts = meta.split()
            if len(parts) >= 3 and parts[1] == b"blob":
                n = raw_name.decode("utf-8", errors="surrogateescape")
                if is_spec_name(n) and not is_include_path(f"{path.rsplit('/', 1)[-1]}/{n}"):
                    entries.append((n, parts[2].decode()))
        entries.sort()
    if not entries:
        raise DiffInputError(f"{spec}: no spec files (.md, .markdown, .txt) at revision {rev!r}")
    batch = _git(["cat-file", "--batch"], "".join(f"{obj}\n" for _, obj in entries).encode())
    pos = 0
    for name, _ in entries:
        nl = batch.index(b"\n", pos)
        header = batch[pos:nl].split()
        if len(header) < 3 or header[1] != b"blob":
            raise DiffInputError(f"{spec}: cannot read {name}: {batch[pos:nl].decode(errors='replace')}")
        size = int(header[2])
        side.pages.append((name, batch[nl + 1 : nl + 1 + size]))
        pos = nl + 1 + size + 1
    return side


def _exists(treeish: str) -> bool:
    try:
        return subprocess.run(["git", "cat-file", "-e", treeish], capture_output=True).returncode == 0
    except FileNotFoundError as e:
        raise DiffInputError("git is not installed") from e


def _read_ir(spec: str, path: Path) -> Side:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or "operations" not in data:
            raise DiffInputError(f"{spec}: not an IR file (no 'operations'); write one with `docgen ir -o`")
        return Side(spec, "ir", document=from_data(data))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, IRVersionError, KeyError, TypeError) as e:
        raise DiffInputError(f"{spec}: cannot read IR file: {e}") from e


def read_side(spec: str) -> Side:
    """Classify and read one side. Existing paths win over ``REV:path`` (a file may contain ':')."""
    path = Path(spec)
    if path.exists():
        if path.is_dir():
            try:
                files = find_specs([path])
            except InputError as e:
                raise DiffInputError(str(e)) from e
            if not files:
                raise DiffInputError(f"{spec}: no spec files (.md, .markdown, .txt) in this folder")
            root = display_path(path)
            side = Side(spec, "folder", prefix="" if root == "." else root.rstrip("/") + "/", includes=FolderIncludes(str(path)))
            for f in files:
                side.pages.append((f.relative_to(path).as_posix(), f.read_bytes()))
            return side
        if path.suffix.lower() == ".json":
            return _read_ir(spec, path)
        shown = display_path(path)
        parent = shown.rsplit("/", 1)[0] + "/" if "/" in shown else ""
        return Side(spec, "file", prefix=parent, pages=[(path.name, path.read_bytes())], includes=FolderIncludes(str(path.parent)))
    if ":" in spec:
        return _read_git(spec)
    raise DiffInputError(f"{spec}: no such file or folder, and not a git revision (write REV:path, e.g. HEAD~1:specs)")


def _parse_one(item: tuple[str, bytes, Includes | None]) -> bytes:
    return pickle.dumps(parse_bytes(item[1], item[0], item[2]), protocol=pickle.HIGHEST_PROTOCOL)


def parse_sides(sides: list[Side], jobs: int | None = None) -> None:
    """Fill ``side.document`` for every side holding pages; shared pages are parsed once (a page
    is shared when its name, bytes and the files it includes are the same on both sides)."""
    keys: dict[tuple[str, bytes, bytes], int] = {}
    todo: list[tuple[str, bytes, Includes | None]] = []
    plan: list[list[int]] = []
    for side in sides:
        idx = []
        for name, data in side.pages:
            k = (name, hashlib.sha256(data).digest(), dependencies(data, name, side.includes))
            if k not in keys:
                keys[k] = len(todo)
                todo.append((name, data, side.includes))
            idx.append(keys[k])
        plan.append(idx)
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    if jobs > 1 and len(todo) >= _PARALLEL_MIN_PAGES:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            blobs = list(pool.map(_parse_one, todo, chunksize=32))
    else:
        blobs = [_parse_one(t) for t in todo]
    linked: dict[tuple[int, ...], Document] = {}
    for side, idx in zip(sides, plan):
        if side.document is None:
            # identical page sets (a self-diff) share one document: compare() never mutates it
            key = tuple(idx)
            if key not in linked:
                linked[key] = link(pickle.loads(blobs[i]) for i in idx)
            side.document = linked[key]


def load_sides(base: str, revision: str, jobs: int | None = None) -> tuple[Side, Side]:
    a, b = read_side(base), read_side(revision)
    parse_sides([a, b], jobs)
    return a, b
