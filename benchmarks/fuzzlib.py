"""Seeded mutation fuzzing of docgen over real doc pages (used by benchmarks/fuzz.py and tests/test_fuzz.py).

A *mutant* is fully determined by one integer seed and the list of source pages: the seed picks a
page, whether it is first rendered as plain text (the published-site copy docgen also reads, see
docgen/parse/plaintext.py), and one or more mutations (delete, duplicate, swap and move lines;
splice lines of another page; pipes, backticks, headings, unicode, HTML, annotations, request
lines; huge numbers, deep JSON, deep lists and wide tables; CR/LF and indentation; invalid bytes;
truncation at a random byte). :func:`exercise` runs what ``docgen ir``, ``docgen check`` and the
generator of ``docgen build`` do with one page (parse, link, serialise, format diagnostics, render
and compile every generated file). A *mini-corpus* is about 20 real pages, most of them mutated,
built by :func:`build_mini` into a real SDK whose generated tests are run with pytest.

Nothing here is part of docgen: it only calls docgen's library API.
"""

from __future__ import annotations

import hashlib
import os
import html
import random
import re
import signal
import subprocess
import sys
import time
import traceback
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "corpus"
DEFAULT_ROOTS = (SHARED / "graph-v1.0" / "docs", SHARED / "graph-v1.0-2026-sample" / "docs")
PLAIN_TEXT_SHARE = 0.2  # of mutants made from a page's plain-text rendering
# A mutation that would take a page past this many characters is undone: 50 times the largest
# real page (82 KB). Parsing is linear in size (markdown-it's table tokenizer: ~70 ns a
# character), so a 74 MB mutant took 5 s and says nothing about docgen.
MAX_CHARS = 4_000_000


# ---------------------------------------------------------------------------------------- sources


@dataclass(frozen=True, slots=True)
class Source:
    name: str  # display name: "<corpus>/<path below docs>", e.g. "graph-v1.0/api/user-get.md"
    data: bytes


def load_sources(roots: Sequence[Path] = DEFAULT_ROOTS) -> list[Source]:
    """Every spec page below ``roots`` (sorted by name; a missing root contributes nothing). The
    DocFX include files of those folders (``includes/``) go to :data:`INCLUDES` instead."""
    from docgen.pipeline import find_specs_named

    out: list[Source] = []
    for root in roots:
        if not root.is_dir():
            continue
        label = root.parent.name
        for path, rel in find_specs_named([root]):
            out.append(Source(f"{label}/{path.relative_to(root).as_posix()}", path.read_bytes()))
        for folder, _, names in os.walk(root / "includes"):
            for n in names:
                path = Path(folder) / n
                INCLUDES[f"{label}/{path.relative_to(root).as_posix()}"] = path.read_bytes()
    out.sort(key=lambda s: s.name)
    return out


INCLUDES: dict[str, bytes] = {}  # include files by page-namespace path ("<corpus>/includes/...")
_INCLUDE_LINE = re.compile(r"\[!INCLUDE\s*\[[^\]]*\]\(([^)\s]+)\)", re.I)


def _include_of(page_name: str, text: str, rng: random.Random) -> str | None:
    """One include file the page names that is present, or None."""
    from docgen.parse.includes import resolve

    found = sorted({r for t in _INCLUDE_LINE.findall(text) if (r := resolve(page_name, t)) and r in INCLUDES})
    return rng.choice(found) if found else None


_FENCE = re.compile(r"^\s*(```|~~~)")
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_EMPH = re.compile(r"(\*\*|__|\*|`)")
_TAB_LINE = re.compile(r"^#\s*\[[^\]]*\]\(#tab/[^)]*\)\s*$")


_LIST_ITEM = re.compile(r"^(?:[-*+]|\d{1,3}[.)])\s")


