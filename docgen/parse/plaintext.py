"""Plain text copied from the published site -> the same blocks a Markdown page gives.

What the copy keeps: one line per paragraph, headings as bare lines, tables flattened to one line
per row (cells joined by spaces, sub-rows indented), code as bare lines. So:

* the first line is the title (H1); a line whose text is a known section name is a heading
  (levels follow Markdown habit: sections H2, "Example 1: ..." H3, Request/Response under
  examples H4); a lone ``Note``/``Important`` (or ``[!NOTE]``) line marks the next paragraph, or
  the marked list items right after it, as a note;
* a line that is a known table header (``Permission type Permissions (...)``, ``Header Value``,
  ``Property Type Description``...) starts a *flat* table that runs to the next blank line;
  tables.py and permissions.py split flat rows per table kind. A permissions header parts into
  its known cells (plain_permissions.py: several scope columns, transposed tables), and its rows
  keep their tabs, which bound cells where the copy kept them;
* under Permissions, a sub-heading that opens a list (``Permissions for specific scenarios``)
  is an H3 and each line after it, up to the next heading, a list item; elsewhere under
  Permissions a line that kept its list marker is an item (one without is a paragraph: nothing
  tells them apart). Markers are dropped;
* a request line (``POST /users``), a status line (``HTTP/1.1 201 Created``) or a line opening
  JSON starts a code block: headers, then a blank line and a JSON body read to its closing brace.
"""

from __future__ import annotations

import re

from . import includes, permissions, plain_permissions, sections
from .blocks import Block, Code, Heading, Para, Table
from .sections import Section

_REQUEST = re.compile(r"^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(/|https?://)\S*", re.I)
# in the HTTP request section only: a request line written without its leading slash
# (``GET policies/activityBasedTimeoutPolicies``; the Markdown reader normalises it, DG303)
_BARE_REQUEST = re.compile(r"^(GET|POST|PUT|PATCH|DELETE)\s+~?[A-Za-z{][^\s/]*/\S*$")
_STATUS = re.compile(r"^HTTP(/\d(\.\d)?)?\s+\d{3}\b", re.I)
_HEADER_LINE = re.compile(r"^[A-Za-z][\w\-]*\s*:\s*\S")
# a note's mark as the site shows it (``Note``), or as a DocFX alert left in the text (``[!NOTE]``)
_NOTE_MARK = re.compile(r"^(?:(?:note|notes|important|caution|warning|tip)|\[!(?:note|important|caution|warning|tip)\])\s*$", re.I)
_EXAMPLE_N = re.compile(r"^examples?\s*\d+\s*[:.-]", re.I)
# table header rows -> the header cells they stand for
_TABLE_HEADERS: list[tuple[re.Pattern[str], list[str]]] = [
    (re.compile(r"^(Permission type)\s+(Least privileged permissions?)\s+(Higher privileged permissions?)$", re.I), []),
    (re.compile(r"^(Permission type)\s+(Permissions?\b.*)$", re.I), []),
    (re.compile(r"^(Header|Name)\s+(Value|Description)$", re.I), []),
    (re.compile(r"^(Property|Parameter|Name|Relationship)\s+(Type)\s+(Required)\s+(Description)$", re.I), []),
    (re.compile(r"^(Property|Parameter|Name|Relationship)\s+(Type)\s+(Description)$", re.I), []),
    (re.compile(r"^(Method)\s+(Return [Tt]ype)\s+(Description)$", re.I), []),
    (re.compile(r"^(Member)\s+(Value)\s+(Description)$", re.I), []),
    (re.compile(r"^(Member)$", re.I), []),
]


def _table_header(line: str, permissions: bool) -> list[str] | None:
    """The header cells a line stands for, or None. ``permissions``: under a Permissions heading,
    where a transposed table's header (``Supported resource Delegated (...) ... Application``)
    is one too."""
    for pattern, _ in _TABLE_HEADERS:
        m = pattern.match(line)
        if m:
            cells = [g.strip() for g in m.groups()]
            if cells[0].lower() == "permission type" and len(cells) == 2:
                cells[1:] = plain_permissions.scope_headers(cells[1])
            return cells
    return plain_permissions.transposed_header(line) if permissions else None


_LABEL_MAX_WORDS = 6


def _labels_next_table(lines: list[str], i: int) -> bool:
    """Under Permissions, line ``i`` is the sub-heading of the table that follows (the copy keeps an
    H3 as a bare line): a short phrase, not a sentence (no closing ``.``, at most
    :data:`_LABEL_MAX_WORDS` words: "Permissions acting on self", "For users:"), and the next
    non-blank line is a permission table's header. A lead-in sentence ("The following table lists
    ... :") is longer, or ends with a full stop."""
    text = lines[i].strip()
    if text.endswith((".", ",", ";")) or len(text.split()) > _LABEL_MAX_WORDS or plain_permissions.BULLET.match(text):
        return False
    j = i + 1
    while j < len(lines) and not lines[j].strip():
        j += 1
    if j >= len(lines):
        return False
    header = _table_header(lines[j].strip(), True)
    return header is not None and (permissions.is_permission_header(header) or permissions.is_transposed_header(header))


def _heading_level(text: str, in_examples: bool) -> int | None:
    if len(text) > 80 or text.endswith((".", ",", ";")):
        return None
    if _EXAMPLE_N.match(text):
        return 3
    role = sections.role_of(text)
    if role is None:
        return None
    if role in (Section.REQUEST, Section.RESPONSE, Section.HTTP) and in_examples:
        return 4  # an example's "Request", "Response" or "HTTP request" (its request)
    return 2


