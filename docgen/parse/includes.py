"""DocFX includes: ``[!INCLUDE [label](path)]`` replaced by the text of the file they name.

* A *block* include stands alone on its line (also after ``>`` quote marks, or as the whole
  content of a list item: ``- [!INCLUDE ...]``): its lines replace that line.
* An *inline* include stands inside a line (a sentence, a table cell, a heading): DocFX renders
  the file as inline text, so its text (front matter and HTML comments removed, white space
  trimmed) replaces the include in that line; the line count does not change. A file of more
  than one paragraph, or with block markup (a table row, a heading, a list item, a code fence),
  is joined into one line all the same, as DocFX renders it, and is a warning (DG110): its blocks
  are not read as blocks. Inside a table row, ``|`` in the inserted text is escaped (DocFX splits
  the row into cells before it reads includes). An include inside a code span is text.
* ``path`` is resolved relative to the including file (a page or another include), recursively;
  a file that includes itself, directly or not, is not expanded again (DG106).
* Includes that carry no API facts are never read and leave no trace: SDK snippet tabs
  (``sdk-documentation``, ``sample-code``), ``snippet-not-available``, and notes (labels ending in
  ``note``/``notes``/``disclaimer``/``preview``, ``limited-info``). A missing include of any other
  label is a warning naming it (DG105) at the include line.
* ``national-cloud-support`` includes say which national clouds serve the API: read from the
  include's availability table when the file is there, else from its well-known name
  (``all-clouds.md``, ``global-only.md``, ``global-us.md``, ``global-china.md``). Never inlined.
* The expanded text keeps, for each of its lines, the file and line it comes from
  (:attr:`Expanded.origin`); :func:`relocate` points the IR's sources and the diagnostics at them.
  A line holding an inline include keeps its own file and line (what the include states is
  stated in that line); diagnostics about the include file's own includes are at their lines.

Files are read through an :class:`Includes` reader, so the same page reads its includes from a
folder, a git revision (``docgen diff REV:path``) or memory (tests). Include paths are in the
namespace of page names: ``api/x.md`` including ``../includes/p.md`` reads ``includes/p.md``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import posixpath
import re
from dataclasses import dataclass, field
from typing import Any

from .. import diagnostics as dg
from ..ir.model import Source
from .clouds import CLOUD_FILES as _CLOUD_FILES
from .clouds import CLOUDS, clouds_of_table  # noqa: F401  (re-exported: includes.clouds_of_table)
from .include_files import MAX_INCLUDE_BYTES, FolderIncludes, GitIncludes, Includes, MapIncludes  # noqa: F401  (re-exported)

# one include: ``[!INCLUDE [label](path)]``, ``(<path>)``, ``(path "title")``
_TOKEN = r"\[!INCLUDE\s*\[(?P<label>[^\]]*)\]\(\s*<?(?P<path>[^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)\s*\]"
# an include alone on its line: a block include (after quote marks, or a list item's whole content)
INCLUDE_LINE = re.compile(
    r"^(?P<lead>[ \t]*(?:>[ \t]?)*(?P<marker>(?:[-*+]|\d{1,9}[.)])[ \t]+)?)" + _TOKEN + r"\s*$",
    re.I,
)
# an include anywhere (inline, or the block ones: what a page may read)
INCLUDE = re.compile(_TOKEN, re.I)
_ANY_INCLUDE = re.compile(rb"\[!include", re.I)
_ANY_INCLUDE_TEXT = re.compile(r"\[!include", re.I)
# an include other than the snippet tabs 2021 pages are full of (a quick test before decoding)
_FACT_INCLUDE = re.compile(rb"\[!include\s*\[(?!\s*(?:sdk-documentation|sample-code|snippet-not-available)\s*\])", re.I)
_NO_FACTS = re.compile(r"^(?:sdk-documentation|sample-code|snippet-not-available|limited-info|.*(?:note|notes|disclaimer|preview))$", re.I)
_CLOUD_LABEL = "national-cloud-support"
MAX_DEPTH = 8
_FENCE = re.compile(r"^[ \t>]*(```|~~~)")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).*?(?<!`)\1(?!`)")
# block markup that an inline include cannot carry: a table row, heading, list item, quote, fence
_BLOCK_MARKUP = re.compile(r"^\s*(?:\||#{1,6}\s|[-*+]\s|\d{1,9}[.)]\s|>|```|~~~)")

@dataclass(slots=True)
class Expanded:
    text: str
    origin: list[tuple[str, int]] | None = None  # (file, line) of each line; None: nothing expanded
    national_clouds: list[str] = field(default_factory=list)
    diagnostics: list = field(default_factory=list)  # DG105/DG106, already at their real lines


INCLUDE_SUFFIXES = (".md", ".markdown")


def resolve(including: str, target: str) -> str | None:
    """Path of ``target`` (as written in the include) relative to the including file's name; None
    for what docgen never reads: URLs, absolute paths, and files that are not Markdown (a hostile
    page naming ``../../etc/passwd`` reads nothing)."""
    target = target.strip().split("#", 1)[0].split("?", 1)[0]
    if not target or "://" in target or target.startswith(("/", "~", "\\")) or "\0" in target:
        return None
    if not target.lower().endswith(INCLUDE_SUFFIXES):
        return None
    return posixpath.normpath(posixpath.join(posixpath.dirname(including), target))


def is_no_facts(label: str) -> bool:
    return _NO_FACTS.match(label.strip()) is not None


def _text_of(data: bytes) -> str | None:
    from .source import decode  # late: source imports this module

    text = decode(data)
    if text is None:
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _body_lines(text: str) -> list[tuple[int, str]]:
    """(1-based line, text) of an include file without its front matter."""
    lines = text.split("\n")
    if text.endswith("\n"):
        lines.pop()
    start = 0
    if lines and lines[0].strip() == "---":
        for end in range(1, len(lines)):
            if lines[end].strip() == "---":
                start = end + 1
                break
    return [(i + 1, lines[i]) for i in range(start, len(lines))]


class _Expander:
    def __init__(self, includes: Includes | None) -> None:
        self.includes = includes
        self.clouds: list[str] = []
        self.diags: list = []
        self.expanded = False  # some include line was replaced
        self.inlined = False  # some include file's text was inserted
        self.read: list[tuple[str, bytes | None]] = []  # every include file asked for (dependencies)

    def _read(self, path: str) -> bytes | None:
        data = self.includes.read(path) if self.includes is not None else None
        self.read.append((path, data))
        return data

    def lines(self, file: str, numbered: list[tuple[int, str]], stack: tuple[str, ...]) -> list[tuple[str, str, int]]:
        """(text, file, line) of ``numbered`` lines of ``file`` with their includes expanded."""
        out: list[tuple[str, str, int]] = []
        fence: str | None = None
        for line_no, text in numbered:
            f = _FENCE.match(text)
            if f:
                fence = None if fence == f.group(1) else (fence or f.group(1))
            if fence is not None or "[!" not in text:
                out.append((text, file, line_no))
                continue
            m = INCLUDE_LINE.match(text)
            if m is None:
                out.append((self.inline(file, line_no, text, stack) if INCLUDE.search(text) else text, file, line_no))
                continue
            label, target, lead = m.group("label").strip(), m.group("path"), m.group("lead")
            path = self._check(file, line_no, label, target, stack)
            if path is None:
                out.append(("", file, line_no))
                continue
            text_in = self._text(file, line_no, label, target, path)
            if text_in is None:
                out.append(("", file, line_no))
                continue
            # a list item's include: its first line after the marker, the others indented under it
            more = lead if not m.group("marker") else lead[: m.start("marker")] + " " * (m.end("marker") - m.start("marker"))
            blank = more.rstrip()
            self.inlined = True
            out.append((blank, file, line_no))
            first = True
            for t, f2, n2 in self.lines(path, _body_lines(text_in), (*stack, path)):
                if first and t.strip():
                    out.append((lead + t, f2, n2))
                    first = False
                else:
                    out.append((more + t if t else blank, f2, n2))
            out.append((blank, file, line_no))
        return out

    def _check(self, file: str, line_no: int, label: str, target: str, stack: tuple[str, ...]) -> str | None:
        """The path of an include to expand; None for one that leaves nothing (availability,
        fact-free labels, cycles and too deep nesting: DG106)."""
        path = resolve(file, target)
        self.expanded = True
        if label.lower() == _CLOUD_LABEL or posixpath.basename(target).lower() in _CLOUD_FILES:
            self._clouds(path, target)
            return None
        if is_no_facts(label):
            return None
        if len(stack) >= MAX_DEPTH or (path is not None and path in stack):
            chain = " -> ".join((*stack, path or target))
            self.diags.append(dg.make("DG106", file, line_no, f"include {target!r} not expanded: {chain}"))
            return None
        return path if path is not None else ""

    def _text(self, file: str, line_no: int, label: str, target: str, path: str) -> str | None:
        """The include file's text; None (and DG105) when it is missing or not read."""
        data = self._read(path) if path else None
        text_in = _text_of(data) if data is not None else None
        if text_in is None:
            why = "is missing" if path else "is not a Markdown file in the docs; not read"
            self.diags.append(dg.make("DG105", file, line_no, f"include file {target!r} ({label or 'no label'}) {why}"))
        return text_in

    def inline(self, file: str, line_no: int, text: str, stack: tuple[str, ...]) -> str:
        """``text`` (line ``line_no`` of ``file``) with the includes inside it replaced by the
        included files' text; includes inside code spans are text."""
        spans = [m.span() for m in _CODE_SPAN.finditer(text)] if "`" in text else []
        out, pos = "", 0
        row = "|" in INCLUDE.sub("", text)  # a table row (DocFX splits it into cells first)
        for m in INCLUDE.finditer(text):
            if any(a <= m.start() < b for a, b in spans):
                continue
            inserted = ""
            label, target = m.group("label").strip(), m.group("path")
            path = self._check(file, line_no, label, target, stack)
            if path is not None:
                text_in = self._text(file, line_no, label, target, path)
                if text_in is not None:
                    inserted = self._inline_file(file, line_no, target, path, text_in, (*stack, path))
            before, after = out + text[pos : m.start()], text[m.end() :]
            if inserted and row:
                inserted = re.sub(r"(?<!\\)\|", r"\\|", inserted)  # a table cell: the row is split first
            if not inserted and before[-1:] in ("", " ", "\t") and after[:1] in ("", " ", "\t"):
                # nothing inserted: one space stays between the words around it, none at either end
                stripped = after.lstrip(" \t")
                pos = m.end() + (len(after) - len(stripped))
                out = before if stripped else before.rstrip(" \t")
                continue
            out, pos = before + inserted, m.end()
        return out + text[pos:]

    def _inline_file(self, file: str, line_no: int, target: str, path: str, text_in: str, stack: tuple[str, ...]) -> str:
        """An include file as inline text: front matter and HTML comments removed, its own includes
        expanded (inline: DocFX reads the file as inline content only), its lines joined with
        spaces, white space trimmed. More than one paragraph or block markup: DG110."""
        lines = _body_lines(text_in)
        body = _COMMENT.sub(lambda c: "\n" * c.group(0).count("\n"), "\n".join(t for _, t in lines))
        numbered = list(zip((n for n, _ in lines), body.split("\n")))
        parts: list[str] = []
        paragraphs, blocks, gap = 0, False, True
        for n, t in numbered:
            if not t.strip():
                gap = True
                continue
            if gap:
                paragraphs += 1
                gap = False
            blocks = blocks or _BLOCK_MARKUP.match(t) is not None
            parts.append(self.inline(path, n, t, stack).strip() if "[!" in t else t.strip())
        if paragraphs > 1 or blocks:
            what = f"{paragraphs} paragraphs" if paragraphs > 1 else "block markup"
            self.diags.append(dg.make("DG110", file, line_no, f"inline include {target!r} holds {what}; its text was joined into this line, as DocFX renders it"))
        return " ".join(p for p in parts if p)

    def _clouds(self, path: str | None, target: str) -> None:
        data = self._read(path) if path is not None else None
        text = _text_of(data) if data is not None else None
        found = clouds_of_table(text) if text is not None else None
        if found is None:
            found = _CLOUD_FILES.get(posixpath.basename(target).lower())
        if found is not None and not self.clouds:
            self.clouds = found