def to_plain_text(markdown: str) -> str:
    """The page as the published site's copy-paste gives it (see docgen/parse/plaintext.py):
    no front matter, comments or fences; headings as bare lines, a paragraph as one line however
    the Markdown wraps it; table rows with
    their cells joined by spaces; links reduced to their text; entities as the characters they
    stand for (``&nbsp;`` a no-break space)."""
    lines = markdown.replace("\r\n", "\n").split("\n")
    if lines and lines[0].strip() == "---":
        for end in range(1, len(lines)):
            if lines[end].strip() == "---":
                lines = lines[end + 1 :]
                break
    text = re.sub(r"<!--.*?-->", "", "\n".join(lines), flags=re.S)
    out: list[str] = []
    in_code = False
    prose_open = False  # the last line out is a paragraph's, which the next text line continues
    for line in text.split("\n"):
        if _FENCE.match(line):
            in_code = not in_code
            prose_open = False
            continue
        if in_code:
            out.append(line)
            continue
        s = line.strip()
        if _TAB_LINE.match(s) or s in ("---", "***"):
            continue
        if s.startswith("#"):
            s = s.lstrip("#").strip()
        elif s.startswith("|"):
            cells = [c.strip() for c in s.strip("|").split("|")]
            if all(re.fullmatch(r":?-+:?", c) for c in cells if c):
                continue
            s = " ".join(c for c in cells if c)
        elif s.startswith(">"):
            s = s.lstrip("> ").strip()
        heading_or_row = line.strip().startswith(("#", "|"))
        s = html.unescape(_EMPH.sub("", _LINK.sub(r"\1", s)))  # the site shows entities as characters
        if not s and out and not out[-1]:
            continue
        if s and out and out[-1] and prose_open and not heading_or_row and not _LIST_ITEM.match(line.strip()):
            out[-1] += " " + s  # a paragraph is one line in the copy, however the Markdown wraps it
            continue
        prose_open = bool(s) and not heading_or_row
        out.append(s)
    return "\n".join(out).strip() + "\n"


# -------------------------------------------------------------------------------------- mutations

_UNICODE = [
    "\u200b", "\ufeff", "\u202e", "\u2028", "\u2029", "\u00a0", "\u0301", "\u0300\u0301\u0302" * 20, "\U0001f600",
    "\uff5c", "\u201c", "\u201d", "\u2018", "\u2019", "\u2014", "\u00e9", "\u0130", "\u00df", "\ufb01", "\u212a",
    "\u0660\u0661", "\U0001d7d9", "\u3000", "\t", "\x0c", "\x0b", "\x85", "\x1b[31m", "\x00", "\ud7ff", "\U0010ffff",
    "\\", "\\u0000", "{", "}", "<", ">", "&amp;", "'", '"', '"""', "'''", "\\n", "{{", "}}", "{%", "%}", "#", "$", "@",
]
_SECTIONS = [
    "Request", "Response", "Examples", "Example", "Example 1: Get", "HTTP request", "Permissions", "Prerequisites",
    "Request headers", "Request body", "Properties", "Relationships", "JSON representation", "Methods",
    "Optional query parameters", "Function parameters", "Parameters", "Path parameters", "Members", "Response body",
]
_METHODS = ["GET", "POST", "PATCH", "PUT", "DELETE", "HEAD", "OPTIONS", "get", "TRACE", "POST POST"]
_PATH_JUNK = [
    "{", "}", "{id}", "{id | userPrincipalName}", "('x')", "(key='{v}')", ":/", "/:", "//", "?$filter=a eq 'b'",
    "%2F", "..", "$count", "$value", "/microsoft.graph.user", " ", "<id>", "\u00e9", "#frag", "@", "''", "'",
]
_BLOCK_TYPES = ["request", "response", "resource", "ignored", "example", "permissions", "", "x" * 50]
_HTML = ["<br>", "<br/>", "<table>", "</td>", "<details>", "<!--", "-->", "<!-- {", "<script>", "<ul><li>", "</div>", "&#124;"]
_NUMBERS = ["-0", "1e999999", "-1e-999", "NaN", "Infinity", "0x1F", "1_000", "٣", "9" * 19, "-" + "9" * 30, "1." + "0" * 400]


def _pick_line(rng: random.Random, lines: list[str]) -> int:
    """A line index; half the time one of the lines docgen reads most closely."""
    if rng.random() < 0.5:
        hot = [i for i, s in enumerate(lines) if s.lstrip()[:1] in ("|", "#", "`", "{", "}", "[", '"', "<", "-", "*") or _REQ.match(s.strip())]
        if hot:
            return rng.choice(hot)
    return rng.randrange(len(lines))