def _json_end(lines: list[str], start: int) -> int:
    """Index after the line where the JSON value opened at ``start`` closes (or the end)."""
    depth = 0
    in_str = esc = False
    for i in range(start, len(lines)):
        for c in lines[i]:
            if in_str:
                if esc:
                    esc = False
                elif c == "\\":
                    esc = True
                elif c == '"':
                    in_str = False
            elif c == '"':
                in_str = True
            elif c in "{[":
                depth += 1
            elif c in "}]":
                depth -= 1
                if depth == 0:
                    return i + 1
        in_str = False  # a string never spans lines in JSON
    return len(lines)


def _read_message(lines: list[str], i: int) -> int:
    """Index after an HTTP message starting at ``i``: start line, headers, blank, JSON body."""
    n = len(lines)
    j = i + 1
    while j < n and _HEADER_LINE.match(lines[j].strip()) and not _REQUEST.match(lines[j].strip()):
        j += 1
    k = j
    while k < n and not lines[k].strip():
        k += 1
    if k < n and lines[k].lstrip().startswith(("{", "[")):
        return _json_end(lines, k)
    return j


_AVAILABLE = re.compile(r"^\s*This API is available in the following national cloud deployments\.?\s*$", re.I)


def availability(text: str) -> tuple[str, list[str]]:
    """The national clouds of the site's availability table ("This API is available in the
    following national cloud deployments.", a header row, a row of ✅/❌), and the text with those
    lines blanked (line numbers stay right). A Markdown page states it with an include instead."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        if not _AVAILABLE.match(line):
            continue
        rows = [j for j in range(i + 1, min(i + 6, len(lines))) if lines[j].strip()][:2]
        clouds = includes.clouds_of_table("\n".join(lines[j] for j in rows)) if len(rows) == 2 else None
        if clouds is None:
            return text, []
        for j in (i, *rows):
            lines[j] = ""
        return "\n".join(lines), clouds
    return text, []


def read_blocks(text: str, file: str, diags: list) -> list[Block]:
    lines = text.split("\n")
    blocks: list[Block] = []
    n = len(lines)
    i = 0
    title_seen = False
    in_examples = False
    in_http = False
    note_next = False
    section: Section | None = None  # of the last H2
    in_list = False  # the lines under a Permissions sub-heading that opens a list are its items
    while i < n:
        raw = lines[i]
        line = raw.strip()
        if not line:
            i += 1
            continue
        lineno = i + 1
        if not title_seen:
            blocks.append(Heading(1, line, lineno))
            title_seen = True
            i += 1
            continue
        if _NOTE_MARK.match(line):
            note_next = True
            i += 1
            continue
        level = _heading_level(line, in_examples)
        if level is None and section == Section.PERMISSIONS and plain_permissions.opens_list(line):
            blocks.append(Heading(3, line, lineno))
            in_list = True
            i += 1
            continue
        if level is None and section == Section.PERMISSIONS and not in_list and _labels_next_table(lines, i):
            level = 3  # "Permissions acting on self", "For users:" above a table: its H3 label
        if level is not None:
            in_list = False
            role = sections.role_of(line)
            if level == 2:
                section = role
            if role == Section.EXAMPLES or level == 3:
                in_examples = True
            elif level == 2 and role not in (Section.REQUEST, Section.RESPONSE):
                in_examples = False
            in_http = role == Section.HTTP
            blocks.append(Heading(level, line, lineno))
            i += 1
            continue
        header = _table_header(line, section == Section.PERMISSIONS)
        if header is not None:
            rows, row_lines, indents = [], [], []
            # permissions rows are cut into cells at their tabs when the copy kept them (permissions.py)
            keep_tabs = permissions.is_permission_header(header) or permissions.is_transposed_header(header)
            j = i + 1
            # rows run to a blank line, or to a section heading the copy set right below the table
            while j < n and lines[j].strip() and _heading_level(lines[j].strip(), in_examples) != 2:
                raw_row = lines[j]
                body = raw_row.lstrip()
                indent = len(raw_row[: len(raw_row) - len(body)].replace("\t", "    "))
                rows.append([body.rstrip() if keep_tabs else body.replace("\t", "    ").rstrip()])
                row_lines.append(j + 1)
                indents.append(indent)
                j += 1
            blocks.append(Table(header, rows, lineno, row_lines, flat=True, indents=indents))
            i = j
            continue
        if _REQUEST.match(line) or _STATUS.match(line) or (in_http and _BARE_REQUEST.match(line)):
            if in_http and (_REQUEST.match(line) or _BARE_REQUEST.match(line)):  # the HTTP request section's lines: one block
                j = i
                while j < n and (_REQUEST.match(lines[j].strip()) or _BARE_REQUEST.match(lines[j].strip()) or not lines[j].strip()):
                    j += 1
                while j > i and not lines[j - 1].strip():
                    j -= 1
            else:
                j = _read_message(lines, i)
            blocks.append(Code("http", "\n".join(lines[i:j]) + "\n", lineno))
            i = j
            continue
        if line.startswith(("{", "[")):
            j = _json_end(lines, i)
            blocks.append(Code("json", "\n".join(lines[i:j]) + "\n", lineno))
            i = j
            continue
        # under Permissions a line that kept its list marker is an item (``Profile photo of a group -
        # Group.ReadWrite.All``); the items right after a note's mark are the note's
        marked = section == Section.PERMISSIONS and plain_permissions.BULLET.match(line) is not None
        item = in_list or marked or (section == Section.PERMISSIONS and plain_permissions.is_scenario_item(line))
        in_note = marked and bool(blocks) and isinstance(blocks[-1], Para) and blocks[-1].quote and blocks[-1].item
        quote = note_next or in_note or bool(re.match(r"^(note|important)\s*:", line, re.I))
        blocks.append(Para(plain_permissions.BULLET.sub("", line) if item else line, lineno, item=item, quote=quote))
        note_next = False
        i += 1
    return blocks
