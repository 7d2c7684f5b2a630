"""Endpoint-level findings: what left, arrived, moved or was rewritten, judged across the revision.

* ``operation-removed`` / ``operation-added``: an endpoint (:func:`match.endpoint_key`) no page of
  the other side documents, with no line of a related page standing for it;
* ``operation-path-changed`` / ``path-parameter-added`` / ``-removed``: a removed line paired with an
  added one by best match (:func:`match.pair_lines`);
* ``request-line-notation-changed``: the lines of a pair of pages were rewritten, the endpoints are
  the same (relative -> absolute, ``/me`` <-> ``/users/{id}``, ``root:/{path}:`` <-> ``items/{id}``): one
  finding per pair of pages, whatever the number of lines;
* ``request-query-added`` / ``-removed``: a query template on a request line (``?includeHiddenFolders=true``);
* function arguments spelled in a request line are parameters (``required-parameter-added`` etc.,
  detail ``parameter NAME``), unless a parameter table of either side names them (then the table
  rules say it);
* ``operation-documented-elsewhere`` (docs-only): a page no longer documents an endpoint that other
  pages still document.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

from ..ir.model import Operation, RequestLine, Source
from ..ir.paths import function_template, split_path
from .match import EndpointKey, Endpoints, LinePair, _call_name, normalise_path


class Out(Protocol):
    def add(self, rule: str, subject: str, detail: str, message: str, old: object = None, new: object = None,
            old_source: Source | None = None, new_source: Source | None = None, label: str = "") -> None: ...


def first_line(side: Endpoints, op: Operation, key: EndpointKey) -> RequestLine:
    return side.lines_of[(id(op), key)][0]


def subject_of(r: RequestLine) -> str:
    return f"{r.method.upper()} {normalise_path(r.path)}"


def label_of(r: RequestLine) -> str:
    return f"{r.method.upper()} {r.path}"


def removed_added(out: Out, eo: Endpoints, en: Endpoints, lines: list[LinePair]) -> None:
    paired_old = {p.old for p in lines}
    paired_new = {p.new for p in lines}
    for p in lines:
        if p.notation:
            continue
        a = first_line(eo, p.old_op, p.old)
        b = first_line(en, p.new_op, p.new)
        before, after = p.old[1].count("{}"), p.new[1].count("{}")
        rule = "path-parameter-added" if after > before else "path-parameter-removed" if after < before else "operation-path-changed"
        what = {"path-parameter-added": "gained a path parameter", "path-parameter-removed": "lost a path parameter",
                "operation-path-changed": "moved"}[rule]
        out.add(rule, subject_of(a), subject_of(b), f"{a.method.upper()} {a.path} {what}: now {b.method.upper()} {b.path}",
                old=a.path, new=b.path, old_source=a.source, new_source=b.source, label=label_of(a))
    for k, entries in eo.by_key.items():
        if k not in en.by_key and k not in paired_old:
            _, line = entries[0]
            out.add("operation-removed", subject_of(line), "", "operation removed",
                    old=label_of(line), old_source=line.source, label=label_of(line))
    for k, entries in en.by_key.items():
        if k not in eo.by_key and k not in paired_new:
            _, line = entries[0]
            out.add("operation-added", subject_of(line), "", "operation added",
                    new=label_of(line), new_source=line.source, label=label_of(line))


def _shape(r: RequestLine) -> str:
    """A line as written, arguments and placeholder names left out: what a notation change changes."""
    segs = [_call_name(function_template(s)) for s in split_path(r.path)]
    return f"{r.method.upper()} {normalise_path('/'.join(segs))}"


def notation(out: Out, subj: str, label: str, eo: Endpoints, en: Endpoints, o: Operation, n: Operation,
             keys: list[EndpointKey], relative: list[LinePair]) -> None:
    """One finding when the pair's lines for the same endpoints are written differently."""
    gone: dict[str, RequestLine] = {}
    came: dict[str, RequestLine] = {}
    for k in keys:
        wo = {_shape(r): r for r in eo.lines_of.get((id(o), k), [])}
        wn = {_shape(r): r for r in en.lines_of.get((id(n), k), [])}
        for w in wo.keys() - wn.keys():
            gone.setdefault(w, wo[w])
        for w in wn.keys() - wo.keys():
            came.setdefault(w, wn[w])
    for p in relative:
        for r in eo.lines_of.get((id(o), p.old), []):
            gone.setdefault(_shape(r), r)
        for r in en.lines_of.get((id(n), p.new), []):
            came.setdefault(_shape(r), r)
    if not gone or not came:
        return  # lines only dropped (another alias stays) or only added: nothing rewritten
    old_lines = [label_of(gone[w]) for w in sorted(gone)]
    new_lines = [label_of(came[w]) for w in sorted(came)]
    first_old = min((r for r in gone.values()), key=lambda r: (r.source.line if r.source else 0))
    first_new = min((r for r in came.values()), key=lambda r: (r.source.line if r.source else 0))
    out.add("request-line-notation-changed", subj, "",
            f"request lines rewritten, same endpoints: {', '.join(old_lines)} -> {', '.join(new_lines)}",
            old="; ".join(old_lines), new="; ".join(new_lines), old_source=first_old.source, new_source=first_new.source, label=label)