_REQ = re.compile(r"^(GET|POST|PUT|PATCH|DELETE)\s", re.I)


def _run(rng: random.Random, n: int) -> int:
    """A run length: mostly 1-3 lines, sometimes up to 40."""
    return min(n, 1 + int(rng.expovariate(0.3)))


def _insert_at(rng: random.Random, s: str, piece: str) -> str:
    i = rng.randint(0, len(s))
    return s[:i] + piece + s[i:]


def m_delete(rng, lines, ctx):
    i = _pick_line(rng, lines)
    del lines[i : i + _run(rng, len(lines) - i)]


def m_duplicate(rng, lines, ctx):
    i = _pick_line(rng, lines)
    k = _run(rng, len(lines) - i)
    times = rng.choice([1, 1, 1, 2, 5, 50])
    lines[i:i] = lines[i : i + k] * times


def m_swap(rng, lines, ctx):
    i, j = _pick_line(rng, lines), rng.randrange(len(lines))
    lines[i], lines[j] = lines[j], lines[i]


def m_move(rng, lines, ctx):
    i = _pick_line(rng, lines)
    block = lines[i : i + _run(rng, len(lines) - i)]
    del lines[i : i + len(block)]
    j = rng.randint(0, len(lines))
    lines[j:j] = block


def m_splice(rng, lines, ctx):
    other = ctx.other(rng).split("\n")
    i = rng.randrange(len(other))
    lines[rng.randint(0, len(lines)) : 0] = other[i : i + _run(rng, len(other) - i) * 3]


def m_pipes(rng, lines, ctx):
    i = _pick_line(rng, lines)
    for _ in range(rng.choice([1, 1, 2, 5, 200])):
        lines[i] = _insert_at(rng, lines[i], rng.choice(["|", "||", "\\|", " | ", "|-|", "|:--|"]))


def m_backticks(rng, lines, ctx):
    i = _pick_line(rng, lines)
    if rng.random() < 0.5:
        lines.insert(i, rng.choice(["```", "```json", "```http", "~~~", "````", "``` ", "    ```", "> ```"]))
    else:
        lines[i] = _insert_at(rng, lines[i], rng.choice(["`", "``", "```", "`x`", "`|`"]))


def m_heading(rng, lines, ctx):
    i = _pick_line(rng, lines)
    hashes = "#" * rng.choice([1, 2, 2, 3, 3, 4, 5, 6, 7])
    if rng.random() < 0.5:
        lines[i] = f"{hashes} {lines[i].lstrip('# ')}"
    else:
        lines.insert(i, f"{hashes} {rng.choice(_SECTIONS)}")


def m_unicode(rng, lines, ctx):
    for _ in range(rng.choice([1, 2, 5, 20])):
        i = _pick_line(rng, lines)
        lines[i] = _insert_at(rng, lines[i], rng.choice(_UNICODE) * rng.choice([1, 1, 3, 100]))


def m_html(rng, lines, ctx):
    i = _pick_line(rng, lines)
    lines[i] = _insert_at(rng, lines[i], rng.choice(_HTML))


def m_annotation(rng, lines, ctx):
    marks = [i for i, s in enumerate(lines) if "blockType" in s or s.strip().startswith(("<!--", "-->"))]
    i = rng.choice(marks) if marks else _pick_line(rng, lines)
    r = rng.random()
    if r < 0.4:
        lines[i] = re.sub(r'"blockType"\s*:\s*"[^"]*"', f'"blockType": "{rng.choice(_BLOCK_TYPES)}"', lines[i]) if "blockType" in lines[i] else lines[i] + ","
    elif r < 0.7:
        lines[i] = lines[i].replace("-->", "") if "-->" in lines[i] else lines[i].replace('"', "", 1)
    else:
        lines.insert(i, rng.choice(['<!-- { "blockType": "request", "name": "x" } -->', '<!-- { "blockType": "response", "@odata.type": "microsoft.graph.user", "truncated": true } -->', '<!-- {', '<!-- { "blockType": "resource", "baseType": "x", "@type": "x.y" } -->']))


