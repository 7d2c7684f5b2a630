"""Benchmark of ``docgen diff`` on the Graph v1.0 corpus: injected changes found, and speed.

    python benchmarks/diff.py [--n 3] [--seed 1] [--corpus ../shared/corpus/graph-v1.0/docs] [--no-speed]

1. Copies the corpus docs twice (base, rev) into a temp folder and injects ``--n`` random changes of
   every rule kind into the *Markdown* (rows deleted, added or moved between a type's Properties and
   Relationships tables, cells, annotations and an action's Request body prose ("Do not supply a
   request body") edited, pages deleted or added). A rule's "added" twin is made by editing the base
   copy instead of the revision (e.g. a row deleted from base is a row added in rev). Each injection
   is checked by re-parsing the edited page alone (did the IR of that page change as intended?); sites
   where the parser does not see the edit are skipped and another site is drawn. Every injection uses
   its own page.
2. Runs the diff (with docs-only rules) and prints recall, false positives (findings no injection
   explains), findings at a level other than the one this script expects (levels written here by
   hand, not read from the registry), and the time.
3. Times ``docgen ir`` of the corpus against ``docgen diff corpus corpus`` (0 findings expected).

Expected findings are (rule, subject, detail) computed here from the edit, independently of the
differ (subjects: ``METHOD /path/{}/normalised`` or ``namespace.name``).
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from docgen.diff.command import run  # noqa: E402
from docgen.ir.model import Document, Operation, Type  # noqa: E402
from docgen.pipeline import find_specs, parse_bytes, parse_files  # noqa: E402

B, P, N = "breaking", "potentially-breaking", "non-breaking"
# the level each rule should have, by this benchmark's reading of the issue (not read from the code)
LEVEL = {
    "operation-added": N, "operation-removed": B, "operation-path-changed": B,
    "path-parameter-added": B, "path-parameter-removed": B,
    "permission-scope-removed": B, "permission-scope-added": N,
    "permission-type-unsupported": B, "permission-type-supported": N, "permission-status-changed": P,
    "required-header-added": B, "optional-header-added": N, "header-removed": N,
    "header-became-required": B, "header-became-optional": N,
    "required-parameter-added": B, "optional-parameter-added": N, "parameter-removed": P,
    "parameter-became-required": B, "parameter-became-optional": N, "parameter-type-changed": B,
    "query-option-added": N, "query-option-removed": P,
    "request-body-type-changed": B, "request-body-no-longer-accepted": B, "request-body-now-accepted": N,
    "request-property-required-added": B, "request-property-optional-added": N,
    "request-property-removed": P, "request-property-became-required": B, "request-property-became-optional": N,
    "request-property-type-changed": B,
    "success-status-changed": B, "success-status-removed": P, "success-status-added": N,
    "response-type-changed": B, "response-collection-changed": B, "response-type-removed": P, "response-type-added": N,
    "type-added": N, "type-removed": B, "type-kind-changed": B, "base-type-changed": B, "type-key-changed": B,
    "property-added": N, "property-removed": B, "property-type-changed": B, "property-collection-changed": B,
    "relationship-added": N, "relationship-removed": B, "relationship-type-changed": B, "relationship-collection-changed": B,
    "property-moved-to-relationships": P, "relationship-moved-to-properties": N,
    "enum-member-added": P, "enum-member-removed": B, "enum-member-value-changed": B,
    "operation-description-changed": N, "operation-detail-description-changed": N, "example-changed": N,
    "type-description-changed": N, "member-description-changed": N,
}


def norm(path: str) -> str:
    p = re.sub(r"\{[^{}]*\}", "{}", path.strip()).lower()
    p = re.sub(r"/{2,}", "/", p)
    return (p.rstrip("/") or "/") if len(p) > 1 else p


def cells(line: str) -> list[str]:
    s = line.strip()
    return s.strip("|").split("|") if s.startswith("|") else []


def row(cs: list[str], nl: str = "\n") -> str:
    return "|" + "|".join(cs) + "|" + nl


@dataclass
class Injection:
    rule: str
    side: str
    file: str
    expected: list[tuple[str, str, str]]  # (rule, subject, detail)


@dataclass
class Ctx:
    rng: random.Random
    docs: Path
    doc: Document
    files: dict[str, list[str]]  # rel -> original lines
    edits: dict[str, dict[str, list[str] | None]] = field(default_factory=lambda: {"base": {}, "rev": {}})
    new_files: dict[str, dict[str, str]] = field(default_factory=lambda: {"base": {}, "rev": {}})
    used: set[str] = field(default_factory=set)
    injections: list[Injection] = field(default_factory=list)
    skipped: Counter = field(default_factory=Counter)

    def lines(self, rel: str) -> list[str]:
        return list(self.files[rel])


# --- site lists ----------------------------------------------------------------------------------

def op_sites(ctx: Ctx, single: bool = False) -> list[Operation]:
    """Pages whose endpoints no other page states (so pairing is unambiguous); ``single``: one request line."""
    count: Counter = Counter()
    for op in ctx.doc.operations:
        for k in {(r.method, norm(r.path)) for r in op.requests}:
            count[k] += 1
    return [op for op in ctx.doc.operations if op.requests and (len(op.requests) == 1 or not single)
            and all(count[(r.method, norm(r.path))] == 1 for r in op.requests)
            and op.source and op.source.file in ctx.files]


def subject(op: Operation, path: str | None = None) -> str:
    r = op.requests[0]
    return f"{r.method} {norm(path or r.path)}"


def type_sites(ctx: Ctx, kinds: tuple[str, ...] = ("entity", "complex")) -> list[Type]:
    body_sources = {op.request_body.source for op in ctx.doc.operations if op.request_body}
    return [t for t in ctx.doc.types if t.kind in kinds and t.source and t.source not in body_sources
            and len({s.file for s in t.sources}) == 1 and t.source.file in ctx.files]


def referenced_types(doc: Document) -> set[str]:
    refs: set[str] = set()
    for t in doc.types:
        refs.update(p.type or "" for p in (*t.properties, *t.relationships))
        refs.add(t.base or "")
    for op in doc.operations:
        if op.request_body:
            refs.add(op.request_body.type or "")
            refs.update(p.type or "" for p in op.request_body.properties)
        if op.response:
            refs.add(op.response.type or "")
        refs.update(p.type or "" for p in op.parameters)
    return {r.lower() for r in refs}


# --- the injectors: (ctx, side) -> Injection | None --------------------------------------------

Check = Callable[[object, object], bool]


def _try(ctx: Ctx, rule: str, side: str, rel: str, new_lines: list[str] | None, expected: list[tuple[str, str, str]],
         check: Check | None) -> Injection | None:
    """Record an edit after checking (by re-parsing that page alone) that the parser sees it."""
    if check is not None and new_lines is not None:
        before = parse_bytes("".join(ctx.files[rel]).encode("utf-8"), rel)
        after = parse_bytes("".join(new_lines).encode("utf-8"), rel)
        try:
            ok = check(before, after)
        except (AttributeError, IndexError, KeyError, StopIteration, TypeError):
            ok = False
        if not ok:
            return None
    ctx.used.add(rel)
    ctx.edits[side][rel] = new_lines
    inj = Injection(rule, side, rel, expected)
    ctx.injections.append(inj)
    return inj


def _pick(ctx: Ctx, items: list, attempts: int, fn: Callable[[object], Injection | None]) -> Injection | None:
    items = list(items)
    ctx.rng.shuffle(items)
    for item in items[: attempts * 20]:
        rel = _file_of(item)
        if rel in ctx.used:
            continue
        got = fn(item)
        if got is not None:
            return got
        attempts -= 1
        if attempts <= 0:
            break
    return None


def _file_of(item: object) -> str:
    if isinstance(item, tuple):
        item = item[0]
    src = getattr(item, "source", None)
    return src.file if src else ""


def _op_of(result) -> Operation:
    assert result.operation is not None
    return result.operation


def _one_type(result, name: str) -> Type:
    return next(t for t in result.types if t.name.lower() == name.lower())


# operations -----------------------------------------------------------------------------------

def inj_delete_page(ctx: Ctx, side: str) -> Injection | None:
    rule = "operation-removed" if side == "rev" else "operation-added"

    def go(op: Operation) -> Injection | None:
        return _try(ctx, rule, side, op.source.file, None, [(rule, subject(op), "")], None)

    return _pick(ctx, op_sites(ctx, single=True), 5, go)


def _path_edit(ctx: Ctx, side: str, rule_fwd: str, make: Callable[[str], str | None]) -> Injection | None:
    def go(op: Operation) -> Injection | None:
        r = op.requests[0]
        rel = op.source.file
        lines = ctx.lines(rel)
        i = r.source.line - 1
        if r.path not in lines[i]:
            return None
        new_path = make(r.path)
        if new_path is None:
            return None
        lines[i] = lines[i].replace(r.path, new_path, 1)
        old_s, new_s = subject(op), subject(op, new_path)
        if side == "rev":
            rule, exp = rule_fwd, [(rule_fwd, old_s, new_s)]
        else:
            rule = {"path-parameter-added": "path-parameter-removed"}.get(rule_fwd, rule_fwd)
            exp = [(rule, new_s, old_s)]
        return _try(ctx, rule, side, rel, lines, exp, lambda a, b: _op_of(b).requests[0].path == new_path)

    return _pick(ctx, op_sites(ctx, single=True), 5, go)


def inj_path_changed(ctx: Ctx, side: str) -> Injection | None:
    return _path_edit(ctx, side, "operation-path-changed", lambda p: "/benchmoved" + p)


def inj_path_param(ctx: Ctx, side: str) -> Injection | None:
    return _path_edit(ctx, side, "path-parameter-added", lambda p: "/benchparents/{bench-id}" + p)


def _perm_rows(ctx: Ctx, pred) -> list[tuple]:
    out = []
    for op in op_sites(ctx):
        keys = Counter((p.type, p.context) for p in op.permissions)
        for p in op.permissions:
            if p.context is None and keys[(p.type, None)] == 1 and p.source and pred(p):
                line = ctx.files[op.source.file][p.source.line - 1]
                if line.lstrip().startswith("|"):
                    out.append((op, p))
    return out


def _perm(b_or_a, ptype: str):
    return next(p for p in _op_of(b_or_a).permissions if p.type == ptype and p.context is None)


def inj_scope_removed(ctx: Ctx, side: str) -> Injection | None:
    rule = "permission-scope-removed" if side == "rev" else "permission-scope-added"

    def go(item) -> Injection | None:
        op, p = item
        rel, i = op.source.file, p.source.line - 1
        lines = ctx.lines(rel)
        scope = p.scopes[-1]
        m = re.search(r",\s*" + re.escape(scope) + r"(?![\w.])", lines[i])
        if not m:
            return None
        lines[i] = lines[i][: m.start()] + lines[i][m.end():]
        want = {s.lower() for s in p.scopes[:-1]}
        return _try(ctx, rule, side, rel, lines, [(rule, subject(op), f"{p.type}: {scope}")],
                    lambda a, b: {s.lower() for s in _perm(b, p.type).scopes} == want and _perm(b, p.type).status == "supported")

    return _pick(ctx, _perm_rows(ctx, lambda p: p.status == "supported" and len(p.scopes) >= 2), 5, go)


def _replace_scopes(ctx: Ctx, side: str, rule_rev: str, rule_base: str, pred, text: str, want_status: str) -> Injection | None:
    rule = rule_rev if side == "rev" else rule_base

    def go(item) -> Injection | None:
        op, p = item
        rel, i = op.source.file, p.source.line - 1
        lines = ctx.lines(rel)
        cs = cells(lines[i])
        if len(cs) < 2:
            return None
        cs[1] = text
        lines[i] = row(cs, "\r\n" if lines[i].endswith("\r\n") else "\n")
        return _try(ctx, rule, side, rel, lines, [(rule, subject(op), p.type)],
                    lambda a, b: _perm(b, p.type).status == want_status)

    return _pick(ctx, _perm_rows(ctx, pred), 5, go)


def inj_type_unsupported(ctx: Ctx, side: str) -> Injection | None:
    return _replace_scopes(ctx, side, "permission-type-unsupported", "permission-type-supported",
                           lambda p: p.status == "supported" and p.scopes, "Not supported.", "not_supported")


def inj_status_todo(ctx: Ctx, side: str) -> Injection | None:
    return _replace_scopes(ctx, side, "permission-status-changed", "permission-type-supported",
                           lambda p: p.status == "supported" and p.scopes, "TODO: Determine scopes.", "todo")


def _table_rows(ctx: Ctx, items) -> list[tuple]:
    """(op or type, element) whose source line is a table row with at least 2 cells."""
    out = []
    for owner, el in items:
        rel = (owner.source.file if owner.source else "")
        if rel not in ctx.files or el.source is None or el.source.file != rel:
            continue
        if len(cells(ctx.files[rel][el.source.line - 1])) >= 2:
            out.append((owner, el))
    return out


def _unique(names: list[str]) -> set[str]:
    c = Counter(n.lower() for n in names)
    return {n for n, k in c.items() if k == 1}


def inj_header_removed(ctx: Ctx, side: str, required: bool | None = None) -> Injection | None:
    def go(item) -> Injection | None:
        op, h = item
        rel, i = op.source.file, h.source.line - 1
        lines = ctx.lines(rel)
        del lines[i]
        if side == "rev":
            rule = "header-removed"
        else:
            rule = "required-header-added" if h.required else "optional-header-added"
        return _try(ctx, rule, side, rel, lines, [(rule, subject(op), f"header {h.name}")],
                    lambda a, b: len(_op_of(b).headers) == len(_op_of(a).headers) - 1)

    sites = [(op, h) for op in op_sites(ctx) for h in op.headers if h.name.lower() in _unique([x.name for x in op.headers])
             and (required is None or bool(h.required) is required)]
    return _pick(ctx, _table_rows(ctx, sites), 5, go)


def _make_required(line: str) -> str | None:
    """Optional. -> Required.; or, when the row says neither, "Required. " before the description."""
    new = _flip_required(line, True)
    if new is not None:
        return new
    cs = cells(line)
    if len(cs) < 3 or re.search(r"\b(optional|not required)\b", line, re.I):
        return None
    cs[-1] = " Required. " + cs[-1].strip() + " "
    return row(cs, "\r\n" if line.endswith("\r\n") else "\n")


def _flip_required(text: str, to_required: bool) -> str | None:
    pat, new = (r"\bOptional\.", "Required.") if to_required else (r"\bRequired\.", "Optional.")
    if len(re.findall(pat, text)) != 1:
        return None
    other = "required" if to_required else "optional"
    if other in text.lower() or "not required" in text.lower():
        return None
    return re.sub(pat, new, text, count=1)


def inj_header_required(ctx: Ctx, side: str) -> Injection | None:
    # rev: optional -> required ; base: the same edit read backwards (required -> optional)
    rule = "header-became-required" if side == "rev" else "header-became-optional"

    def go(item) -> Injection | None:
        op, h = item
        rel, i = op.source.file, h.source.line - 1
        lines = ctx.lines(rel)
        new = _flip_required(lines[i], True)
        if new is None:
            return None
        lines[i] = new
        s = subject(op)
        # Header.value holds the value without its Required/Optional marker: only `required` changes
        exp = [(rule, s, f"header {h.name}")]
        return _try(ctx, rule, side, rel, lines, exp,
                    lambda a, b: next(x for x in _op_of(b).headers if x.name == h.name).required is True)

    sites = [(op, h) for op in op_sites(ctx) for h in op.headers if h.required is False and h.name.lower() in _unique([x.name for x in op.headers])]
    return _pick(ctx, _table_rows(ctx, sites), 5, go)


def _param_sites(ctx: Ctx, pred) -> list[tuple]:
    sites = []
    for op in op_sites(ctx):
        names = _unique([p.name for p in op.parameters])
        sites += [(op, p) for p in op.parameters if p.location != "path" and p.name.lower() in names and pred(p)]
    return _table_rows(ctx, sites)


def inj_param_removed(ctx: Ctx, side: str, required: bool | None = None) -> Injection | None:
    def go(item) -> Injection | None:
        op, p = item
        rel, i = op.source.file, p.source.line - 1
        lines = ctx.lines(rel)
        del lines[i]
        rule = "parameter-removed" if side == "rev" else ("required-parameter-added" if p.required else "optional-parameter-added")
        return _try(ctx, rule, side, rel, lines, [(rule, subject(op), f"parameter {p.name}")],
                    lambda a, b: len(_op_of(b).parameters) == len(_op_of(a).parameters) - 1)

    return _pick(ctx, _param_sites(ctx, lambda p: required is None or bool(p.required) is required), 5, go)


def inj_param_required(ctx: Ctx, side: str) -> Injection | None:
    rule = "parameter-became-required" if side == "rev" else "parameter-became-optional"

    def go(item) -> Injection | None:
        op, p = item
        rel, i = op.source.file, p.source.line - 1
        lines = ctx.lines(rel)
        new = _make_required(lines[i])
        if new is None:
            return None
        lines[i] = new
        s = subject(op)
        exp = [(rule, s, f"parameter {p.name}"), ("operation-detail-description-changed", s, f"parameter {p.name}")]
        return _try(ctx, rule, side, rel, lines, exp,
                    lambda a, b: next(x for x in _op_of(b).parameters if x.name == p.name).required is True)

    return _pick(ctx, _param_sites(ctx, lambda p: not p.required), 5, go)


def _retype(ctx: Ctx, side: str, rule: str, sites: list[tuple], detail: Callable, find: Callable, old: str, new: str) -> Injection | None:
    def go(item) -> Injection | None:
        owner, el = item
        rel, i = owner.source.file, el.source.line - 1
        lines = ctx.lines(rel)
        cs = cells(lines[i])
        hits = [k for k, c in enumerate(cs) if c.strip().lower() == old.lower()]
        if len(hits) != 1:
            return None
        cs[hits[0]] = " " + new + " "
        lines[i] = row(cs, "\r\n" if lines[i].endswith("\r\n") else "\n")
        want_type, want_coll = {"Int64": ("Edm.Int64", False), "String collection": ("Edm.String", True)}[new]
        return _try(ctx, rule, side, rel, lines, [(rule, *detail(owner, el))],
                    lambda a, b: (lambda x: x.type == want_type and x.collection == want_coll)(find(b, el.name)))

    return _pick(ctx, sites, 5, go)


def inj_param_type(ctx: Ctx, side: str) -> Injection | None:
    return _retype(ctx, side, "parameter-type-changed", _param_sites(ctx, lambda p: p.type == "Edm.String" and not p.collection),
                   lambda op, p: (subject(op), f"parameter {p.name}"),
                   lambda res, name: next(x for x in _op_of(res).parameters if x.name == name), "String", "Int64")


_OPTIONS = ["$search", "$count", "$skip", "$levels", "$format", "$deltatoken"]


def inj_query_option(ctx: Ctx, side: str) -> Injection | None:
    rule = "query-option-added" if side == "rev" else "query-option-removed"

    def go(op: Operation) -> Injection | None:
        rel = op.source.file
        lines = ctx.lines(rel)
        present = op.query_options[0]
        extra = next((o for o in _OPTIONS if o not in op.query_options), None)
        if extra is None:
            return None
        for i, line in enumerate(lines):
            if present in line.lower() and not line.lstrip().startswith(("|", "GET", "POST", "http", "`")) and "=" not in line:
                pos = line.lower().index(present) + len(present)
                lines[i] = line[:pos] + f" and {extra}" + line[pos:]
                want = set(op.query_options) | {extra}
                return _try(ctx, rule, side, rel, lines, [(rule, subject(op), f"query option {extra}")],
                            lambda a, b: set(_op_of(b).query_options) == want)
        return None

    return _pick(ctx, [op for op in op_sites(ctx) if op.query_options], 5, go)


def _body_sites(ctx: Ctx, pred) -> list[tuple]:
    sites = []
    for op in op_sites(ctx):
        if op.request_body:
            names = _unique([p.name for p in op.request_body.properties])
            sites += [(op, p) for p in op.request_body.properties if p.name.lower() in names and pred(p)]
    return _table_rows(ctx, sites)


def _body_prop(res, name: str):
    return next(x for x in _op_of(res).request_body.properties if x.name == name)


def inj_body_type(ctx: Ctx, side: str) -> Injection | None:
    def go(op: Operation) -> Injection | None:
        rel = op.source.file
        lines = ctx.lines(rel)
        name = op.request_body.type.rsplit(".", 1)[-1]
        for i, line in enumerate(lines):
            m = re.search(r"representation (?:of|for) (?:an? |the )?(?:new )?\[?(" + re.escape(name) + r")\b", line, re.I)
            if m:
                lines[i] = line[: m.start(1)] + "benchBodyType" + line[m.end(1):]
                new_t = (op.namespace or "microsoft.graph") + ".benchBodyType"
                return _try(ctx, "request-body-type-changed", side, rel, lines, [("request-body-type-changed", subject(op), "request body")],
                            lambda a, b: _op_of(b).request_body.type == "benchBodyType")
        return None

    return _pick(ctx, [op for op in op_sites(ctx) if op.request_body and op.request_body.type and not op.request_body.collection], 5, go)


def inj_body_removed(ctx: Ctx, side: str, required: bool | None = None) -> Injection | None:
    def go(item) -> Injection | None:
        op, p = item
        rel, i = op.source.file, p.source.line - 1
        lines = ctx.lines(rel)
        del lines[i]
        rule = "request-property-removed" if side == "rev" else ("request-property-required-added" if p.required else "request-property-optional-added")
        return _try(ctx, rule, side, rel, lines, [(rule, subject(op), f"request property {p.name}")],
                    lambda a, b: len(_op_of(b).request_body.properties) == len(_op_of(a).request_body.properties) - 1)

    return _pick(ctx, _body_sites(ctx, lambda p: required is None or bool(p.required) is required), 5, go)


def inj_body_required(ctx: Ctx, side: str, required: bool) -> Injection | None:
    def go(item) -> Injection | None:
        op, p = item
        rel, i = op.source.file, p.source.line - 1
        lines = ctx.lines(rel)
        cs = cells(lines[i])
        yes_no = [k for k, c in enumerate(cs) if c.strip().lower() in ("yes", "no", "true", "false")]
        docs_too = False
        if len(yes_no) == 1:
            cs[yes_no[0]] = " Yes " if not p.required else " No "
            new = row(cs, "\r\n" if lines[i].endswith("\r\n") else "\n")
        else:
            new = _flip_required(lines[i], not p.required)
            docs_too = True
        if new is None:
            return None
        lines[i] = new
        now = not p.required
        if side == "rev":
            rule = "request-property-became-required" if now else "request-property-became-optional"
        else:
            rule = "request-property-became-optional" if now else "request-property-became-required"
        s = subject(op)
        exp = [(rule, s, f"request property {p.name}")]
        if docs_too:
            exp.append(("operation-detail-description-changed", s, f"request property {p.name}"))
        return _try(ctx, rule, side, rel, lines, exp, lambda a, b: _body_prop(b, p.name).required is now)

    return _pick(ctx, _body_sites(ctx, lambda p: p.required is (not required)), 5, go)


def inj_body_type_cell(ctx: Ctx, side: str) -> Injection | None:
    return _retype(ctx, side, "request-property-type-changed", _body_sites(ctx, lambda p: p.type == "Edm.String" and not p.collection),
                   lambda op, p: (subject(op), f"request property {p.name}"), _body_prop, "String", "Int64")


_BODY_HEADING = re.compile(r"#{1,6}\s+request\s+body\s*$", re.I)
_NOT_SUPPLIED = "Do not supply a request body for this method."


def _body_section(lines: list[str]) -> tuple[int, int] | None:
    """[start, end) of the lines under the page's only "Request body" heading, up to the next heading."""
    heads = [i for i, line in enumerate(lines) if _BODY_HEADING.match(line.strip())]
    if len(heads) != 1:
        return None
    start = end = heads[0] + 1
    fence = False
    while end < len(lines) and (fence or not re.match(r"#{1,6}\s", lines[end])):
        fence ^= lines[end].lstrip().startswith("```")
        end += 1
    return start, end


