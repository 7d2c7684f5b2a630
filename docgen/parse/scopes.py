"""What one permissions cell or header says: scope names (``User.Read.All``,
``BackupRestore-Control.Read.All``, ``eDiscovery.Read.All``), scopes required together ("A and
B"), footnote marks, "Not supported." and the like, scenarios within a cell ("For users: A,
B"), the permission types and the order a header states. permissions.py reads whole tables and
lists with these."""

from __future__ import annotations

import re

from ..ir.model import PermissionOrder
from . import inline

# ``User.Read.All``, ``BackupRestore-Control.Read.All`` (hyphens are part of the name),
# ``eDiscovery.Read.All`` (a lower-case initial when the first word is camelCase; never
# ``microsoft.graph.user`` or ``e.g.``); not a file, URL or call (``x.md/``, ``a.b(``)
# a scope name (also read by permissions.py and plain_permissions.py)
SCOPE = re.compile(
    r"(?<![\w/.\-])(?:[A-Z][A-Za-z0-9]*|[a-z]+[A-Z][A-Za-z0-9]*)(?:-[A-Za-z0-9]+)*(?:\.[A-Za-z0-9]+)+(?![\w.\-]*[/(])"
)
# between two scopes of one alternative: "A and B", "A + B", "A & B"
_ALL_OF = re.compile(r"^\s*(?:and|\+|&)\s*$", re.I)
_FOOTNOTE = re.compile(r"^\*+|^\s*\\\*")
_NOT_SUPPORTED = re.compile(r"^\s*not\s+supported\b", re.I)
_NOT_APPLICABLE = re.compile(r"^\s*(?:not\s+applicable\b|n/a\b|none\.?\s*$)", re.I)
NOT_AVAILABLE = re.compile(r"^\s*(?:not\s+available\b|none\b|-+\s*$|—\s*$)", re.I)  # "Higher privileged: Not available."
# what a scope column's header says beyond "permissions": its context ("acting on self")
_COLUMN_NOISE = re.compile(r"\b(?:permissions?|scopes?|from\s+(?:least|most)\s+to\s+(?:most|least)\s+privileged|privileged)\b|[()\[\]:,]", re.I)
_TODO = re.compile(r"\bTODO\b", re.I)
_SCENARIO = re.compile(r"^\s*(?:for|in|if|when)\s+([^:]+?)\s*:\s*(.*)$", re.I)
# a line that only joins what follows to what came before: "In addition:", "And:", "Also:"
_CONNECTOR = re.compile(r"^\s*(?:in\s+addition|and|also|plus)\s*[:,]?\s*$", re.I)
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


def scope_sets(text: str) -> tuple[list[list[str]], list[str]]:
    """(alternatives in the order written, footnoted scopes) of plain text: scopes joined by
    "and"/"+"/"&" form one alternative; a ``*`` right after a scope is a footnote marker."""
    sets: list[list[str]] = []
    footnoted: list[str] = []
    prev_end: int | None = None
    for m in SCOPE.finditer(text):
        scope = m.group(0)
        if prev_end is not None and sets and _ALL_OF.match(text[prev_end : m.start()]):
            if scope not in sets[-1]:
                sets[-1].append(scope)
        else:
            sets.append([scope])
        end = m.end()
        f = _FOOTNOTE.match(text[end:])
        if f:
            footnoted.append(scope)
            end += f.end()
        prev_end = end
    unique: list[list[str]] = []
    for st in sets:
        if st not in unique:
            unique.append(st)
    return unique, list(dict.fromkeys(footnoted))


def scopes_of(cell: str, order: PermissionOrder) -> tuple[list[str], str]:
    """(scopes least->most, status) of a scopes cell."""
    sets, status, _ = alternatives_of(cell, order)
    return flat(sets), status


def alternatives_of(cell: str, order: PermissionOrder) -> tuple[list[list[str]], str, list[str]]:
    """(alternatives least->most, status, footnoted scopes) of a scopes cell."""
    text = inline.plain(cell)
    if _TODO.search(text):
        return [], "todo", []
    if _NOT_SUPPORTED.match(text):
        return [], "not_supported", []
    if _NOT_APPLICABLE.match(text):
        return [], "not_applicable", []
    sets, footnoted = scope_sets(text)
    if not sets:
        return [], "unspecified", []
    if order == "most_to_least":
        sets.reverse()
    return sets, "supported", footnoted


def flat(sets: list[list[str]]) -> list[str]:
    return list(dict.fromkeys(s for st in sets for s in st))


def column_context(header_cell: str) -> str | None:
    """The context a scope column's header names: ``Permissions (acting on self)`` -> "acting on
    self"; None for a plain ``Permissions (from least to most privileged)``."""
    rest = " ".join(_COLUMN_NOISE.sub(" ", inline.plain(header_cell)).split())
    return rest or None


def scenarios(cell: str) -> list[tuple[str | None, str]]:
    """A scopes cell split into scenarios: ``For **user** resource: A, B<br/><br/>For **group**
    resource:<br/>C`` -> [("user resource", "A, B"), ("group resource", "C")]. A cell without
    ``For x:``/``In x:`` labels is one scenario with no label."""
    parts: list[list[str | None]] = []
    for segment in inline.split_lines(cell):
        text = inline.plain(segment)
        if _CONNECTOR.match(text):
            continue
        m = _SCENARIO.match(text)
        if m and not SCOPE.search(m.group(1)):
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