def m_request_line(rng, lines, ctx):
    reqs = [i for i, s in enumerate(lines) if _REQ.match(s.strip())]
    if not reqs or rng.random() < 0.2:
        lines.insert(rng.randint(0, len(lines)), f"{rng.choice(_METHODS)} /{rng.choice(['users', 'me', 'a/{b}/c', ''])}{rng.choice(_PATH_JUNK)}")
        return
    i = rng.choice(reqs)
    method, _, rest = lines[i].strip().partition(" ")
    r = rng.random()
    if r < 0.3:
        lines[i] = f"{rng.choice(_METHODS)} {rest}"
    elif r < 0.8:
        lines[i] = f"{method} {_insert_at(rng, rest, rng.choice(_PATH_JUNK))}"
    else:
        lines[i] = f"{method} {rest}/{'a/' * rng.choice([10, 100, 1000])}"


def _digits(rng: random.Random) -> str:
    n = rng.choice([20, 100, 1000, 4000, 4300, 4301, 5000, 50_000])
    return rng.choice("123456789") + "".join(rng.choice("0123456789") for _ in range(n - 1))


def m_huge_number(rng, lines, ctx):
    with_digits = [i for i, s in enumerate(lines) if re.search(r"\d", s)]
    i = rng.choice(with_digits) if with_digits and rng.random() < 0.8 else _pick_line(rng, lines)
    big = _digits(rng) if rng.random() < 0.7 else rng.choice(_NUMBERS)
    if re.search(r"\d+", lines[i]):
        matches = list(re.finditer(r"\d+", lines[i]))
        m = rng.choice(matches)
        lines[i] = lines[i][: m.start()] + big + lines[i][m.end() :]
    else:
        lines[i] = _insert_at(rng, lines[i], big)


def _deep_value(rng: random.Random, depth: int) -> str:
    kind = rng.random()
    if kind < 0.4:
        return "[" * depth + "1" + "]" * depth
    if kind < 0.8:
        return '{"a": ' * depth + "1" + "}" * depth
    return "[" * depth  # never closed


def m_deep_json(rng, lines, ctx):
    jsonish = [i for i, s in enumerate(lines) if re.match(r'^\s*"[^"]*"\s*:', s) or s.strip() in ("{", "[")]
    i = rng.choice(jsonish) if jsonish else _pick_line(rng, lines)
    depth = rng.choice([3, 30, 300, 990, 3000, 10_000])
    value = _deep_value(rng, depth)
    m = re.match(r'^(\s*"[^"]*"\s*:\s*)(.*?)(,?)\s*$', lines[i])
    if m:
        lines[i] = m.group(1) + value + m.group(3)
    else:
        lines.insert(i + 1, value)


def m_deep_nesting(rng, lines, ctx):
    i = _pick_line(rng, lines)
    depth = rng.choice([3, 8, 9, 10, 12, 30, 100])
    kind = rng.random()
    if kind < 0.4:
        block = [("  " * d) + "- item" for d in range(depth)]
    elif kind < 0.6:
        block = [("   " * d) + f"{d + 1}. item" for d in range(depth)]
    elif kind < 0.8:
        block = [">" * depth + " " + rng.choice(["**Note:** nested", "| a | b |", "```", "text"])]
    else:
        block = ["|Property|Type|Description|", "|:--|:--|:--|", "|x|" + "<ul><li>" * depth + "deep" + "</li></ul>" * depth + "|String|"]
    lines[i:i] = block


def m_wide_table(rng, lines, ctx):
    rows = [i for i, s in enumerate(lines) if s.strip().startswith("|")]
    if not rows:
        lines.insert(_pick_line(rng, lines), "|" + "|".join(["Property", "Type", "Description"] * rng.choice([1, 50])) + "|")
        return
    i = rng.choice(rows)
    if rng.random() < 0.5:
        cells = lines[i].strip().strip("|").split("|")
        lines[i] = "|" + "|".join(cells * rng.choice([2, 10, 300])) + "|"
    else:
        lines[i:i] = [lines[i]] * rng.choice([10, 500, 3000])