def _only_no_body_changed(a, b, now: bool) -> bool:
    """The page's operation says (``now``) or stops saying "Do not supply a request body"; nothing else
    in its IR (operation and types, sources included) changes."""
    oa, ob = _op_of(a), _op_of(b)
    return ob.no_request_body is now and replace(ob, no_request_body=oa.no_request_body) == oa and b.types == a.types


def _action_sites(ctx: Ctx, refuses: bool) -> list[Operation]:
    """POST/PATCH/PUT pages stating no body type or properties whose examples send no body, that say
    (``refuses``) or do not say "Do not supply a request body"."""
    return [op for op in op_sites(ctx) if any(r.method.upper() in ("POST", "PATCH", "PUT") for r in op.requests)
            and op.no_request_body is refuses and op.request_body is None
            and not any(e.request is not None and e.request.body_text.strip() for e in op.examples)]


def inj_body_not_supplied(ctx: Ctx, side: str) -> Injection | None:
    """The Request body section of an action that takes an (unstated) body becomes "Do not supply a
    request body for this method." (same number of lines). Edited in base, the mirror rule is expected."""
    rule = "request-body-no-longer-accepted" if side == "rev" else "request-body-now-accepted"

    def go(op: Operation) -> Injection | None:
        rel = op.source.file
        lines = ctx.lines(rel)
        span = _body_section(lines)
        if span is None:
            return None
        start, end = span
        nl = "\r\n" if lines[start - 1].endswith("\r\n") else "\n"
        new = [_NOT_SUPPLIED + nl] if end - start < 3 else [nl, _NOT_SUPPLIED + nl] + [nl] * (end - start - 2)
        lines[start:end] = new
        return _try(ctx, rule, side, rel, lines, [(rule, subject(op), "request body")],
                    lambda a, b: _only_no_body_changed(a, b, True))

    return _pick(ctx, _action_sites(ctx, False), 8, go)


