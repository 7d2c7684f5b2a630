"""Allow-list: accepted changes, one per line, each with a reason.

Format (plain text, UTF-8)::

    # comments and blank lines are ignored
    3f2a9c0d12ab34cd  # users.list now needs User.Read.All: agreed with the SDK team (#1234)

A line is a 16-hex-digit fingerprint (as printed by ``docgen diff``), white space, ``#`` and a
reason. A line without a reason, or that is not a fingerprint, is an error (exit 2). An entry that
matches no finding of the run is reported as unused, so stale entries can be deleted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .findings import Finding

_LINE = re.compile(r"^([0-9a-fA-F]{16})\s+#\s*(\S.*?)\s*$")


class AllowListError(Exception):
    pass


@dataclass(frozen=True, slots=True)
class Entry:
    fingerprint: str
    reason: str
    line: int


def parse(text: str, name: str = "allow-list") -> list[Entry]:
    entries: list[Entry] = []
    seen: set[str] = set()
    errors = []
    for i, raw in enumerate(text.splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = _LINE.match(line)
        if not m:
            hint = "a reason is required: `<fingerprint>  # <reason>`" if re.match(r"^[0-9a-fA-F]{16}\s*(#\s*)?$", line) else "expected `<16-hex fingerprint>  # <reason>`"
            errors.append(f"{name}:{i}: {hint}")
            continue
        fp = m.group(1).lower()
        if fp in seen:
            errors.append(f"{name}:{i}: fingerprint {fp} is listed twice")
            continue
        seen.add(fp)
        entries.append(Entry(fp, m.group(2), i))
    if errors:
        raise AllowListError("\n".join(errors))
    return entries


def load(path: str | Path) -> list[Entry]:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise AllowListError(f"{path}: cannot read allow-list: {e}") from e
    return parse(text, str(path))


def apply(findings: list[Finding], entries: list[Entry]) -> list[Entry]:
    """Mark allowed findings (``finding.allowed = reason``); return the entries that matched nothing."""
    by_fp = {e.fingerprint: e for e in entries}
    used: set[str] = set()
    for f in findings:
        e = by_fp.get(f.fingerprint)
        if e is not None:
            f.allowed = e.reason
            used.add(e.fingerprint)
    return [e for e in entries if e.fingerprint not in used]