def m_blank_lines(rng, lines, ctx):
    i = _pick_line(rng, lines)
    if lines[i].strip() == "" and rng.random() < 0.7:
        del lines[i]
    else:
        lines.insert(i, "" if rng.random() < 0.8 else rng.choice(["   ", "\t", "\u00a0"]))


def m_whitespace(rng, lines, ctx):
    i = _pick_line(rng, lines)
    r = rng.random()
    if r < 0.3:
        lines[i] = "    " + lines[i]
    elif r < 0.5:
        lines[i] = lines[i] + "\r"
    elif r < 0.7:
        lines[i] = lines[i].replace(" ", "\t")
    elif r < 0.85:
        lines[i] = lines[i] + " " * rng.choice([2, 1000])
    else:
        lines[i] = lines[i].strip()


def m_line_noise(rng, lines, ctx):
    """Cut a line short, or join it with the next one."""
    i = _pick_line(rng, lines)
    if rng.random() < 0.5 or i + 1 >= len(lines):
        lines[i] = lines[i][: rng.randint(0, len(lines[i]))]
    else:
        lines[i : i + 2] = [lines[i] + rng.choice(["", " "]) + lines[i + 1]]


LINE_OPS: dict[str, Callable] = {
    "delete": m_delete,
    "duplicate": m_duplicate,
    "swap": m_swap,
    "move": m_move,
    "splice": m_splice,
    "pipes": m_pipes,
    "backticks": m_backticks,
    "heading": m_heading,
    "unicode": m_unicode,
    "html": m_html,
    "annotation": m_annotation,
    "request-line": m_request_line,
    "huge-number": m_huge_number,
    "deep-json": m_deep_json,
    "deep-nesting": m_deep_nesting,
    "wide-table": m_wide_table,
    "blank-lines": m_blank_lines,
    "whitespace": m_whitespace,
    "line-noise": m_line_noise,
}
BYTE_OPS = ("truncate", "bad-bytes", "encoding")
ALL_OPS = tuple(LINE_OPS) + BYTE_OPS


def apply_byte_op(rng: random.Random, op: str, data: bytes) -> bytes:
    if op == "truncate":
        return data[: rng.randint(0, len(data))]
    if op == "bad-bytes":
        junk = rng.choice([b"\xff", b"\xc3", b"\xe2\x80", b"\xed\xa0\x80", b"\x00", b"\xfe\xff", b"\x80" * 9])
        i = rng.randint(0, len(data))
        return data[:i] + junk + data[i:]
    # encoding: the whole page in another encoding a user's editor could produce
    text = data.decode("utf-8", "replace")
    return rng.choice([lambda: text.encode("utf-16"), lambda: b"\xef\xbb\xbf" + data, lambda: text.replace("\n", "\r\n").encode(), lambda: text.replace("\n", "\r").encode()])()


@dataclass(frozen=True, slots=True)
class Mutant:
    seed: int
    source: str  # the Source's name
    name: str  # display name the page is parsed under
    plain_text: bool
    ops: tuple[str, ...]
    data: bytes
    include: str | None = None  # the mutations were applied to this include file of the page instead
    include_data: bytes = b""

    def describe(self) -> str:
        where = f" (its include {self.include})" if self.include else " (as plain text)" if self.plain_text else ""
        return f"seed {self.seed}: {self.source}{where} [{', '.join(self.ops)}]"


class _Ctx:
    def __init__(self, sources: Sequence[Source]) -> None:
        self.sources = sources

    def other(self, rng: random.Random) -> str:
        return self.sources[rng.randrange(len(self.sources))].data.decode("utf-8", "replace")