def inj_body_allowed(ctx: Ctx, side: str) -> Injection | None:
    """An action's "Do not supply a request body" line (in its Request body section) becomes "No request
    body is required." (an optional body). Edited in base, the mirror rule is expected."""
    rule = "request-body-now-accepted" if side == "rev" else "request-body-no-longer-accepted"

    def go(op: Operation) -> Injection | None:
        rel = op.source.file
        lines = ctx.lines(rel)
        span = _body_section(lines)
        if span is None:
            return None
        hits = [i for i in range(*span) if re.search(r"\bdo\s+not\s+supply\b|\bdon't\s+supply\b", lines[i], re.I)]
        if len(hits) != 1:
            return None
        i = hits[0]
        lines[i] = "No request body is required." + ("\r\n" if lines[i].endswith("\r\n") else "\n")
        return _try(ctx, rule, side, rel, lines, [(rule, subject(op), "request body")],
                    lambda a, b: _only_no_body_changed(a, b, False))

    return _pick(ctx, _action_sites(ctx, True), 8, go)


def inj_status(ctx: Ctx, side: str) -> Injection | None:
    swap = {200: "201 Created", 201: "200 OK", 204: "202 Accepted", 202: "204 No Content"}

    def go(op: Operation) -> Injection | None:
        rel, i = op.source.file, op.response.source.line - 1
        lines = ctx.lines(rel)
        m = re.search(str(op.response.status) + r"\s+[A-Z][A-Za-z\- ]*[A-Za-z]", lines[i])
        if not m:
            return None
        lines[i] = lines[i][: m.start()] + swap[op.response.status] + lines[i][m.end():]
        want = int(swap[op.response.status][:3])
        return _try(ctx, "success-status-changed", side, rel, lines, [("success-status-changed", subject(op), "status")],
                    lambda a, b: _op_of(b).response.status == want and _op_of(b).response.type == _op_of(a).response.type)

    return _pick(ctx, [op for op in op_sites(ctx) if op.response and op.response.status in swap and op.response.source], 5, go)