def expand(text: str, file: str, includes: Includes | None) -> Expanded:
    """``text`` (newlines normalised, front matter blanked) with its includes expanded."""
    if "[!" not in text or not _ANY_INCLUDE_TEXT.search(text):
        return Expanded(text)
    lines = text.split("\n")
    ex = _Expander(includes)
    out = ex.lines(file, list(enumerate(lines, 1)), (file,))
    if not ex.expanded:
        return Expanded(text)
    # includes only blanked (snippet tabs, notes, availability, missing files): lines stay put
    origin = [(f, n) for _, f, n in out] if ex.inlined else None
    return Expanded("\n".join(t for t, _, _ in out), origin, ex.clouds, ex.diags)


def dependencies(data: bytes, name: str, includes: Includes | None) -> bytes:
    """A digest of every include file ``name`` may read (path and content, or absence),
    recursively: part of a page's cache key, so editing an include re-parses the pages that
    include it. Cheap: pages without ``[!INCLUDE`` cost one byte search."""
    if includes is None or not _FACT_INCLUDE.search(data):
        return b""
    text = _text_of(data)
    if text is None:
        return b""
    read: list[tuple[str, bytes | None]] = []
    _deps(text, name, includes, (name,), read)
    if not read:
        return b""
    h = hashlib.sha256()
    for path, content in read:
        h.update(path.encode() + b"\0")
        h.update(b"-" if content is None else hashlib.sha256(content).digest())
    return h.digest()