def mutate(sources: Sequence[Source], seed: int, *, ops: Sequence[str] | None = None, source: Source | None = None, _in_include: bool = False) -> Mutant:
    """The mutant of ``seed``: same seed and sources, same bytes. ``ops``/``source`` force them."""
    rng = random.Random(seed)
    if source is not None:
        src = source
    else:
        recent = _recent(sources)
        src = recent[rng.randrange(len(recent))] if recent and rng.random() < RECENT_SHARE else sources[rng.randrange(len(sources))]
    plain = src.name.endswith(".md") and rng.random() < PLAIN_TEXT_SHARE
    text = src.data.decode("utf-8", "replace")
    include = _include_of(src.name, text, rng) if INCLUDES and not plain and not _in_include and b"INCLUDE" in src.data.upper() else None
    if include is not None and rng.random() < 0.5:  # mutate the include file the page reads instead
        m = mutate([Source(include, INCLUDES[include])], seed, ops=ops, _in_include=True)
        return Mutant(seed, src.name, src.name, False, m.ops, src.data, include, m.data)
    if plain:
        text = to_plain_text(text)
    if ops is None:
        n = 1 + min(int(rng.expovariate(0.8)), 6)
        ops = [rng.choice(ALL_OPS) for _ in range(n)]
    ctx = _Ctx(sources)
    lines = text.split("\n")
    byte_ops = []
    for op in ops:
        if op in LINE_OPS:
            if not lines:
                lines = [""]
            before = list(lines)
            LINE_OPS[op](rng, lines, ctx)
            if sum(map(len, lines)) > MAX_CHARS:  # widened and then duplicated tables compound
                lines = before
        else:
            byte_ops.append(op)
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    for op in byte_ops:
        data = apply_byte_op(rng, op, data)
    name = src.name.rsplit(".", 1)[0] + ".txt" if plain else src.name
    return Mutant(seed, src.name, name, plain, tuple(ops), data)


RECENT_SHARE = 0.1  # of mutants made from today's pages (the 2026 sample: 45 of 3,386 pages, with includes)
_RECENT: list = [None, []]  # [the sources list (held, so it is the same object), its recent pages]


def _recent(sources: Sequence[Source]) -> list[Source]:
    if _RECENT[0] is not sources:
        _RECENT[:] = [sources, [s for s in sources if s.name.startswith("graph-v1.0-2026-sample/")]]
    return _RECENT[1]


def mutant_seed(run_seed: int, index: int) -> int:
    """Seed of the ``index``-th mutant of a run (runs with different seeds do not overlap)."""
    return run_seed * 2**32 + index


# ------------------------------------------------------------------------------------ exercising


class Hang(Exception):
    """Raised (by a timer signal) when one page runs longer than the hard limit."""


def exercise(name: str, data: bytes, *, compile_code: bool = True, includes: dict[str, bytes] | None = None) -> None:
    """What ``docgen ir``, ``docgen check`` and the generator of ``docgen build`` do with one page
    (its ``[!INCLUDE]`` files read from ``includes``, by default :data:`INCLUDES`)."""
    from docgen import diagnostics as dg
    from docgen.generate.build import Options, render_files
    from docgen.ir.link import link
    from docgen.ir.serialize import dumps, loads
    from docgen.parse.includes import MapIncludes
    from docgen.pipeline import parse_bytes

    doc = link([parse_bytes(data, name, MapIncludes(INCLUDES if includes is None else includes))])
    loads(dumps(doc))
    for d in doc.diagnostics:
        dg.format_text(d)
        dg.format_github(d)
    dg.format_json(doc.diagnostics)
    for path, text in render_files(doc, Options()):
        if compile_code and path.endswith(".py"):
            key = hashlib.sha1(text.encode("utf-8", "surrogatepass")).digest()
            if key in _COMPILED:  # most files do not vary with the page (the runtime...): compiled once
                continue
            try:
                compile(text, path, "exec")
            except SyntaxError as e:
                raise GeneratedSyntaxError(f"{path}:{e.lineno}: {e.msg}") from None
            if len(_COMPILED) > 50_000:
                _COMPILED.clear()
            _COMPILED.add(key)


_COMPILED: set[bytes] = set()  # digests of generated texts known to compile


def mutant_includes(mutant: Mutant) -> dict[str, bytes]:
    """The include files the mutant is parsed with (its mutated include in place of the real one)."""
    return {**INCLUDES, mutant.include: mutant.include_data} if mutant.include else INCLUDES


