"""National clouds: which of them serve an API, from the docs' availability table (``Global
service | US Government L4 | US Government L5 (DOD) | China operated by 21Vianet`` over a row of
✅/❌, Markdown or the site's plain text) or from the well-known include file names."""

from __future__ import annotations

import re

# national clouds, in the order of the docs' availability table
CLOUDS = ("global", "us_gov_l4", "us_gov_l5", "china")
_CLOUD_COLUMNS = [
    (re.compile(r"global\s+service", re.I), "global"),
    (re.compile(r"\bL4\b|high", re.I), "us_gov_l4"),
    (re.compile(r"\bL5\b|dod", re.I), "us_gov_l5"),
    (re.compile(r"china|21vianet", re.I), "china"),
]
CLOUD_FILES = {
    "all-clouds.md": ["global", "us_gov_l4", "us_gov_l5", "china"],
    "global-only.md": ["global"],
    "global-us.md": ["global", "us_gov_l4", "us_gov_l5"],
    "global-china.md": ["global", "china"],
}
_YES = re.compile(r"✅|✔|\byes\b", re.I)


def clouds_of_table(text: str) -> list[str] | None:
    """National clouds from an availability table (``Global service | US Government L4 | ... ``
    then a row of ✅/❌), Markdown or plain text; None when ``text`` holds no such table."""
    rows = [r for r in text.split("\n") if r.strip() and not re.match(r"^\s*\|?\s*:?-{3,}", r)]
    for i, row in enumerate(rows[:-1]):
        cells = _cells(row)
        columns = [_cloud_column(c) for c in cells]
        if "global" not in columns:
            continue
        marks = _cells(rows[i + 1])
        if len(marks) != len(cells):
            continue
        return [c for c in CLOUDS if any(col == c and _YES.search(m) for col, m in zip(columns, marks))]
    return None


def _cells(row: str) -> list[str]:
    s = row.strip()
    if "|" in s:
        return [c.strip() for c in s.strip("|").split("|")]
    return [c.strip() for c in re.split(r"\t+|\s{2,}", s) if c.strip()] if ("\t" in s or "  " in s) else _split_marks(s)


def _split_marks(s: str) -> list[str]:
    if set(s.replace(" ", "")) <= {"✅", "❌", "✔", "✖"}:
        return s.split()
    # "Global service US Government L4 US Government L5 (DOD) China operated by 21Vianet"
    out, rest = [], s
    for pattern in (r"Global service", r"US Government L4", r"US Government L5(?:\s*\(DOD\))?", r"China operated by 21Vianet"):
        m = re.match(r"\s*(" + pattern + r")", rest, re.I)
        if not m:
            return [s]
        out.append(m.group(1))
        rest = rest[m.end():]
    return out if not rest.strip() else [s]


def _cloud_column(cell: str) -> str | None:
    for pattern, name in _CLOUD_COLUMNS:
        if pattern.search(cell):
            return name
    return None
