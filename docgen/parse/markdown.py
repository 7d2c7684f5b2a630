"""Markdown -> blocks, with markdown-it-py.

* CommonMark + GFM tables; raw HTML kept so ``<!-- { ... } -->`` annotations arrive as
  ``html_block`` tokens and are paired with the next fence.
* The inline pass is off (see inline.py); ``token.map`` gives 0-based [begin, end) lines.
* A table whose delimiter row has another cell count than its header is a paragraph to markdown-it;
  such paragraphs are rebuilt into tables here (DG501).
* Lists and quotes nested deeper than :data:`MAX_NESTING` (markdown-it stops reading there and
  drops the rest of the page) are blanked out and the page read again: DG108 names the lines.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from .. import diagnostics as dg
from ..ir.model import Diagnostic
from . import lenient_json
from .blocks import Block, Code, Heading, Para, Table

_DELIM = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
_ANNOTATION = re.compile(r"^\s*<!--\s*(\{.*\})\s*-->\s*$", re.S)


# markdown-it nesting levels (a list and its item are one each): real pages reach 6 (driveitem-delta.md),
# CommonMark's preset stops at 20 (10 nested lists); 40 reads 20, and recursion stays shallow
MAX_NESTING = 40
_RETRIES = 20  # deep regions blanked per page before the rest is given up (each costs a parse)


def _make_parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"maxNesting": MAX_NESTING}).enable("table")
    md.disable("inline")
    return md


_MD = _make_parser()


def split_row(line: str) -> list[str]:
    """Cells of a pipe-table row (escaped ``\\|`` stays inside a cell)."""
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|") and not s.endswith("\\|"):
        s = s[:-1]
    if "\\|" in s:
        parts = re.split(r"(?<!\\)\|", s)
        return [p.replace("\\|", "|").strip() for p in parts]
    return [p.strip() for p in s.split("|")]


def _recover_table(raw: str, first_line: int) -> tuple[str, Table] | None:
    """A paragraph that is really a pipe table: returns (text before the table, table)."""
    lines = raw.split("\n")
    for i in range(1, len(lines)):
        if "-" in lines[i] and _DELIM.match(lines[i]) and "|" in lines[i - 1]:
            header = split_row(lines[i - 1])
            rows, row_lines = [], []
            for j in range(i + 1, len(lines)):
                if lines[j].strip():
                    rows.append(split_row(lines[j]))
                    row_lines.append(first_line + j)
            before = "\n".join(lines[: i - 1])
            return before, Table(header, rows, first_line + i - 1, row_lines, recovered=True)
    return None


def _indent(line: str) -> int:
    return len(line.expandtabs(4)) - len(line.expandtabs(4).lstrip(" "))


def _deep_region(lines: list[str], start: int) -> int:
    """End (exclusive) of the region markdown-it did not read from ``start``: the deep item and
    what is indented under it (or, for a quote, the ``>`` lines that follow)."""
    quote = lines[start].lstrip().startswith(">")
    least = max(1, _indent(lines[start]))
    end = j = start + 1
    while j < len(lines):
        line = lines[j]
        if line.strip():
            if (quote and not line.lstrip().startswith(">")) or (not quote and _indent(line) < least):
                break
            end = j + 1
        j += 1
    return end


def _tokens(text: str, file: str, diags: list[Diagnostic]) -> list[Token]:
    """markdown-it's tokens; regions nested past :data:`MAX_NESTING` are blanked and reported."""
    tokens = _MD.parse(text)
    for _ in range(_RETRIES):
        deep = next((t for t in tokens if t.nesting == 1 and t.level >= MAX_NESTING - 1), None)
        if deep is None:
            return tokens
        lines = text.split("\n")
        start = _map(deep)[0]
        end = _deep_region(lines, start)
        diags.append(
            dg.make("DG108", file, start + 1, f"nested too deep ({MAX_NESTING // 2} lists or {MAX_NESTING} quotes); lines {start + 1}-{end} were not read")
        )
        text = "\n".join(lines[:start] + [""] * (end - start) + lines[end:])
        tokens = _MD.parse(text)
    deep = next((t for t in tokens if t.nesting == 1 and t.level >= MAX_NESTING - 1), None)
    if deep is not None:
        line = _map(deep)[0] + 1
        diags.append(dg.make("DG108", file, line, f"too many deeply nested regions; the page from line {line} on was not read"))
    return tokens


