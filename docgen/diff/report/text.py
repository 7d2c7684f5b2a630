"""Text output (grouped by operation and type; colour on a terminal only) and the changelog view."""

from __future__ import annotations

import click

from ..findings import Finding
from ..rules import RULE_ORDER, RULES
from . import Report, area, grouped, resource, where

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


_SECTIONS = (("added", "Added"), ("changed", "Changed"), ("removed", "Removed"), ("deprecated", "Deprecated"))


def _member(f: Finding) -> str:
    """``widget.size`` for a member's change, ``widget`` for the type's own."""
    name = f.subject.rsplit(".", 1)[-1]
    kind, _, member = f.detail.partition(" ")
    if member and kind in ("property", "relationship", "member"):
        return f"`{name}.{member}` ({kind})"
    return f"`{name}`"


def _line(f: Finding) -> str:
    mark = " **(breaking)**" if f.level == "breaking" else " *(potentially breaking)*" if f.level == "potentially-breaking" else ""
    if f.kind == "type":
        return f"- {_member(f)}: {f.message}{mark}"
    what = f"**{f.title}**: `{f.display_subject}`" if f.title else f"`{f.display_subject}`"
    return f"- {what}: {f.message}{mark}"


def render_changelog(report: Report) -> str:
    """Release notes: one section per area (``users``, ``workbook (Excel)``, ``types: microsoft.graph``...),
    Added / Changed / Removed / Deprecated in each, one line per change naming the operation by its
    page title and path, or the type and member; lines sorted by resource."""
    lines = [f"# Release notes: {report.base} → {report.revision}", "", report.summary(), ""]
    if not report.findings:
        lines.append("No changes.")
    by_area: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_area.setdefault(area(f), []).append(f)
    order = sorted(by_area, key=lambda a: (a.startswith("types"), a.lower()))
    for name in order:
        items = by_area[name]
        lines += [f"## {name}", ""]
        for change, title in _SECTIONS:
            chosen = [f for f in items if RULES[f.rule].change == change]
            if not chosen:
                continue
            chosen.sort(key=lambda f: (resource(f).lower(), f.title.lower(), f.display_subject.lower(), RULE_ORDER[f.rule], f.detail))
            lines += [f"### {title}", ""]
            lines += [_line(f) for f in chosen]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