def _includes(pages: Sequence[Mutant]):  # -> docgen.parse.includes.Includes
    from docgen.parse.includes import MapIncludes

    files = dict(INCLUDES)
    for m in pages:
        if m.include:
            files[m.include] = m.include_data
    return MapIncludes(files)


class GeneratedSyntaxError(Exception):
    """A generated file does not compile."""


@dataclass(frozen=True, slots=True)
class Outcome:
    seed: int
    seconds: float  # CPU time of this process (wall time on a shared machine says more about the others)
    error: str | None = None  # "ExcType: message" (message cut short)
    place: str | None = None  # "file:line" of the raising frame (docgen's innermost frame too, when different)
    known: str | None = None  # the known issue this error is, if any
    describe: str = ""


@dataclass(frozen=True, slots=True)
class Known:
    key: str
    error: str  # exception type name
    pattern: str  # regex searched in "message + place"
    why: str


# Crashes known and not yet fixed: reported apart, not counted as failures. Empty since the fixes of
# issue 8 (huge enum values, deep JSON) landed; add an entry only with an open issue naming it.
KNOWN: list[Known] = []


def _place(tb: traceback.StackSummary) -> str:
    def rel(f: traceback.FrameSummary) -> str:
        try:
            return f"{Path(f.filename).resolve().relative_to(ROOT).as_posix()}:{f.lineno}"
        except ValueError:
            return f"{Path(f.filename).name}:{f.lineno}"

    innermost = rel(tb[-1])
    ours = [f for f in tb if "/docgen/" in f.filename.replace(os.sep, "/")]
    if ours and rel(ours[-1]) != innermost:
        return f"{innermost} (from {rel(ours[-1])})"
    return innermost


def classify(error: str, place: str) -> str | None:
    for k in KNOWN:
        if error.split(":", 1)[0] == k.error and (re.search(k.pattern, place) or re.search(k.pattern, error)):
            return k.key
    return None


def run_one(mutant: Mutant, *, hard_limit: float = 60.0, compile_code: bool = True) -> Outcome:
    """Exercise one mutant; never raises (a hang past ``hard_limit`` seconds is an error)."""
    use_timer = hard_limit > 0 and hasattr(signal, "setitimer")

    def on_alarm(signum, frame):  # noqa: ARG001
        raise Hang(f"still running after {hard_limit:.0f} s")

    old = signal.signal(signal.SIGALRM, on_alarm) if use_timer else None
    started = time.process_time()
    try:
        if use_timer:
            signal.setitimer(signal.ITIMER_REAL, hard_limit)
        try:
            exercise(mutant.name, mutant.data, compile_code=compile_code, includes=mutant_includes(mutant))
        finally:
            if use_timer:
                signal.setitimer(signal.ITIMER_REAL, 0)
    except Exception as e:  # noqa: BLE001 - the fuzzer reports every exception
        seconds = time.process_time() - started
        stack = traceback.extract_tb(e.__traceback__)
        place = _place(stack)
        error = f"{type(e).__name__}: {str(e)[:200]}"
        return Outcome(mutant.seed, seconds, error, place, classify(error, place), mutant.describe())
    finally:
        if use_timer:
            signal.signal(signal.SIGALRM, old)
    return Outcome(mutant.seed, time.process_time() - started, describe=mutant.describe())


# ----------------------------------------------------------------------------------- mini-corpora


@dataclass(slots=True)
class MiniResult:
    seed: int
    pages: list[str]  # "name [ops]" of every page
    files: int = 0
    py_files: int = 0
    not_compiling: list[str] = field(default_factory=list)
    build_error: str | None = None
    build_known: str | None = None  # the known issue the build error is, if any
    outcomes: dict[str, int] = field(default_factory=dict)  # passed / xfailed / skipped / failed / error
    bad: list[tuple[str, str, str | None]] = field(default_factory=list)  # (test id, message, known key)
    pytest_exit: int | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return (self.build_error is None or self.build_known is not None) and not self.not_compiling and all(k is not None for _, _, k in self.bad) and self.pytest_exit in (0, 1, None)


