"""Cells of a flattened plain-text table row.

The published site's copy gives a table row as one line. When the copy kept tabs, they bound the
cells (an empty cell stays, as an empty string). Otherwise cells are joined by white space only, and
a row is cut where the grammar of its cells says, never by guessing widths: a cell holds *items*
(for permission tables: scope names and ``Not supported.``-like tokens, see permissions.py) joined
inside the cell by commas, "and", "+" or other words, so two cells meet where two items stand apart
with nothing but white space between them.
"""

from __future__ import annotations

import re


def tab_bound(row: str) -> bool:
    """Whether the copy kept the row's cells apart with tabs (leading indentation aside)."""
    return "\t" in row.strip()


def by_tabs(row: str) -> list[str]:
    return [c.strip() for c in row.strip().split("\t")]


def cut(text: str, items: re.Pattern[str], width: int) -> tuple[list[str], int]:
    """(at most ``width`` cells, how many the text holds) of white-space-joined ``text``: a cut at
    each white-space-only gap between two items. Beyond ``width`` the last cell keeps the rest."""
    starts = [0]
    prev: re.Match[str] | None = None
    for m in items.finditer(text):
        if prev is not None:
            gap = text[prev.end() : m.start()]
            if gap and not gap.strip():
                starts.append(m.start())
        prev = m
    found = len(starts)
    starts = starts[: max(width, 1)]
    ends = starts[1:] + [len(text)]
    return [text[a:b].strip() for a, b in zip(starts, ends)], found


def lead(text: str, items: re.Pattern[str]) -> tuple[str, str]:
    """(the text before the first item, the rest): the context cell a row opens with."""
    m = items.search(text)
    at = m.start() if m else len(text)
    return text[:at].strip(), text[at:]
