"""Permissions: tables (normal, transposed, with sub-context rows), several tables under H3 labels,
and permissions given as a bullet list. Scopes are stored least privileged first."""

from __future__ import annotations

import re

from .. import diagnostics as dg
from ..ir.model import Permission, PermissionOrder, Source
from . import inline
from .blocks import Para, Table

_SCOPE = re.compile(r"(?<![\w/.])[A-Z][A-Za-z0-9]*(?:\.[A-Za-z0-9]+)+(?![\w.]*[/(])")
_NOT_SUPPORTED = re.compile(r"^\s*not\s+supported\b", re.I)
_NOT_APPLICABLE = re.compile(r"^\s*(?:not\s+applicable\b|n/a\b|none\.?\s*$)", re.I)
_LIST_SEPARATOR = re.compile(r"\s*[-–—:]\s*$")
_SCOPE_LIST_REST = re.compile(r"[\s,.;*]+|\band\b|\bor\b", re.I)
_TODO = re.compile(r"\bTODO\b", re.I)
_SCENARIO = re.compile(r"^\s*(?:for|in)\s+([^:]+?)\s*:\s*(.*)$", re.I)
# permission types as the docs write them, most specific first
_TYPES: list[tuple[re.Pattern[str], str]] = [
    # "Delegated (work or school account)", "Delegated permission (…)", "Delegated - work or school account"
    (re.compile(r"^delegated(?:\s+permissions?)?\s*[(\-–—:,]?\s*work\s+or\s+school\s+accounts?\s*\)?", re.I), "delegated_work"),
    (re.compile(r"^delegated(?:\s+permissions?)?\s*[(\-–—:,]?\s*personal\s+microsoft\s+accounts?\s*\)?", re.I), "delegated_personal"),
    (re.compile(r"^delegated(?:\s+permissions?)?\b", re.I), "delegated_work"),
    (re.compile(r"^application(?:\s+permissions?)?\b", re.I), "application"),
]


def permission_type(text: str) -> tuple[str, str] | None:
    """(type, rest of the text) when ``text`` starts with a known permission type."""
    for pattern, name in _TYPES:
        m = pattern.match(text)
        if m:
            return name, text[m.end():].strip()
    return None


def order_of(header_text: str) -> PermissionOrder:
    h = header_text.lower()
    if "least to most" in h:
        return "least_to_most"
    if "most to least" in h:
        return "most_to_least"
    return "unstated"


def is_permission_header(cells: list[str]) -> bool:
    return bool(cells) and inline.plain(cells[0]).lower().startswith("permission type")


def is_transposed_header(cells: list[str]) -> bool:
    return len(cells) >= 2 and sum(1 for c in cells[1:] if permission_type(inline.plain(c))) >= 2


def scopes_of(cell: str, order: PermissionOrder) -> tuple[list[str], str]:
    """(scopes least->most, status) of a scopes cell."""
    text = inline.plain(cell)
    if _TODO.search(text):
        return [], "todo"
    if _NOT_SUPPORTED.match(text):
        return [], "not_supported"
    if _NOT_APPLICABLE.match(text):
        return [], "not_applicable"
    scopes = list(dict.fromkeys(_SCOPE.findall(text)))
    if not scopes:
        return [], "unspecified"
    if order == "most_to_least":
        scopes.reverse()
    return scopes, "supported"


def scenarios(cell: str) -> list[tuple[str | None, str]]:
    """A scopes cell split into scenarios: ``For **user** resource: A, B<br/><br/>For **group**
    resource:<br/>C`` -> [("user resource", "A, B"), ("group resource", "C")]. A cell without
    ``For x:``/``In x:`` labels is one scenario with no label."""
    parts: list[list[str | None]] = []
    for segment in inline.split_br(cell):
        text = inline.plain(segment)
        m = _SCENARIO.match(text)
        if m and not _SCOPE.search(m.group(1)):
            parts.append([m.group(1).strip(), m.group(2).strip()])
        elif parts and not parts[-1][1]:
            parts[-1][1] = text  # the label stood alone; its scopes follow
        elif parts:
            parts[-1][1] = f"{parts[-1][1]}, {text}"
        else:
            parts.append([None, text])
    if not any(label for label, _ in parts):
        return [(None, cell)]
    return [(label, scopes or "") for label, scopes in parts]