def inj_status_removed(ctx: Ctx, side: str) -> Injection | None:
    """The Response section stops stating a status; example responses lose their status line too
    (the IR falls back to them), so the examples change as well (docs-only findings)."""
    rule = "success-status-removed" if side == "rev" else "success-status-added"

    def go(op: Operation) -> Injection | None:
        rel, i = op.source.file, op.response.source.line - 1
        lines = ctx.lines(rel)
        if not re.search(str(op.response.status), lines[i]):
            return None
        lines[i] = "If successful, this method returns nothing special.\n"
        s = subject(op)
        exp = [(rule, s, "status")]
        if op.response.type:
            exp.append(("response-type-removed" if side == "rev" else "response-type-added", s, "response"))
        names = Counter(e.name for e in op.examples)
        for e in op.examples:
            if e.response and e.response.status:
                if names[e.name] != 1:
                    return None
                k = e.response.source.line - 1
                if not re.match(r"\s*HTTP", lines[k]):
                    return None
                lines[k] = "Response status not shown\n"
                exp.append(("example-changed", s, f"example {e.name}"))
        return _try(ctx, rule, side, rel, lines, exp,
                    lambda a, b: (_op_of(b).response is None or _op_of(b).response.status is None)
                    and len(_op_of(b).examples) == len(_op_of(a).examples))

    sites = [op for op in op_sites(ctx) if op.response and op.response.status and op.response.source]
    return _pick(ctx, sites, 8, go)


