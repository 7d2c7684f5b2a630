"""Text output (grouped by operation and type; colour on a terminal only) and the changelog view."""

from __future__ import annotations

import click

from ..rules import RULES
from . import Report, grouped, where

_COLOURS = {"breaking": "red", "potentially-breaking": "yellow", "non-breaking": "green"}


def render(report: Report, *, color: bool = False) -> str:
    def style(s: str, **kw: object) -> str:
        return click.style(s, **kw) if color else s  # type: ignore[arg-type]

    lines: list[str] = []
    for subject, items in grouped(report.findings):
        kind = items[0].kind
        lines.append(style(f"{subject}", bold=True) + f"  ({kind})")
        for f in items:
            level = style(f"{f.level:<20}", fg=_COLOURS[f.level])
            tail = f"  (allowed: {f.allowed})" if f.allowed else ""
            lines.append(f"  {level} {f.rule}: {f.message}{tail}")
            lines.append(style(f"  {'':<20} {where(f)}  [{f.fingerprint}]", dim=True))
    for e in report.unused_allow:
        lines.append(f"allow-list entry {e.fingerprint} (line {e.line}) matched no change: {e.reason}")
    lines.append(report.summary())
    return "\n".join(lines) + "\n"


_TITLES = {"added": "Added", "changed": "Changed", "removed": "Removed"}


def render_changelog(report: Report) -> str:
    """Release notes: per resource (operation or type), what was added, changed and removed."""
    lines = [f"# Changes from {report.base} to {report.revision}", ""]
    if not report.findings:
        lines.append("No changes.")
    for subject, items in grouped(report.findings):
        lines.append(f"## {subject}")
        lines.append("")
        for change in ("added", "changed", "removed"):
            chosen = [f for f in items if RULES[f.rule].change == change]
            if not chosen:
                continue
            lines.append(f"### {_TITLES[change]}")
            lines.append("")
            for f in chosen:
                mark = " **(breaking)**" if f.level == "breaking" else " *(potentially breaking)*" if f.level == "potentially-breaking" else ""
                lines.append(f"- {f.message}{mark}")
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