class PermissionReader:
    """Accumulates the permissions of one page, block by block."""

    def __init__(self, file: str, diags: list) -> None:
        self.file = file
        self.diags = diags
        self.out: list[Permission] = []
        self.label: str | None = None  # H3 scenario label under the Permissions heading

    def _add(self, ptype: str, context: str | None, cell: str, order: PermissionOrder, line: int) -> None:
        for scenario, part in scenarios(cell):
            scopes, status = scopes_of(part, order)
            if status == "todo":
                self.diags.append(dg.make("DG402", self.file, line, f"scopes to be determined: {inline.plain(part)!r}"))
            ctx = " / ".join(x for x in (self.label, context, scenario) if x) or None
            self.out.append(Permission(ptype, ctx, scopes, status, order, Source(self.file, line)))  # type: ignore[arg-type]

    def table(self, table: Table) -> None:
        header = [inline.plain(c) for c in table.header]
        if table.flat:
            self._flat_table(table, header)
            return
        if is_transposed_header(table.header):
            self._transposed(table, header)
            return
        if not is_permission_header(table.header) and not any(row and permission_type(inline.plain(row[0])) for row in table.rows):
            return  # another table under the Permissions heading ("Context of the calling app | ...")
        rest = " ".join(header[1:]).strip()
        if rest and not re.search(r"permission|scope|privilege", rest, re.I):
            return  # "Permission type | Supported resource types": no scopes in this table
        order = order_of(" ".join(header[1:]))
        if order == "unstated":
            self.diags.append(dg.make("DG404", self.file, table.line, "permissions table does not state the privilege order"))
        parent: str | None = None
        parent_open = False  # the parent row had no scopes: the rows below are its contexts
        for row, line in zip(table.rows, table.row_lines):
            if not row:
                continue
            raw_type = row[0]
            cell = row[1] if len(row) > 1 else ""
            indented = raw_type.startswith(("&nbsp;", "\u00a0", " ")) or raw_type.lstrip().startswith("&nbsp;")
            type_text = inline.plain(raw_type)
            known = permission_type(type_text)
            if known and not indented:
                ptype, rest = known
                parent = ptype
                parent_open = not inline.plain(cell) and not rest
                if parent_open:
                    continue  # context rows follow
                self._add(ptype, rest or None, cell, order, line)
            elif parent is not None and type_text and (indented or parent_open):
                self._add(parent, type_text, cell, order, line)
            elif type_text:
                self.diags.append(dg.make("DG403", self.file, line, f"unknown permission type {type_text!r}"))
                self._add(_slug(type_text), None, cell, order, line)

    def _transposed(self, table: Table, header: list[str]) -> None:
        types = [permission_type(h) for h in header]
        for row, line in zip(table.rows, table.row_lines):
            context = inline.plain(row[0]) if row else ""
            for i, t in enumerate(types):
                if i == 0 or t is None or i >= len(row):
                    continue
                self._add(t[0], context or None, row[i], "unstated", line)

    def _flat_table(self, table: Table, header: list[str]) -> None:
        """Plain-text rows: ``Delegated (work or school account) User.Read, ...`` and indented
        ``Device management Scope.X`` context rows."""
        order = order_of(" ".join(header))
        parent: str | None = None
        for (row,), line, indent in zip(table.rows, table.row_lines, table.indents):
            known = permission_type(row)
            if known and indent == 0:
                ptype, rest = known
                parent = ptype
                if rest:
                    self._add(ptype, None, rest, order, line)
                continue
            if parent is None:
                continue
            m = _SCOPE.search(row)
            lower = row.lower()
            cut = m.start() if m else len(row)
            for marker in ("not supported", "not applicable", "**todo", "todo"):
                k = lower.find(marker)
                if 0 <= k < cut:
                    cut = k
            self._add(parent, row[:cut].strip() or None, row[cut:], order, line)

    def list_item(self, para: Para) -> None:
        """``Profile photo of a **group** - Group.ReadWrite.All``"""
        if para.quote:
            return  # a note, not a permission
        text = inline.plain(para.raw)
        m = _SCOPE.search(text)
        if not m:
            return
        # ``<context> - <scopes>`` and nothing else: prose that names a scope is not a permission
        before, scopes = text[: m.start()], text[m.start():]
        if before.strip() and not _LIST_SEPARATOR.search(before):
            return
        if _SCOPE_LIST_REST.sub("", _SCOPE.sub("", scopes)).strip():
            return
        context = _LIST_SEPARATOR.sub("", before).strip() or None
        known = permission_type(context or "")
        if known:
            self._add(known[0], known[1] or None, text[m.start():], "unstated", para.line)
        else:
            self._add("unspecified", context, text[m.start():], "unstated", para.line)


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_") or "unknown"
