"""Machine output: JSON (schema in docs/diff.md) and GitHub workflow annotations."""

from __future__ import annotations

import json

from ...ir.model import Source
from ..rules import RULES
from . import MAX_ANNOTATIONS, Report, severity

SCHEMA = "docgen-diff/1"


def _src(s: Source | None) -> dict | None:
    return None if s is None else {"file": s.file, "line": s.line}


def render_json(report: Report) -> str:
    c = report.counts()
    data = {
        "schema": SCHEMA,
        "base": report.base,
        "revision": report.revision,
        "summary": {"total": len(report.findings), **c},
        "findings": [
            {
                "fingerprint": f.fingerprint,
                "rule": f.rule,
                "level": f.level,
                "change": RULES[f.rule].change,
                "kind": f.kind,
                "subject": f.subject,
                "label": f.display_subject,
                "detail": f.detail,
                "message": f.message,
                "old": f.old,
                "new": f.new,
                "base": _src(f.old_source),
                "revision": _src(f.new_source),
                "allowed": f.allowed,
            }
            for f in report.findings
        ],
        "unused_allow": [{"fingerprint": e.fingerprint, "reason": e.reason, "line": e.line} for e in report.unused_allow],
    }
    return json.dumps(data, indent=1, ensure_ascii=False) + "\n"


def _escape(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _prop(s: str) -> str:
    return _escape(s).replace(":", "%3A").replace(",", "%2C")


def render_github(report: Report, max_annotations: int = MAX_ANNOTATIONS) -> str:
    """Annotations for the most severe findings only (``max_annotations``; breaking first, allowed
    last), then one summary notice with the counts and how many were not annotated."""
    kinds = {"breaking": "error", "potentially-breaking": "warning", "non-breaking": "notice"}
    lines = []
    chosen = sorted(report.findings, key=severity)[: max(max_annotations, 0)]
    for f in chosen:
        src = f.new_source or f.old_source
        kind = "notice" if f.allowed else kinds[f.level]
        title = f"{f.rule} ({f.level})"
        msg = f"{f.display_subject}: {f.message} [{f.fingerprint}]" + (f" (allowed: {f.allowed})" if f.allowed else "")
        if src is None:
            lines.append(f"::{kind} title={_prop(title)}::{_escape(msg)}")
            continue
        file = src.file
        for p in report.git_prefixes:
            if file.startswith(p):
                file = file[len(p):]
                break
        lines.append(f"::{kind} file={_prop(file)},line={src.line},title={_prop(title)}::{_escape(msg)}")
    rest = len(report.findings) - len(chosen)
    more = f"; {rest} more not annotated (the most severe {len(chosen)} are): see --format text, json or markdown" if rest else ""
    lines.append(f"::notice title={_prop('docgen diff')}::{_escape(report.summary() + more)}")
    return "\n".join(lines) + "\n"
