"""The Permissions section of a plain-text page (plaintext.py reads the page; permissions.py the
permissions): what the site's copy leaves of permission table headers, of the sub-headings that
open a list of permissions, and of list items.

* a scope column's header opens with "Permission(s)" outside parentheses, so ``Permission type
  Permissions acting on self (...) Permissions acting on others (...)`` is three cells;
* a transposed table's header is a first cell and two or more permission types
  (``Supported resource Delegated (work or school account) ... Application``);
* tabs, where the copy kept them, bound the cells;
* ``Permissions for specific scenarios`` (:data:`LIST_HEADINGS`) opens a list whose items are the
  lines after it; a list marker a copy kept (:data:`BULLET`) is dropped.
"""

from __future__ import annotations

import re

from .scopes import SCOPE

# the permission types a transposed table's header names after its first cell
_TYPE_CELL = re.compile(r"Delegated\s*\((?:work\s+or\s+school|personal\s+Microsoft)\s+accounts?\)|Delegated|Application")
# a scope column's header cell opens with "Permission(s)" outside parentheses
_SCOPE_COLUMN = re.compile(r"\(|\)|\bpermissions?\b", re.I)
# sub-headings of the Permissions section that open a list of permission items
LIST_HEADINGS: list[re.Pattern[str]] = [
    re.compile(r"^permissions\s+for\s+specific\s+scenarios\s*:?$", re.I),
]
# a list marker a copy may keep at the start of an item: bullets, dashes, "1." / "1)"
BULLET = re.compile(r"^(?:[\u2022\u25e6\u25aa\u25ab\u2023\u2043\u2219\u00b7*\-\u2013]|\d{1,3}[.)])\s+")


# a list item whose marker the copy dropped: "If accessing attachments in messages: Mail.Read."
# (a scenario, a colon, and nothing but scope names after it)
_SCENARIO_ITEM = re.compile(r"^(?:if|for|in|when)\b[^:]{1,120}:\s*(?P<rest>\S.*)$", re.I)
_BETWEEN_SCOPES = re.compile(r"\s*(?:,|\bor\b|\band\b)\s*|\s+", re.I)


def is_scenario_item(line: str) -> bool:
    """``If accessing attachments in messages: Mail.Read.``: an item of a list of scenarios, its
    bullet gone in the copy; the text after the colon is scope names only."""
    m = _SCENARIO_ITEM.match(line)
    if m is None:
        return False
    words = [w for w in _BETWEEN_SCOPES.split(m.group("rest").strip().rstrip(".")) if w]
    return bool(words) and all(SCOPE.fullmatch(w) for w in words)


def opens_list(line: str) -> bool:
    return any(p.match(line) for p in LIST_HEADINGS)


def scope_headers(text: str) -> list[str]:
    """The scope columns' cells of a ``Permission type ...`` header after its first cell:
    ``Permissions acting on self (from least to most privileged) Permissions acting on others
    (...)`` -> two cells, ``Permissions (from least to most privileged)`` -> one."""
    if "\t" in text:
        return [c.strip() for c in text.split("\t") if c.strip()]
    bounds, depth = [0], 0
    for m in _SCOPE_COLUMN.finditer(text):
        if m.group(0) in "()":
            depth = max(0, depth + (1 if m.group(0) == "(" else -1))
        elif depth == 0 and m.start():
            bounds.append(m.start())
    bounds.append(len(text))
    return [text[a:b].strip() for a, b in zip(bounds, bounds[1:]) if text[a:b].strip()]


def transposed_header(line: str) -> list[str] | None:
    """``Supported resource Delegated (work or school account) Delegated (personal Microsoft
    account) Application`` -> its cells: the line ends in two or more permission types apart by
    white space only, after a first cell of its own; else None."""
    types: list[str] = []
    end = len(line)
    for m in reversed(list(_TYPE_CELL.finditer(line))):
        gap = line[m.end() : end]
        apart = not gap.strip() and (bool(gap) if types else not gap)  # the last type ends the line
        if not apart:
            break
        types.insert(0, m.group(0))
        end = m.start()
    first = line[:end]
    if len(types) < 2 or not first.strip() or first == first.rstrip():
        return None
    return [first.strip(), *types]