def mini_corpus(sources: Sequence[Source], seed: int, *, size: int = 20, mutated_share: float = 0.75) -> list[Mutant]:
    """About ``size`` distinct real pages (three in four API pages), most of them mutated."""
    rng = random.Random(f"mini-{seed}")
    api = [s for s in sources if "/api/" in s.name]
    other = [s for s in sources if "/api/" not in s.name and "/includes/" not in s.name]
    n_api = min(len(api), round(size * 0.75))
    chosen = rng.sample(api, n_api) + rng.sample(other, min(len(other), size - n_api))
    pages = []
    for i, src in enumerate(sorted(chosen, key=lambda s: s.name)):
        if rng.random() < mutated_share:
            m = mutate(sources, mutant_seed(seed, i), source=src)
        else:
            m = Mutant(-1, src.name, src.name, False, (), src.data)
        pages.append(m)
    names: dict[str, Mutant] = {}
    for m in pages:  # two renderings could share a name (x.md as plain text next to x.txt)
        names.setdefault(m.name, m)
    return list(names.values())


# Generated-test failures known and not yet fixed (none since issue 8 item 8 landed).
KNOWN_TEST_FAILURES: list[tuple[str, str]] = []


def build_mini(pages: Sequence[Mutant], out: Path, *, run_tests: bool = True, timeout: float = 600) -> MiniResult:
    """``docgen build`` of ``pages`` into ``out`` (library API, no cache), compile every file,
    then run the generated tests with pytest in a subprocess (junit XML read per test)."""
    from docgen.generate.build import Options
    from docgen.generate.command import build_files

    result = MiniResult(seed=-1, pages=[m.name + (f" [{', '.join(m.ops)}] (seed {m.seed})" if m.ops else "") for m in pages])
    started = time.perf_counter()
    try:
        built = build_files([(m.name, m.data) for m in sorted(pages, key=lambda m: m.name)], Options(), 1, None, _includes(pages))
        files = built[0] if isinstance(built, tuple) else built  # (files, diagnostics) since the includes merge
    except Exception as e:  # noqa: BLE001
        place = _place(traceback.extract_tb(e.__traceback__))
        error = f"{type(e).__name__}: {str(e)[:200]}"
        result.build_error, result.build_known = f"{error} at {place}", classify(error, place)
        result.seconds = time.perf_counter() - started
        return result
    for name, text in files.items():
        path = out / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        if name.endswith(".py"):
            result.py_files += 1
            try:
                compile(text, name, "exec")
            except SyntaxError as e:
                result.not_compiling.append(f"{name}:{e.lineno}: {e.msg}")
    result.files = len(files)
    if run_tests:
        _run_generated_tests(out, result, timeout)
    result.seconds = time.perf_counter() - started
    return result


def _run_generated_tests(out: Path, result: MiniResult, timeout: float) -> None:
    junit = out / "junit.xml"
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPATH": str(out)}
    env.pop("PYTEST_ADDOPTS", None)
    env.pop("PYTEST_XDIST_WORKER", None)
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly", f"--junitxml={junit}", "-o", "junit_family=xunit1", "tests"],
        cwd=out, capture_output=True, text=True, timeout=timeout, env=env,
    )
    result.pytest_exit = proc.returncode
    counts = {"passed": 0, "xfailed": 0, "skipped": 0, "failed": 0, "error": 0}
    if not junit.is_file():
        result.bad.append(("<pytest>", (proc.stdout + proc.stderr)[-500:], None))
        result.outcomes = counts
        return
    for case in ET.parse(junit).getroot().iter("testcase"):
        test_id = f"{case.get('classname')}::{case.get('name')}"
        failure, error, skipped = case.find("failure"), case.find("error"), case.find("skipped")
        if failure is not None or error is not None:
            node = failure if failure is not None else error
            kind = "failed" if failure is not None else "error"
            message = f"{node.get('message') or ''}\n{node.text or ''}"
            counts[kind] += 1
            known = next((k for k, p in KNOWN_TEST_FAILURES if re.search(p, message, re.S)), None)
            result.bad.append((test_id, message.strip()[:300], known))
        elif skipped is not None:
            counts["xfailed" if skipped.get("type") == "pytest.xfail" else "skipped"] += 1
        else:
            counts["passed"] += 1
    result.outcomes = counts
