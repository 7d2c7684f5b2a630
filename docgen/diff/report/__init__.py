"""Renderers of a diff report: text (terminal), Markdown (PR comment), JSON, GitHub annotations,
changelog (release notes). Each is a pure function ``Report -> str``; none prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from ..allow import Entry
from ..findings import Finding
from ..rules import LEVEL_RANK, LEVELS


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


MARKDOWN_LIMIT = 65_536  # GitHub's limit for a pull-request comment, in characters
MAX_ANNOTATIONS = 50  # GitHub shows 10 annotations per kind per step, 50 per run


def render(fmt: str, report: Report, *, color: bool = False, limit: int | None = None, full_report: str | None = None,
           max_annotations: int = MAX_ANNOTATIONS) -> str:
    """``limit``: the most characters of Markdown (None: the complete report); ``full_report``: where
    the complete report is, named when the Markdown is cut; ``max_annotations``: GitHub annotations."""
    fn = _renderers()[fmt]
    if fmt == "text":
        return fn(report, color=color)
    if fmt == "markdown":
        return fn(report, limit=limit, full_report=full_report)
    if fmt == "github":
        return fn(report, max_annotations=max_annotations)
    return fn(report)


def severity(f: Finding) -> tuple[int, int]:
    """Sort key, most severe first: not allowed before allowed, then level."""
    return (1 if f.allowed else 0, -LEVEL_RANK[f.level])


def area(f: Finding) -> str:
    """Where a finding belongs in release notes: an operation's top-level path segment (``users``,
    ``groups``, ``deviceManagement``; ``workbook`` for Excel; ``me`` is ``users``), Intune pages'
    workload, a type's namespace."""
    if f.kind == "type":
        return f"types: {f.subject.rsplit('.', 1)[0]}" if "." in f.subject else "types"
    if f.page.startswith("intune-") and f.page.count("-") >= 2:
        return f"deviceManagement (Intune {f.page.split('-')[1]})"
    path = (f.label or f.subject).partition(" ")[2]
    segs = [s for s in path.strip("/").split("/") if s]
    if any(s.lower() == "workbook" for s in segs):
        return "workbook (Excel)"
    first = segs[0] if segs else "(root)"
    return "users" if first.lower() == "me" else first.split("(")[0]


def resource(f: Finding) -> str:
    """The resource a finding is about: the type's name, or the resource of the operation's page
    (Graph's page ids are ``<resource>-<action>``, Intune's ``intune-<workload>-<resource>-<action>``)."""
    if f.kind == "type":
        return f.subject.rsplit(".", 1)[-1]
    parts = f.page.split("-")
    if parts[0] == "intune" and len(parts) >= 3:
        return parts[2]
    return parts[0] if parts[0] else area(f)


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