def inj_response_type(ctx: Ctx, side: str, mode: str) -> Injection | None:
    def go(op: Operation) -> Injection | None:
        rel, i = op.source.file, op.response.source.line - 1
        lines = ctx.lines(rel)
        name = op.response.type.rsplit(".", 1)[-1]
        line = lines[i]
        if mode == "collection":
            m = re.search(r"\b(an?|the)\s+(\[?" + re.escape(name) + r"\]?(?:\([^)]*\))?)\s+object\b", line, re.I)
            if not m:
                return None
            lines[i] = line[: m.start()] + f"a collection of {m.group(2)} objects" + line[m.end():]
            rule, detail = "response-collection-changed", "response"
            check = lambda a, b: _op_of(b).response.collection and _op_of(b).response.type == _op_of(a).response.type  # noqa: E731
        elif mode == "type":
            hits = [m for m in re.finditer(r"\b" + re.escape(name) + r"\b", line)]
            if len(hits) < 1:
                return None
            m = hits[0]
            lines[i] = line[: m.start()] + "benchResultType" + line[m.end():]
            rule, detail = "response-type-changed", "response"
            check = lambda a, b: _op_of(b).response.type == "benchResultType"  # noqa: E731
        else:  # removed: cut the sentence after the status
            m = re.search(r"(\d{3}[^.]*?)\s+(?:and|with)\s+[^.]*\.", line)
            if not m:
                return None
            lines[i] = line[: m.end(1)] + "." + line[m.end():]
            rule = "response-type-removed" if side == "rev" else "response-type-added"
            detail = "response"
            check = lambda a, b: _op_of(b).response.type is None and _op_of(b).response.status == _op_of(a).response.status  # noqa: E731
        return _try(ctx, rule, side, rel, lines, [(rule, subject(op), detail)], check)

    sites = [op for op in op_sites(ctx) if op.response and op.response.type and op.response.source and not op.response.collection]
    return _pick(ctx, sites, 8, go)


# types ----------------------------------------------------------------------------------------

def _ann_line(lines: list[str], start: int, key: str) -> int | None:
    for i in range(start, len(lines)):
        if f'"{key}"' in lines[i]:
            return i
    return None


def inj_type_removed(ctx: Ctx, side: str) -> Injection | None:
    refs = referenced_types(ctx.doc)
    rule = "type-removed" if side == "rev" else "type-added"
    per_file = Counter(t.source.file for t in ctx.doc.types if t.source)

    def go(t: Type) -> Injection | None:
        return _try(ctx, rule, side, t.source.file, None, [(rule, t.qualified_name, "")], None)

    sites = [t for t in type_sites(ctx, ("entity", "complex", "enum")) if t.qualified_name.lower() not in refs and per_file[t.source.file] == 1
             and not any((x.base or "").lower() == t.qualified_name.lower() for x in ctx.doc.types)]
    return _pick(ctx, sites, 5, go)


def _derived(ctx: Ctx, t: Type) -> bool:
    return any((x.base or "").lower() == t.qualified_name.lower() for x in ctx.doc.types)


def inj_key_added(ctx: Ctx, side: str) -> Injection | None:
    """A complex type gains a key (complex -> entity): kind and key change together."""
    def go(t: Type) -> Injection | None:
        rel = t.source.file
        lines = ctx.lines(rel)
        i = _ann_line(lines, 0, "blockType")
        if i is None or '"resource"' not in lines[i] or not lines[i].rstrip().endswith(","):
            return None
        lines.insert(i + 1, '  "keyProperty": "benchKey",\n')
        exp = [("type-kind-changed", t.qualified_name, "kind"), ("type-key-changed", t.qualified_name, "key")]
        return _try(ctx, "type-kind-changed", side, rel, lines, exp, lambda a, b: _one_type(b, t.name).key == "benchKey")

    sites = [t for t in type_sites(ctx, ("complex",)) if not t.base and not t.key and not _derived(ctx, t)]
    return _pick(ctx, sites, 5, go)


def _ann_edit(ctx: Ctx, side: str, rule: str, key: str, value: str, pred, check_attr: str) -> Injection | None:
    def go(t: Type) -> Injection | None:
        rel = t.source.file
        lines = ctx.lines(rel)
        i = _ann_line(lines, 0, key)
        if i is None:
            return None
        m = re.search(r'"' + key + r'"\s*:\s*"([^"]*)"', lines[i])
        if not m:
            return None
        lines[i] = lines[i][: m.start(1)] + value + lines[i][m.end(1):]
        detail = {"baseType": "base", "keyProperty": "key"}[key]
        return _try(ctx, rule, side, rel, lines, [(rule, t.qualified_name, detail)],
                    lambda a, b: getattr(_one_type(b, t.name), check_attr) == value)

    return _pick(ctx, [t for t in type_sites(ctx) if pred(t)], 5, go)


