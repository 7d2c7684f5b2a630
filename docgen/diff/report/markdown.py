"""Markdown output, for a pull-request comment that fits GitHub's 65,536 characters.

A summary line, a table of counts by resource and level (most breaking first), the breaking
findings in a table, the others collapsed (``<details>``), one section per level. With ``limit``,
rows stop before the limit and a last line says how many findings are not shown and where the
complete report is (``full_report``); without it the report is complete.
"""

from __future__ import annotations

from collections import Counter

from ..findings import Finding
from ..rules import LEVELS
from . import Report, resource, where

_TITLE = {"breaking": "Breaking", "potentially-breaking": "Potentially breaking", "non-breaking": "Non-breaking"}
_HEAD = ["| Subject | Change | Rule | Where | Fingerprint |", "|---|---|---|---|---|"]
_RESOURCES = 25  # rows of the summary table


def _cell(s: str) -> str:
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").replace("`", "'")


def _row(f: Finding) -> str:
    msg = _cell(f.message) + (f" *(allowed: {_cell(f.allowed)})*" if f.allowed else "")
    return f"| `{_cell(f.display_subject)}` | {msg} | `{f.rule}` | `{_cell(where(f))}` | `{f.fingerprint}` |"


def _summary_table(report: Report) -> list[str]:
    counts: dict[str, Counter[str]] = {}
    for f in report.findings:
        if not f.allowed:
            counts.setdefault(resource(f), Counter())[f.level] += 1
    if not counts:
        return []
    order = sorted(counts, key=lambda r: (*(-counts[r][lvl] for lvl in LEVELS), r))
    lines = ["| Resource | Breaking | Potentially breaking | Non-breaking |", "|---|---:|---:|---:|"]
    for r in order[:_RESOURCES]:
        c = counts[r]
        lines.append(f"| `{_cell(r)}` | {c['breaking']} | {c['potentially-breaking']} | {c['non-breaking']} |")
    if len(order) > _RESOURCES:
        rest = Counter[str]()
        for r in order[_RESOURCES:]:
            rest.update(counts[r])
        lines.append(f"| *{len(order) - _RESOURCES} more resources* | {rest['breaking']} | {rest['potentially-breaking']} | {rest['non-breaking']} |")
    return lines + [""]


def render(report: Report, limit: int | None = None, full_report: str | None = None) -> str:
    head = [f"### docgen diff: `{_cell(report.base)}` → `{_cell(report.revision)}`", "", f"**{report.summary()}**", ""]
    head += _summary_table(report)
    tail: list[str] = []
    if report.unused_allow:
        tail += ["#### Unused allow-list entries", ""]
        tail += [f"- `{e.fingerprint}` (line {e.line}): {_cell(e.reason)}" for e in report.unused_allow]
        tail.append("")
    # the cut line is at most this long; reserve it whenever a limit is set
    reserve = 400 + len(full_report or "")
    budget = None if limit is None else limit - reserve - sum(len(x) + 1 for x in head + tail)
    body: list[str] = []
    shown: Counter[str] = Counter()
    used = 0
    full = True
    for level in LEVELS:
        items = [f for f in report.findings if f.level == level]
        if not items:
            continue
        collapsed = level != "breaking"
        opening = ([f"<details><summary>{_TITLE[level]} ({len(items)})</summary>", ""] if collapsed else [f"#### {_TITLE[level]} ({len(items)})", ""])
        closing = ["", "</details>", ""] if collapsed else [""]
        frame = sum(len(x) + 1 for x in opening + _HEAD + closing)
        if budget is not None and used + frame > budget:
            full = False
            break
        rows: list[str] = []
        size = frame
        for f in items:
            row = _row(f)
            if budget is not None and used + size + len(row) + 1 > budget:
                full = False
                break
            rows.append(row)
            size += len(row) + 1
        if rows:
            body += opening + _HEAD + rows + closing
            used += size
            shown[level] += len(rows)
        if not full:
            break
    lines = head + body
    if not full:
        total = Counter(f.level for f in report.findings)
        missing = {lvl: total[lvl] - shown[lvl] for lvl in LEVELS if total[lvl] - shown[lvl]}
        what = ", ".join(f"{n} {lvl}" for lvl, n in missing.items())
        where_ = f"the complete report: `{_cell(full_report)}`" if full_report else "the complete report: `docgen diff ... --format markdown -o FILE`"
        lines += [f"**{sum(missing.values())} more findings not shown** ({what}): {where_}.", ""]
    lines += tail
    return "\n".join(lines).rstrip("\n") + "\n"