def read_blocks(text: str, file: str, diags: list) -> list[Block]:
    """Tokenize ``text`` (front matter already blanked) into blocks."""
    tokens = _tokens(text, file, diags)
    blocks: list[Block] = []
    pending: tuple[dict, int] | None = None  # annotation waiting for its fence
    n_lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    list_depth = quote_depth = 0
    i, n = 0, len(tokens)
    while i < n:
        tok = tokens[i]
        t = tok.type
        if t == "heading_open":
            inline = tokens[i + 1]
            blocks.append(Heading(int(tok.tag[1]), inline.content, _map(tok)[0] + 1))
            i += 3
            continue
        if t == "paragraph_open":
            inline = tokens[i + 1]
            raw = inline.content
            line = _map(tok)[0] + 1
            if blocks and isinstance(blocks[-1], Table) and _all_rows(raw):
                # rows cut off from their table by a blank line: the page shows them as text
                table = blocks[-1]
                for k, row in enumerate(raw.split("\n")):
                    if row.strip():
                        table.rows.append(split_row(row))
                        table.row_lines.append(line + k)
                diags.append(dg.make("DG507", file, line - 1, "a blank line splits this table; the rows after it were read as part of it"))
                i += 3
                continue
            if "|" in raw and "-" in raw:
                rec = _recover_table(raw, line)
                if rec is not None:
                    before, table = rec
                    if before.strip():
                        blocks.append(Para(before, line, list_depth > 0, quote_depth > 0))
                    blocks.append(table)
                    diags.append(dg.make("DG501", file, table.line, "table recovered: its delimiter row has another cell count than its header"))
                    i += 3
                    continue
            blocks.append(Para(raw, line, list_depth > 0, quote_depth > 0))
            i += 3
            continue
        if t == "table_open":
            i = _read_table(tokens, i, blocks)
            continue
        if t == "fence" or t == "code_block":
            body_line = _map(tok)[0] + (2 if t == "fence" else 1)
            code = Code(tok.info.strip().lower() if t == "fence" else "", tok.content, body_line)
            if pending is not None:
                code.annotation, code.annotation_line = pending
                pending = None
            if t == "fence" and _map(tok)[1] >= n_lines and not _closes(text, tok.markup):
                diags.append(dg.make("DG103", file, _map(tok)[0] + 1, "code fence is never closed"))
            blocks.append(code)
        elif t == "html_block":
            m = _ANNOTATION.match(tok.content)
            if m:
                value, strict = lenient_json.loads(m.group(1))
                line = _map(tok)[0] + 1
                # a block annotation names its blockType; page annotations (``"type":
                # "#page.annotation"``, suppressions) describe no block and are skipped
                if isinstance(value, dict) and "blockType" in value:
                    if not strict:
                        diags.append(dg.make("DG604", file, line, "annotation is not strict JSON; read leniently"))
                    pending = (value, line)
        elif t == "bullet_list_open" or t == "ordered_list_open":
            list_depth += 1
        elif t == "bullet_list_close" or t == "ordered_list_close":
            list_depth -= 1
        elif t == "blockquote_open":
            quote_depth += 1
        elif t == "blockquote_close":
            quote_depth -= 1
        i += 1
    return blocks


def _map(tok: Token) -> list[int]:
    """``token.map`` ([begin, end), 0-based); every block token markdown-it gives us has one."""
    return tok.map or [0, 0]


def _all_rows(raw: str) -> bool:
    lines = [x.strip() for x in raw.split("\n") if x.strip()]
    return bool(lines) and all(x.startswith("|") and x.endswith("|") and x.count("|") >= 2 for x in lines)


def _closes(text: str, markup: str) -> bool:
    last = text.rstrip("\n").rsplit("\n", 1)[-1].strip()
    return last.startswith(markup) and set(last) <= set(markup[0])


def _read_table(tokens: list, i: int, blocks: list[Block]) -> int:
    header: list[str] = []
    rows: list[list[str]] = []
    row_lines: list[int] = []
    line = _map(tokens[i])[0] + 1
    current: list[str] | None = None
    in_head = False
    i += 1
    while True:
        tok = tokens[i]
        t = tok.type
        if t == "table_close":
            break
        if t == "thead_open":
            in_head = True
        elif t == "thead_close":
            in_head = False
        elif t == "tr_open":
            current = []
            if not in_head:
                row_lines.append(_map(tok)[0] + 1)
        elif t == "tr_close":
            if in_head:
                header = current or []
            else:
                rows.append(current or [])
        elif t == "inline":
            current.append(tok.content.strip())  # type: ignore[union-attr]
        i += 1
    blocks.append(Table(header, rows, line, row_lines))
    return i + 1
