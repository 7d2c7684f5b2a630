"""Permissions: tables (normal, transposed, with sub-context rows), several tables under H3 labels,
and permissions given as a bullet list (one cell's reading is scopes.py). Scopes are stored least
privileged first."""

from __future__ import annotations

import re

from .. import diagnostics as dg
from ..ir.model import Permission, PermissionOrder, ScopeSet, Source
from . import flatcells, inline
from .blocks import Para, Table
from .scopes import (  # noqa: F401  (re-exported: a cell's reading is permissions.X to its callers)
    NOT_AVAILABLE,
    SCOPE,
    flat,
    alternatives_of,
    column_context,
    is_permission_header,
    is_transposed_header,
    order_of,
    permission_type,
    scenarios,
    scope_sets,
    scopes_of,
)

_LEAST = re.compile(r"^\s*least\s+privileged\b", re.I)
_HIGHER = re.compile(r"^\s*(?:higher|more)\s+privileged\b", re.I)
# "Permissions for specific scenarios" list items
_PROSE_TYPE = [
    (re.compile(r"\bdelegated\b", re.I), "delegated_work"),
    (re.compile(r"\bapp-only\b|\bapplication\s+(?:permission|scenario)", re.I), "application"),
]
_PROSE_LEAST = re.compile(r"\bis\s+the\s+least\s+privileged\b", re.I)
_PROSE_PURPOSE = re.compile(r"\bleast\s+privileged\s+(?:combination\s+of\s+)?permissions?\s+(?:required\s+)?(.+?)(?:;|$)", re.I)
_PROSE_GRANT = re.compile(r"\b(?:must\s+be\s+granted|granted\s+the|is\s+the\s+least\s+privileged|requires?\s+the)\b", re.I)
# the text introducing a table with one row per resource says its scopes are the least privileged:
# "The following table shows the least privileged permission or permissions required to call this
# API on each supported resource type.", "... the permission specified in the following table is the
# least privileged (the minimum) required to call this API." (not "Choose the permission or
# permissions marked as least privileged", which marks nothing in such a table)
_INTRO_LEAST = re.compile(r"\bleast[\s-]+privileged\b|\bminimum\s+(?:required|permissions?)\b", re.I)
_INTRO_TABLE = re.compile(r"\b(?:following|this|the)\s+table\b", re.I)
_INTRO_MARKED = re.compile(r"\bmarked\s+(?:as\s+)?least\b", re.I)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_LIST_SEPARATOR = re.compile(r"\s*[-–—:]\s*$")
_SCOPE_LIST_REST = re.compile(r"[\s,.;*]+|\band\b|\bor\b", re.I)
# a paragraph that only names what the next table is for: "For users:", "For applications:"
_TABLE_LABEL = re.compile(r"^\s*(?:for|in|when|if)\s+[^.:;,]{1,50}:\s*$", re.I)