def inj_base(ctx: Ctx, side: str) -> Injection | None:
    return _ann_edit(ctx, side, "base-type-changed", "baseType", "microsoft.graph.benchBase", lambda t: t.base and t.key, "base")


def inj_key(ctx: Ctx, side: str) -> Injection | None:
    return _ann_edit(ctx, side, "type-key-changed", "keyProperty", "benchKey", lambda t: t.key, "key")


def _member_sites(ctx: Ctx, attr: str, pred, kinds=("entity", "complex")) -> list[tuple]:
    sites = []
    for t in type_sites(ctx, kinds):
        items = getattr(t, attr)
        names = _unique([p.name for p in items])
        sites += [(t, p) for p in items if p.name.lower() in names and pred(p) and p.source and p.source.file == t.source.file]
    return _table_rows(ctx, sites)


def _member(res, tname: str, attr: str, name: str):
    return next(x for x in getattr(_one_type(res, tname), attr) if x.name == name)


def inj_member_removed(ctx: Ctx, side: str, kind: str) -> Injection | None:
    attr = {"property": "properties", "relationship": "relationships", "member": "members"}[kind]
    rule_kind = "enum-member" if kind == "member" else kind
    rule = f"{rule_kind}-removed" if side == "rev" else f"{rule_kind}-added"

    def go(item) -> Injection | None:
        t, p = item
        rel, i = t.source.file, p.source.line - 1
        lines = ctx.lines(rel)
        del lines[i]
        others = [x for x in ("properties", "relationships", "members") if x != attr]

        def one_effect(a, b) -> bool:  # the row goes, nothing else moves (a name in both tables would)
            ta, tb = _one_type(a, t.name), _one_type(b, t.name)
            gone = p.name.lower() not in {x.name.lower() for x in getattr(tb, attr)}  # not inferred back from a URL
            return gone and len(getattr(tb, attr)) == len(getattr(ta, attr)) - 1 and all(
                len(getattr(tb, o)) == len(getattr(ta, o)) for o in others
            )

        return _try(ctx, rule, side, rel, lines, [(rule, t.qualified_name, f"{kind} {p.name}")], one_effect)

    kinds = ("enum",) if kind == "member" else ("entity", "complex")
    sites = _member_sites(ctx, attr, lambda p: True, kinds)
    if kind == "relationship":  # a row whose removal a request URL would infer back changes nothing
        tails = {r.path.rstrip("/").rsplit("/", 1)[-1].lower() for op in ctx.doc.operations for r in op.requests}
        sites = [(t, p) for t, p in sites if p.name.lower() not in tails]
    if kind == "member":
        sites = [(t, p) for t, p in sites if len(t.members) > 1]
    return _pick(ctx, sites, 5, go)


def _retype_member(ctx: Ctx, side: str, rule: str, attr: str, kind: str, collection: bool) -> Injection | None:
    def go(item) -> Injection | None:
        t, p = item
        rel, i = t.source.file, p.source.line - 1
        lines = ctx.lines(rel)
        cs = cells(lines[i])
        if len(cs) < 2:
            return None
        cell = cs[1]
        if collection:
            if p.collection:
                new = re.sub(r"\s+collection\b", "", cell, count=1, flags=re.I)
            else:
                new = cell.rstrip() + " collection"
        elif p.type == "Edm.String":
            new = cell.replace("String", "Int64", 1)
        else:
            new = " [benchTarget](benchtarget.md)" + (" collection" if p.collection else "")
        if new == cell:
            return None
        cs[1] = new
        lines[i] = row(cs, "\r\n" if lines[i].endswith("\r\n") else "\n")

        def check(a, b) -> bool:
            x = _member(b, t.name, attr, p.name)
            if collection:
                return x.collection != p.collection and (x.type or "").rsplit(".", 1)[-1] == (_member(a, t.name, attr, p.name).type or "").rsplit(".", 1)[-1]
            return x.collection == p.collection and (x.type == "Edm.Int64" or x.type == "benchTarget")

        return _try(ctx, rule, side, rel, lines, [(rule, t.qualified_name, f"{kind} {p.name}")], check)

    pred = (lambda p: p.type and (p.type.startswith("Edm.") or kind == "relationship")) if collection else \
        (lambda p: p.type == "Edm.String" if kind == "property" else bool(p.type))
    return _pick(ctx, _member_sites(ctx, attr, pred), 8, go)


def _shape(m) -> tuple:
    return (m.name, m.type, m.collection, m.description)


def inj_member_moved(ctx: Ctx, side: str, kind: str) -> Injection | None:
    """A row of the Properties table moves to the end of the Relationships table (``kind`` property), or
    the reverse; nothing else about the member changes. Edited in base, the mirror rule is expected."""
    src, dst = ("properties", "relationships") if kind == "property" else ("relationships", "properties")
    moves = ("property-moved-to-relationships", "relationship-moved-to-properties")
    fwd, back = moves if kind == "property" else moves[::-1]
    rule = fwd if side == "rev" else back

    def go(item) -> Injection | None:
        t, p = item
        rel, i = t.source.file, p.source.line - 1
        rows = [m.source.line - 1 for m in getattr(t, dst) if m.source and m.source.file == rel]
        if not rows:
            return None
        lines = ctx.lines(rel)
        j = max(rows) + 1  # after the last row of the other table
        moved = lines[i] if lines[i].endswith("\n") else lines[i] + "\n"
        if i < j:
            lines.insert(j, moved)
            del lines[i]
        else:
            del lines[i]
            lines.insert(j, moved)

        def check(a, b) -> bool:  # the row changes table, nothing else changes
            ta, tb = _one_type(a, t.name), _one_type(b, t.name)
            x = next(m for m in getattr(ta, src) if m.name == p.name)
            y = next(m for m in getattr(tb, dst) if m.name == p.name)
            return (_shape(x) == _shape(y) and (ta.kind, ta.base, ta.key, ta.description) == (tb.kind, tb.base, tb.key, tb.description)
                    and [_shape(m) for m in getattr(tb, src)] == [_shape(m) for m in getattr(ta, src) if m.name != p.name]
                    and sorted(map(_shape, getattr(tb, dst))) == sorted([*map(_shape, getattr(ta, dst)), _shape(x)]))

        return _try(ctx, rule, side, rel, lines, [(rule, t.qualified_name, f"property {p.name}")], check)

    sites = [(t, p) for t, p in _member_sites(ctx, src, lambda p: True)
             if p.name not in {m.name for m in getattr(t, dst)} and any(m.source for m in getattr(t, dst))]
    return _pick(ctx, sites, 8, go)


