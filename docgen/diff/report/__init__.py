"""Renderers of a diff report: text (terminal), Markdown (PR comment), JSON, GitHub annotations,
changelog (release notes). Each is a pure function ``Report -> str``; none prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from ..allow import Entry
from ..findings import Finding
from ..rules import LEVELS


@dataclass(slots=True)
class Report:
    base: str  # the inputs as given
    revision: str
    findings: list[Finding]  # shown findings, sorted (docs-only ones already filtered out unless asked)
    unused_allow: list[Entry] = field(default_factory=list)
    git_prefixes: tuple[str, ...] = ()  # "REV:" prefixes to strip for annotations on workspace files

    def counts(self) -> dict[str, int]:
        c: dict[str, int] = {lvl: 0 for lvl in LEVELS}
        for f in self.findings:
            if not f.allowed:
                c[f.level] += 1
        c["allowed"] = sum(1 for f in self.findings if f.allowed)
        return c

    def summary(self) -> str:
        c = self.counts()
        total = len(self.findings)
        if not total:
            return "no changes"
        parts = [f"{c['breaking']} breaking", f"{c['potentially-breaking']} potentially breaking", f"{c['non-breaking']} non-breaking"]
        tail = f" ({c['allowed']} allowed)" if c["allowed"] else ""
        return f"{total} change{'s' if total != 1 else ''}: {', '.join(parts)}{tail}"


def _renderers() -> dict[str, Callable[..., str]]:
    from . import machine, markdown, text

    return {
        "text": text.render,
        "markdown": markdown.render,
        "json": machine.render_json,
        "github": machine.render_github,
        "changelog": text.render_changelog,
    }


FORMATS = ("text", "markdown", "json", "github", "changelog")


def render(fmt: str, report: Report, *, color: bool = False) -> str:
    fn = _renderers()[fmt]
    return fn(report, color=color) if fmt == "text" else fn(report)


def where(f: Finding) -> str:
    """``old file:line -> new file:line`` (either side may be missing)."""
    o = f"{f.old_source.file}:{f.old_source.line}" if f.old_source else None
    n = f"{f.new_source.file}:{f.new_source.line}" if f.new_source else None
    if o and n:
        return f"{o} -> {n}"
    return o or n or ""


def grouped(findings: list[Finding]) -> list[tuple[str, list[Finding]]]:
    """Findings by subject (operations first, then types), in sorted order."""
    out: list[tuple[str, list[Finding]]] = []
    for f in findings:
        if out and out[-1][1][0].subject == f.subject and out[-1][1][0].kind == f.kind:
            out[-1][1].append(f)
        else:
            out.append((f.display_subject, [f]))
    return out