class PermissionReader:
    """Accumulates the permissions of one page, block by block."""

    def __init__(self, file: str, diags: list) -> None:
        self.file = file
        self.diags = diags
        self.out: list[Permission] = []
        self.label: str | None = None  # H3 scenario label under the Permissions heading
        self.next_label: str | None = None  # a "For users:" paragraph: the label of the next table only
        self.scenario: str | None = None  # the open item of a "Permissions for specific scenarios" list
        # the text since the last table says the next table's scopes are the least privileged
        self.intro_least = False

    def _add(self, ptype: str, context: str | None, cell: str, order: PermissionOrder, line: int,
             higher: str | None = None, stated_least: bool = False) -> None:
        """One row; ``higher`` is the "Higher privileged permissions" cell when ``cell`` is the
        "Least privileged permissions" one (their alternatives are marked as such).
        ``stated_least``: the text introducing the table says its cells are the least privileged;
        a cell of one alternative is marked (of several, the page does not say which one is)."""
        for scenario, part in scenarios(cell):
            sets, status, footnoted = alternatives_of(part, order)
            if status == "todo":
                self.diags.append(dg.make("DG402", self.file, line, f"scopes to be determined: {inline.plain(part)!r}"))
            marked = higher is not None or (stated_least and len(sets) == 1)
            alts = [ScopeSet(st, least_privileged=marked) for st in sets]
            if higher is not None:
                more, more_status, more_foot = alternatives_of(higher, order)
                if more_status == "supported":  # (a least cell "Not available." with higher scopes is odd, but kept)
                    alts += [ScopeSet(st) for st in more if all(st != a.scopes for a in alts)]
                    footnoted = footnoted + [f for f in more_foot if f not in footnoted]
                    status = "supported"
            if status == "unspecified" and NOT_AVAILABLE.match(inline.plain(part)):
                status = "not_supported"  # "Not available."
            ctx = " / ".join(x for x in (self.label, context, scenario) if x) or None
            self.out.append(
                Permission(ptype, ctx, flat([a.scopes for a in alts]), status, order, Source(self.file, line), alts, footnoted)  # type: ignore[arg-type]
            )

    def prose(self, para: Para) -> None:
        """A paragraph of the Permissions section (not a list item or a note): does it say the
        table that follows shows the least privileged permissions? Is it the next table's label
        ("For users:" standing where other pages put a ``### For users:`` heading)?"""
        if para.quote:
            return
        text = inline.plain(para.raw)
        if _TABLE_LABEL.match(text):
            self.next_label = text.rstrip(":").strip()
            return
        self.next_label = None  # a label is one of the table right after it
        for sentence in _SENTENCE.split(inline.plain(para.raw)):
            if _INTRO_TABLE.search(sentence) and _INTRO_LEAST.search(sentence) and not _INTRO_MARKED.search(sentence):
                self.intro_least = True
                return

    def table(self, table: Table) -> None:
        stated_least, self.intro_least = self.intro_least, False  # the text before a table introduces that table only
        label, self.next_label = self.next_label, None
        if label is None:
            self._table(table, stated_least)
            return
        heading = self.label
        self.label = " / ".join(x for x in (heading, label) if x)
        try:
            self._table(table, stated_least)
        finally:
            self.label = heading

    def _table(self, table: Table, stated_least: bool) -> None:
        header = [inline.plain(c) for c in table.header]
        if table.flat:
            self._flat_table(table, header, stated_least)
            return
        if is_transposed_header(table.header):
            self._transposed(table, header, stated_least)
            return
        if not is_permission_header(table.header) and not any(row and permission_type(inline.plain(row[0])) for row in table.rows):
            return  # another table under the Permissions heading ("Context of the calling app | ...")
        rest = " ".join(header[1:]).strip()
        if rest and not re.search(r"permission|scope|privilege", rest, re.I):
            return  # "Permission type | Supported resource types": no scopes in this table
        columns = _scope_columns(header)
        two_level = isinstance(columns, tuple)
        order = "least_to_most" if two_level else order_of(" ".join(header[1:]))
        if order == "unstated":
            self.diags.append(dg.make("DG404", self.file, table.line, "permissions table does not state the privilege order"))

        def add(ptype: str, context: str | None, row: list[str], line: int) -> None:
            if isinstance(columns, tuple):  # Least privileged | Higher privileged
                least, higher = columns
                self._add(ptype, context, _cell(row, least), order, line, higher=_cell(row, higher))
                return
            for n, (i, col_ctx) in enumerate(columns):
                if n and i >= len(row):
                    continue  # a scope column the row does not reach states nothing (a short row under 600 columns made 600 entries)
                ctx = " / ".join(x for x in (context, col_ctx) if x) or None
                self._add(ptype, ctx, _cell(row, i), order, line)

        parent: str | None = None
        parent_open = False  # the parent row had no scopes: the rows below are its contexts
        for row, line in zip(table.rows, table.row_lines):
            if not row:
                continue
            raw_type = row[0]
            cells = " ".join(row[1:])
            indented = raw_type.startswith(("&nbsp;", "\u00a0", " ")) or raw_type.lstrip().startswith("&nbsp;")
            type_text = inline.plain(raw_type)
            known = permission_type(type_text)
            if known and not indented:
                ptype, rest = known
                parent = ptype
                parent_open = not inline.plain(cells) and not rest
                if parent_open:
                    continue  # context rows follow
                add(ptype, rest or None, row, line)
            elif parent is not None and type_text and (indented or parent_open):
                add(parent, type_text, row, line)
            elif type_text:
                self.diags.append(dg.make("DG403", self.file, line, f"unknown permission type {type_text!r}"))
                add(_slug(type_text), None, row, line)

    def _transposed(self, table: Table, header: list[str], stated_least: bool = False) -> None:
        """One row per resource (``Supported resource | Delegated (work or school account) | ...``):
        the resource is the context; each cell's scopes are the least privileged when the text
        introducing the table says so (``stated_least``), else unmarked."""
        types = [permission_type(h) for h in header]
        for row, line in zip(table.rows, table.row_lines):
            context = inline.plain(row[0]) if row else ""
            for i, t in enumerate(types):
                if i == 0 or t is None or i >= len(row):
                    continue
                self._add(t[0], context or None, row[i], "unstated", line, stated_least=stated_least)

    def _flat_table(self, table: Table, header: list[str], stated_least: bool = False) -> None:
        """Plain-text rows (one string each, cut into cells by :func:`_flat_rows`) in the layouts of
        the Markdown reader: one scope column, least | higher privileged, several scope columns
        with their contexts (``acting on self | acting on others``), and transposed tables
        (``Supported resource | Delegated (...) | Application``)."""
        if is_transposed_header(table.header):
            types = [permission_type(h) for h in header[1:]]
            for _, context, cells, line in self._flat_rows(table, len(types), transposed=True):
                for t, cell in zip(types, cells):
                    if t is not None:
                        self._add(t[0], context, cell, "unstated", line, stated_least=stated_least)
            return
        columns = _scope_columns(header)
        two_level = isinstance(columns, tuple)
        order = "least_to_most" if two_level else order_of(" ".join(header))
        for ptype, context, cells, line in self._flat_rows(table, 2 if two_level else len(columns)):
            if isinstance(columns, tuple):
                self._add(ptype, context, cells[0], order, line, higher=cells[1] if len(cells) > 1 else "")
                continue
            for (_, col_ctx), cell in zip(columns, cells):
                self._add(ptype, " / ".join(x for x in (context, col_ctx) if x) or None, cell, order, line)

    def _flat_rows(self, table: Table, width: int, transposed: bool = False) -> list[tuple[str, str | None, list[str], int]]:
        """(type, context, scope cells, line) of each flat row that states scopes: a type row
        (``Delegated (work or school account) User.Read``), or a context row under the type row
        before it (indented ``Device management Scope.X``; in a transposed table every row, its
        first cell the context). Cells come from tabs when the copy kept them, else from
        :func:`flatcells.cut`. A column no row reaches is no column (a 600-column header over
        two-cell rows states two); a row short of the others has its missing cells read as empty
        (DG502), as a Markdown table's; a row with more cells than columns keeps the rest in its
        last cell (DG405)."""
        read: list[tuple[str, str | None, list[str], int, int]] = []
        parent: str | None = "" if transposed else None
        for (row,), line, indent in zip(table.rows, table.row_lines, table.indents):
            tabs = flatcells.tab_bound(row)
            cells = flatcells.by_tabs(row) if tabs else []
            known = None if transposed or indent else permission_type(cells[0] if tabs else row)
            if known is not None:  # a type row
                parent = known[0]
                context = (known[1] or None) if tabs else None  # without tabs the type cell's end is not known
                rest = "" if tabs else known[1]
                if not (any(cells[1:]) if tabs else rest):
                    continue  # no scopes: the context rows below are its (or the row states nothing)
            elif parent is None:
                continue
            elif tabs:
                context, rest = cells[0] or None, ""
            else:
                lead, rest = flatcells.lead(row, _LEAD_END)
                context = lead or None
            if tabs:  # cells beyond the header's are dropped, as a Markdown table's
                scopes, found = cells[1 : width + 1], min(len(cells) - 1, width)
            elif width > 1:
                scopes, found = flatcells.cut(rest, _CELL_ITEM, width)
            else:
                scopes, found = [rest], 1
            read.append((parent, context, scopes, found, line))
        reach = min(width, max((found for *_, found, _ in read), default=0))
        out = []
        for ptype, context, scopes, found, line in read:
            if found < reach:
                self.diags.append(dg.make("DG502", self.file, line, f"a permissions row gives {found} of {reach} scope cells; the missing were read as empty"))
            elif found > width:
                self.diags.append(dg.make("DG405", self.file, line, f"a plain-text permissions row holds {found} groups of scopes for {width} columns; its last column kept the rest"))
            out.append((ptype, context, scopes + [""] * (reach - len(scopes)), line))
        return out

    def _scenario_item(self, text: str, line: int) -> bool:
        """A "Permissions for specific scenarios" item: ``To read the **x** property:`` opens a
        scenario; ``In delegated scenarios, ... the app must be granted the *X* permission.``,
        ``*X* is the least privileged permission to ...`` and ``*A* + *B* is the least privileged
        combination ...`` are its permissions (type from "delegated"/"app-only", else unspecified)."""
        in_list = bool(self.label and "scenario" in self.label.lower())
        if not in_list and not _PROSE_GRANT.search(text):
            return False
        if not SCOPE.search(text):
            if in_list and text.rstrip().endswith(":"):
                self.scenario = text.rstrip().rstrip(":").strip()
                return True
            return in_list
        if not re.match(r"^\s*in\s", text, re.I):
            self.scenario = None  # not a sub-item of the open scenario
        sets, footnoted = scope_sets(text)
        ptype = next((name for pattern, name in _PROSE_TYPE if pattern.search(text)), "unspecified")
        purpose = _PROSE_PURPOSE.search(text)
        context = self.scenario or (purpose.group(1).strip().rstrip(".") if purpose else None)
        least = _PROSE_LEAST.search(text) is not None
        alts = [ScopeSet(st, least_privileged=least) for st in sets]
        ctx = " / ".join(x for x in (self.label, context) if x) or None
        self.out.append(
            Permission(ptype, ctx, flat(sets), "supported", "unstated", Source(self.file, line), alts, footnoted)
        )
        return True

    def list_item(self, para: Para) -> None:
        """``Profile photo of a **group** - Group.ReadWrite.All``"""
        if para.quote:
            return  # a note, not a permission
        text = inline.plain(para.raw)
        if self._scenario_item(text, para.line):
            return
        m = SCOPE.search(text)
        if not m:
            return
        # ``<context> - <scopes>`` and nothing else: prose that names a scope is not a permission
        before, scopes = text[: m.start()], text[m.start():]
        if before.strip() and not _LIST_SEPARATOR.search(before):
            return
        if _SCOPE_LIST_REST.sub("", SCOPE.sub("", scopes)).strip():
            return
        context = _LIST_SEPARATOR.sub("", before).strip() or None
        known = permission_type(context or "")
        if known:
            self._add(known[0], known[1] or None, text[m.start():], "unstated", para.line)
        else:
            self._add("unspecified", context, text[m.start():], "unstated", para.line)