_QUERY_NAME = re.compile(r"\s*([A-Za-z_$][A-Za-z0-9_.$-]*)")


def _query_names(op: Operation) -> dict[str, tuple[str, RequestLine]]:
    out: dict[str, tuple[str, RequestLine]] = {}
    for r in op.requests:
        for part in (r.query or "").split("&"):
            m = _QUERY_NAME.match(part)
            if m:
                out.setdefault(m.group(1).casefold(), (m.group(1), r))
    return out


def query_templates(out: Out, subj: str, label: str, o: Operation, n: Operation) -> None:
    """Query parameters shown in request lines; those a parameter table or the OData options of
    either side name are reported by the table rules (one finding per change)."""
    said = _tabled(o) | _tabled(n) | {q.casefold() for q in o.query_options + n.query_options}
    qo = {k: v for k, v in _query_names(o).items() if k not in said}
    qn = {k: v for k, v in _query_names(n).items() if k not in said}
    for k in sorted(qo.keys() - qn.keys()):
        name, r = qo[k]
        out.add("request-query-removed", subj, f"query {name}", f"request line no longer shows query parameter {name}: {label_of(r)}?{r.query}",
                old=r.query, old_source=r.source, new_source=n.source, label=label)
    for k in sorted(qn.keys() - qo.keys()):
        name, r = qn[k]
        out.add("request-query-added", subj, f"query {name}", f"request line shows query parameter {name}: {label_of(r)}?{r.query}",
                new=r.query, old_source=o.source, new_source=r.source, label=label)


_ARG = re.compile(r"\s*([A-Za-z_][A-Za-z0-9_]*)\s*=")


def _arguments(op: Operation) -> tuple[dict[str, tuple[str, RequestLine]], dict[str, int], dict[str, int]]:
    """Arguments written in the request lines: casefolded (function, name) -> (name, line); how many
    lines call each function; how many lines write each argument."""
    args: dict[str, tuple[str, RequestLine]] = {}
    calls: dict[str, int] = {}
    writes: dict[str, int] = {}
    for r in op.requests:
        for seg in split_path(r.path):
            name = _call_name(seg)
            if name == seg or not seg.endswith(")"):
                continue
            fn = name.casefold()
            calls[fn] = calls.get(fn, 0) + 1
            inner = seg[len(name) + 1 : -1]
            for part in inner.split(","):
                m = _ARG.match(part)
                if m:
                    key = f"{fn}\x1f{m.group(1).casefold()}"
                    args.setdefault(key, (m.group(1), r))
                    writes[key] = writes.get(key, 0) + 1
    return args, calls, writes


def _tabled(op: Operation) -> set[str]:
    names = {p.name.casefold() for p in op.parameters}
    if op.request_body is not None:
        names |= {p.name.casefold() for p in op.request_body.properties}
    return names


def arguments(out: Out, subj: str, label: str, o: Operation, n: Operation) -> None:
    ao, calls_o, _ = _arguments(o)
    an, calls_n, writes_n = _arguments(n)
    tabled = _tabled(o) | _tabled(n)
    for k in sorted(an.keys() - ao.keys()):
        name, r = an[k]
        fn = k.split("\x1f")[0]
        if name.casefold() in tabled or fn not in calls_o:
            continue  # a table says it (compared as a parameter), or the function itself is new here
        required = writes_n.get(k, 0) == calls_n.get(fn, 0)
        rule = "required-parameter-added" if required else "optional-parameter-added"
        out.add(rule, subj, f"parameter {name}", f"{'required' if required else 'optional'} function argument {name} added ({label_of(r)})",
                new=name, old_source=o.source, new_source=r.source, label=label)
    for k in sorted(ao.keys() - an.keys()):
        name, r = ao[k]
        fn = k.split("\x1f")[0]
        if name.casefold() in tabled or fn not in calls_n:
            continue
        out.add("parameter-removed", subj, f"parameter {name}", f"function argument {name} no longer written ({label_of(r)})",
                old=name, old_source=r.source, new_source=n.source, label=label)


def documented_elsewhere(out: Out, eo: Endpoints, en: Endpoints, old_ops: list[Operation], new_by_id: dict[str, Operation]) -> None:
    """Docs-only: an old page's endpoint that the page (same id) no longer documents, other pages do."""
    for o in old_ops:
        n = new_by_id.get(o.id)
        mine = set(en.keys_of.get(id(n), [])) if n is not None else set()
        for k in eo.keys_of.get(id(o), []):
            if k in mine or k not in en.by_key:
                continue
            others = en.ops(k)
            line = first_line(eo, o, k)
            there = first_line(en, others[0], k)
            more = f" and {len(others) - 1} other page{'s' if len(others) > 2 else ''}" if len(others) > 1 else ""
            out.add("operation-documented-elsewhere", subject_of(line), f"page {o.id}",
                    f"no longer documented on {o.id}; documented on {others[0].id}{more}",
                    old=o.id, new=others[0].id, old_source=line.source, new_source=there.source, label=label_of(line))


__all__: list[Any] = ["removed_added", "notation", "query_templates", "arguments", "documented_elsewhere"]