def inj_enum_value(ctx: Ctx, side: str) -> Injection | None:
    def go(item) -> Injection | None:
        t, m = item
        rel, i = t.source.file, m.source.line - 1
        lines = ctx.lines(rel)
        cs = cells(lines[i])
        hits = [k for k, c in enumerate(cs) if c.strip() == str(m.value)]
        if len(hits) != 1:
            return None
        cs[hits[0]] = str(m.value + 1000)
        lines[i] = row(cs, "\r\n" if lines[i].endswith("\r\n") else "\n")
        return _try(ctx, "enum-member-value-changed", side, rel, lines, [("enum-member-value-changed", t.qualified_name, f"member {m.name}")],
                    lambda a, b: _member(b, t.name, "members", m.name).value == m.value + 1000)

    return _pick(ctx, _member_sites(ctx, "members", lambda m: m.value is not None, ("enum",)), 5, go)


# docs-only ----------------------------------------------------------------------------------

def inj_op_title(ctx: Ctx, side: str) -> Injection | None:
    def go(op: Operation) -> Injection | None:
        rel, i = op.source.file, op.source.line - 1
        lines = ctx.lines(rel)
        if not lines[i].startswith("# "):
            return None
        lines[i] = lines[i].rstrip("\r\n") + " (bench edit)\n"
        return _try(ctx, "operation-description-changed", side, rel, lines, [("operation-description-changed", subject(op), "")],
                    lambda a, b: _op_of(b).title.endswith("(bench edit)"))

    return _pick(ctx, op_sites(ctx), 5, go)


def _append_description(lines: list[str], i: int) -> bool:
    cs = cells(lines[i])
    if len(cs) < 3 or not cs[-1].strip():
        return False
    cs[-1] = cs[-1].rstrip() + " Bench note. "
    lines[i] = row(cs, "\r\n" if lines[i].endswith("\r\n") else "\n")
    return True


def inj_param_description(ctx: Ctx, side: str) -> Injection | None:
    def go(item) -> Injection | None:
        op, p = item
        rel, i = op.source.file, p.source.line - 1
        lines = ctx.lines(rel)
        if not _append_description(lines, i):
            return None
        return _try(ctx, "operation-detail-description-changed", side, rel, lines,
                    [("operation-detail-description-changed", subject(op), f"request property {p.name}")],
                    lambda a, b: _body_prop(b, p.name).description.endswith("Bench note.") and _body_prop(b, p.name).required == p.required)

    return _pick(ctx, _body_sites(ctx, lambda p: True), 5, go)


def inj_example(ctx: Ctx, side: str) -> Injection | None:
    def go(op: Operation) -> Injection | None:
        e = next(e for e in op.examples if e.response and e.response.source and e.response.body_text)
        rel = op.source.file
        lines = ctx.lines(rel)
        for i in range(e.response.source.line, min(len(lines), e.response.source.line + 40)):
            m = re.search(r'":\s*"([A-Za-z][^"]*)"', lines[i])
            if m:
                lines[i] = lines[i][: m.start(1)] + "Bench" + lines[i][m.start(1):]
                names = Counter(x.name for x in op.examples)
                name = e.name if names[e.name] == 1 else None
                if name is None:
                    return None
                return _try(ctx, "example-changed", side, rel, lines, [("example-changed", subject(op), f"example {name}")],
                            lambda a, b: next(x for x in _op_of(b).examples if x.name == name).response.body_text != e.response.body_text)
        return None

    return _pick(ctx, [op for op in op_sites(ctx) if any(e.response and e.response.source and e.response.body_text for e in op.examples)], 5, go)


def inj_type_description(ctx: Ctx, side: str) -> Injection | None:
    def go(t: Type) -> Injection | None:
        rel, i = t.source.file, t.source.line - 1
        lines = ctx.lines(rel)
        if not lines[i].startswith("# "):
            return None
        lines.insert(i + 1, "\nBenchmark description of this type.\n")
        return _try(ctx, "type-description-changed", side, rel, lines, [("type-description-changed", t.qualified_name, "")],
                    lambda a, b: _one_type(b, t.name).description == "Benchmark description of this type."
                    and _one_type(b, t.name).base == _one_type(a, t.name).base)

    return _pick(ctx, [t for t in type_sites(ctx) if t.description], 5, go)


def inj_member_description(ctx: Ctx, side: str) -> Injection | None:
    def go(item) -> Injection | None:
        t, p = item
        rel, i = t.source.file, p.source.line - 1
        lines = ctx.lines(rel)
        if not _append_description(lines, i):
            return None
        return _try(ctx, "member-description-changed", side, rel, lines, [("member-description-changed", t.qualified_name, f"property {p.name}")],
                    lambda a, b: _member(b, t.name, "properties", p.name).description.endswith("Bench note."))

    return _pick(ctx, _member_sites(ctx, "properties", lambda p: True), 5, go)