# what a scopes cell holds, for cutting plain-text rows into cells (flatcells.py); a row's context
# cell ends where the first of them (or a TODO) starts
_CELL_ITEM = re.compile(SCOPE.pattern + r"\*?|not\s+supported\.?|not\s+available\.?|not\s+applicable\.?", re.I)
_LEAD_END = re.compile(_CELL_ITEM.pattern + r"|\btodo\b", re.I)


def _cell(row: list[str], i: int) -> str:
    return row[i] if 0 <= i < len(row) else ""


def _scope_columns(header: list[str]) -> tuple[int, int] | list[tuple[int, str | None]]:  # -1: no higher column
    """Where a permissions table keeps its scopes: ``(least, higher)`` column indexes for today's
    ``Least privileged permissions | Higher privileged permissions``; else every scope column with
    the context its header names (``Permissions (acting on self) | Permissions (acting on
    others)``), or just column 1."""
    least = next((i for i, h in enumerate(header) if i and _LEAST.match(h)), None)
    higher = next((i for i, h in enumerate(header) if i and _HIGHER.match(h)), None)
    if least is not None:
        return least, (higher if higher is not None else -1)
    cols = [i for i, h in enumerate(header) if i and re.search(r"permission|scope|privilege", h, re.I)]
    if len(cols) <= 1:
        return [(1, None)]
    return [(i, column_context(header[i])) for i in cols]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "unknown"