def _deps(text: str, file: str, includes: Includes, stack: tuple[str, ...], read: list) -> None:
    for m in INCLUDE.finditer(text):  # block and inline includes alike
        label, target = m.group("label").strip(), m.group("path")
        cloud = label.lower() == _CLOUD_LABEL or posixpath.basename(target).lower() in _CLOUD_FILES
        if is_no_facts(label) and not cloud:
            continue
        path = resolve(file, target)
        if path is None or path in stack or len(stack) >= MAX_DEPTH:
            continue
        data = includes.read(path)
        read.append((path, data))
        inner = _text_of(data) if data is not None and not cloud else None
        if inner is not None:
            _deps(inner, path, includes, (*stack, path), read)


def relocate(value: Any, file: str, origin: list[tuple[str, int]]) -> Any:
    """Point every ``Source(file, line)`` below ``value`` at the file and line ``origin`` gives
    for that line of the expanded text (in place; returns ``value``)."""
    n = len(origin)

    def fix(src: Source) -> Source:
        if src.file != file or not 1 <= src.line <= n:
            return src
        f, line = origin[src.line - 1]
        return src if (f, line) == (src.file, src.line) else Source(f, line)

    seen: set[int] = set()

    def walk(obj: Any) -> None:
        if id(obj) in seen:
            return
        seen.add(id(obj))
        if isinstance(obj, list):
            for i, x in enumerate(obj):
                if isinstance(x, Source):
                    obj[i] = fix(x)
                else:
                    walk(x)
        elif isinstance(obj, dict):
            for x in obj.values():
                walk(x)
        elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
            for f in dataclasses.fields(obj):
                x = getattr(obj, f.name)
                if isinstance(x, Source):
                    setattr(obj, f.name, fix(x))
                elif isinstance(x, (list, dict)) or dataclasses.is_dataclass(x):
                    walk(x)

    walk(value)
    return value