# rule kind -> (injector, side). "base" edits make the mirror rule appear.
INJECTORS: list[tuple[str, Callable[[Ctx, str], Injection | None], str]] = [
    ("operation-removed", inj_delete_page, "rev"),
    ("operation-added", inj_delete_page, "base"),
    ("operation-path-changed", inj_path_changed, "rev"),
    ("path-parameter-added", inj_path_param, "rev"),
    ("path-parameter-removed", inj_path_param, "base"),
    ("permission-scope-removed", inj_scope_removed, "rev"),
    ("permission-scope-added", inj_scope_removed, "base"),
    ("permission-type-unsupported", inj_type_unsupported, "rev"),
    ("permission-type-supported", inj_type_unsupported, "base"),
    ("permission-status-changed", inj_status_todo, "rev"),
    ("header-removed", inj_header_removed, "rev"),
    ("required-header-added", lambda c, s: inj_header_removed(c, s, True), "base"),
    ("optional-header-added", lambda c, s: inj_header_removed(c, s, False), "base"),
    ("header-became-required", inj_header_required, "rev"),
    ("header-became-optional", inj_header_required, "base"),
    ("parameter-removed", inj_param_removed, "rev"),
    ("required-parameter-added", lambda c, s: inj_param_removed(c, s, True), "base"),
    ("optional-parameter-added", lambda c, s: inj_param_removed(c, s, False), "base"),
    ("parameter-became-required", inj_param_required, "rev"),
    ("parameter-became-optional", inj_param_required, "base"),
    ("parameter-type-changed", inj_param_type, "rev"),
    ("query-option-added", inj_query_option, "rev"),
    ("query-option-removed", inj_query_option, "base"),
    ("request-body-type-changed", inj_body_type, "rev"),
    ("request-body-no-longer-accepted", inj_body_not_supplied, "rev"),
    ("request-body-now-accepted", inj_body_allowed, "rev"),
    ("request-property-removed", inj_body_removed, "rev"),
    ("request-property-required-added", lambda c, s: inj_body_removed(c, s, True), "base"),
    ("request-property-optional-added", lambda c, s: inj_body_removed(c, s, False), "base"),
    ("request-property-became-required", lambda c, s: inj_body_required(c, s, True), "rev"),
    ("request-property-became-optional", lambda c, s: inj_body_required(c, s, False), "rev"),
    ("request-property-type-changed", inj_body_type_cell, "rev"),
    ("success-status-changed", inj_status, "rev"),
    ("success-status-removed", inj_status_removed, "rev"),
    ("success-status-added", inj_status_removed, "base"),
    ("response-type-changed", lambda c, s: inj_response_type(c, s, "type"), "rev"),
    ("response-collection-changed", lambda c, s: inj_response_type(c, s, "collection"), "rev"),
    ("response-type-removed", lambda c, s: inj_response_type(c, s, "removed"), "rev"),
    ("response-type-added", lambda c, s: inj_response_type(c, s, "removed"), "base"),
    ("type-removed", inj_type_removed, "rev"),
    ("type-added", inj_type_removed, "base"),
    ("type-kind-changed", inj_key_added, "rev"),
    ("base-type-changed", inj_base, "rev"),
    ("type-key-changed", inj_key, "rev"),
    ("property-removed", lambda c, s: inj_member_removed(c, s, "property"), "rev"),
    ("property-added", lambda c, s: inj_member_removed(c, s, "property"), "base"),
    ("property-type-changed", lambda c, s: _retype_member(c, s, "property-type-changed", "properties", "property", False), "rev"),
    ("property-collection-changed", lambda c, s: _retype_member(c, s, "property-collection-changed", "properties", "property", True), "rev"),
    ("relationship-removed", lambda c, s: inj_member_removed(c, s, "relationship"), "rev"),
    ("relationship-added", lambda c, s: inj_member_removed(c, s, "relationship"), "base"),
    ("relationship-type-changed", lambda c, s: _retype_member(c, s, "relationship-type-changed", "relationships", "relationship", False), "rev"),
    ("relationship-collection-changed", lambda c, s: _retype_member(c, s, "relationship-collection-changed", "relationships", "relationship", True), "rev"),
    ("property-moved-to-relationships", lambda c, s: inj_member_moved(c, s, "property"), "rev"),
    ("relationship-moved-to-properties", lambda c, s: inj_member_moved(c, s, "relationship"), "rev"),
    ("enum-member-removed", lambda c, s: inj_member_removed(c, s, "member"), "rev"),
    ("enum-member-added", lambda c, s: inj_member_removed(c, s, "member"), "base"),
    ("enum-member-value-changed", inj_enum_value, "rev"),
    ("operation-description-changed", inj_op_title, "rev"),
    ("operation-detail-description-changed", inj_param_description, "rev"),
    ("example-changed", inj_example, "rev"),
    ("type-description-changed", inj_type_description, "rev"),
    ("member-description-changed", inj_member_description, "rev"),
]


def inject(ctx: Ctx, n: int) -> None:
    for label, fn, side in INJECTORS:
        for _ in range(n):
            if fn(ctx, side) is None:
                ctx.skipped[label] += 1


def write_tree(ctx: Ctx, side: str, target: Path) -> None:
    shutil.copytree(ctx.docs, target)
    for rel, lines in ctx.edits[side].items():
        path = target / rel
        if lines is None:
            path.unlink()
        else:
            path.write_bytes("".join(lines).encode("utf-8"))


def evaluate(ctx: Ctx, findings) -> dict:
    expected: dict[tuple[str, str, str], Injection] = {}
    for inj in ctx.injections:
        for e in inj.expected:
            expected[e] = inj
    got = {(f.rule, f.subject, f.detail): f for f in findings}
    missed = [e for e in expected if e not in got]
    false_pos = [got[k] for k in got if k not in expected]
    wrong_level = [(k, got[k].level, LEVEL[k[0]]) for k in expected if k in got and got[k].level != LEVEL[k[0]]]
    return {"expected": len(expected), "found": len(expected) - len(missed), "missed": missed,
            "false_positives": false_pos, "wrong_level": wrong_level}


def _time_cmd(args: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--n", type=int, default=3, help="injections per rule kind (default 3)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus" / "graph-v1.0" / "docs")
    ap.add_argument("--no-speed", action="store_true", help="skip the docgen ir / self-diff timing")
    ap.add_argument("-v", "--verbose", action="store_true", help="list misses and false positives")
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    docs = args.corpus.resolve()
    files = find_specs([docs])
    rels = [(f, f.relative_to(docs).as_posix()) for f in files]
    t0 = time.perf_counter()
    doc = parse_files(rels)
    texts = {rel: f.read_bytes().decode("utf-8", errors="replace").splitlines(keepends=True) for f, rel in rels}
    ctx = Ctx(random.Random(args.seed), docs, doc, texts)
    inject(ctx, args.n)
    print(f"injected {len(ctx.injections)} changes ({args.n} per rule kind, seed {args.seed}) in {time.perf_counter() - t0:.1f} s")
    for label, k in sorted(ctx.skipped.items()):
        print(f"  no site found for {k} x {label}")
    with tempfile.TemporaryDirectory(prefix="docgen-diff-bench-") as tmp:
        base, rev = Path(tmp) / "base", Path(tmp) / "rev"
        write_tree(ctx, "base", base)
        write_tree(ctx, "rev", rev)
        t = time.perf_counter()
        report = run(str(base), str(rev), include_docs=True)
        elapsed = time.perf_counter() - t
    res = evaluate(ctx, report.findings)
    per_rule = Counter(e[0] for i in ctx.injections for e in i.expected)
    print(f"rule kinds injected: {len({i.rule for i in ctx.injections})}; expected findings: {res['expected']} over {len(per_rule)} rules")
    print(f"recall: {res['found']}/{res['expected']} = {100 * res['found'] / max(res['expected'], 1):.1f}%")
    print(f"false positives: {len(res['false_positives'])}")
    print(f"wrong level: {len(res['wrong_level'])}")
    print(f"diff time (parse both sides + compare): {elapsed:.2f} s")
    if args.verbose or res["missed"] or res["false_positives"] or res["wrong_level"]:
        by_key = defaultdict(list)
        for inj in ctx.injections:
            for e in inj.expected:
                by_key[e].append(inj)
        for e in res["missed"]:
            inj = by_key[e][0]
            print(f"  MISSED {e} ({inj.side}: {inj.file})")
        for f in res["false_positives"]:
            print(f"  FALSE POSITIVE {f.rule} {f.subject} {f.detail!r} ({f.old_source} -> {f.new_source})")
        for k, got, want in res["wrong_level"]:
            print(f"  WRONG LEVEL {k}: {got}, expected {want}")
    if not args.no_speed:
        t_ir = _time_cmd(["docgen", "ir", str(docs), "-o", "/dev/null"])
        t_diff = _time_cmd(["docgen", "diff", str(docs), str(docs), "--fail-on", "any"])
        print(f"docgen ir <corpus>: {t_ir:.2f} s; docgen diff <corpus> <corpus>: {t_diff:.2f} s (0 findings); ratio {t_diff / t_ir:.2f}")
    ok = res["found"] == res["expected"] and not res["false_positives"] and not res["wrong_level"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
