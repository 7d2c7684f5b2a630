"""Markdown output, for a pull-request comment: a summary line and one table per level."""

from __future__ import annotations

from ..rules import LEVELS
from . import Report, where

_TITLE = {"breaking": "Breaking", "potentially-breaking": "Potentially breaking", "non-breaking": "Non-breaking"}


def _cell(s: str) -> str:
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("`", "'")


def render(report: Report) -> str:
    lines = [f"### docgen diff: `{_cell(report.base)}` → `{_cell(report.revision)}`", "", f"**{report.summary()}**", ""]
    for level in LEVELS:
        items = [f for f in report.findings if f.level == level]
        if not items:
            continue
        lines += [f"#### {_TITLE[level]} ({len(items)})", "", "| Subject | Change | Rule | Where | Fingerprint |", "|---|---|---|---|---|"]
        for f in items:
            msg = _cell(f.message) + (f" *(allowed: {_cell(f.allowed)})*" if f.allowed else "")
            lines.append(f"| `{_cell(f.display_subject)}` | {msg} | `{f.rule}` | `{_cell(where(f))}` | `{f.fingerprint}` |")
        lines.append("")
    if report.unused_allow:
        lines += ["#### Unused allow-list entries", ""]
        lines += [f"- `{e.fingerprint}` (line {e.line}): {_cell(e.reason)}" for e in report.unused_allow]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
