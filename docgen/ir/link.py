"""Linking: page results -> one :class:`Document`.

* Types are merged by (namespace, name), case-insensitively, with provenance in ``sources``. A
  resource or enum page defines a type; a type known only from a request-body table (the seeds)
  still becomes a type, but never adds properties to one a resource page defines. The
  description and source come from the type's own page (``user.md`` for ``user``) when one
  defines it, not from another page that also does (``intune-devices-user.md``).
* Type references are resolved to qualified names: same namespace first, then a unique match in
  any namespace; otherwise qualified with the referring page's namespace (DG702, info).
* Kind: ``entity`` when a key is stated or the base chain reaches an entity; ``complex`` otherwise.
* Two pages that define one type differently (enum members or values, a property's type) are
  merged, the first page winning, with a warning naming both places (DG703); pages that document
  one operation identically are kept, with a note naming the first (DG704).

:func:`link` is pure: it never changes the page results it is given (what it changes, it copies), so
one set of results can be linked again (the diff links two sides from one parse; the parse cache
stores results as the parser made them).
"""

from __future__ import annotations

import dataclasses
import json
from collections import defaultdict
from dataclasses import replace
from typing import Any, Iterable

from .. import diagnostics as dg
from .infer import relationships_from_urls
from .model import Diagnostic, Document, Operation, Property, Source, Type
from .page import PageResult

DEFAULT_NAMESPACE = "microsoft.graph"


def _key(namespace: str, name: str) -> tuple[str, str]:
    return namespace.lower(), name.lower()


def _merge_members(into: list, new: list, attr: str = "name") -> None:
    seen = {getattr(x, attr).lower() for x in into}
    for x in new:
        k = getattr(x, attr).lower()
        if k not in seen:
            seen.add(k)
            into.append(x)


def _dedupe(props: list[Property], file_diags: list) -> list[Property]:
    out: list[Property] = []
    seen: set[str] = set()
    for p in props:
        k = p.name.lower()
        if k in seen:
            src = p.source or Source("?", 1)
            file_diags.append(dg.make("DG504", src.file, src.line, f"property {p.name!r} is listed twice"))
            continue
        seen.add(k)
        out.append(p)
    return out


class _Resolver:
    def __init__(self, types: dict[tuple[str, str], Type]) -> None:
        self.by_name: dict[str, list[Type]] = defaultdict(list)
        self.types = types
        for t in types.values():
            self.by_name[t.name.lower()].append(t)
        self.unresolved: set[tuple[str, int, str]] = set()

    def resolve(self, ref: str | None, namespace: str, src: Source | None) -> str | None:
        if ref is None or ref.startswith("Edm.") or ref == "microsoft.graph.Json":
            return ref
        if "." in ref:
            ns, name = ref.rsplit(".", 1)
            t = self.types.get(_key(ns, name))
            if t is not None:
                return t.qualified_name
        else:
            ns, name = namespace, ref
        candidates = self.by_name.get(name.lower(), [])
        for t in candidates:
            if t.namespace.lower() == ns.lower():
                return t.qualified_name
        if len(candidates) >= 1:
            same = [t for t in candidates if t.namespace.lower() == namespace.lower()]
            return (same or candidates)[0].qualified_name
        if src is not None:
            self.unresolved.add((src.file, src.line, name))
        return f"{ns}.{name}"


def _own(t: Type) -> Type:
    """A copy of a page's type that linking may change (member lists new, members shared until resolved)."""
    return replace(t, sources=[t.source] if t.source is not None else [], properties=list(t.properties),
                   relationships=list(t.relationships), members=list(t.members), methods=list(t.methods))


def _own_operation(op: Operation, res: "_Resolver") -> Operation:
    """A copy of a page's operation with its type references resolved."""
    ns = op.namespace or DEFAULT_NAMESPACE
    new = replace(op, parameters=[replace(p, type=res.resolve(p.type, ns, p.source)) for p in op.parameters])
    rb = op.request_body
    if rb:
        new.request_body = replace(rb, type=res.resolve(rb.type, ns, rb.source),
                                   properties=[replace(p, type=res.resolve(p.type, ns, p.source)) for p in rb.properties])
    if op.response and op.response.type:
        new.response = replace(op.response, type=res.resolve(op.response.type, ns, op.response.source))
    return new


def _own_page(t: Type) -> bool:
    """Whether ``t`` comes from the type's own resource page (``user.md`` for ``user``), not a page
    that also defines it (``intune-devices-user.md``)."""
    if t.source is None:
        return False
    stem = t.source.file.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    return stem.casefold() == t.name.casefold()


def link(results: Iterable[PageResult]) -> Document:
    results = list(results)
    diags: list = []
    types: dict[tuple[str, str], Type] = {}
    for r in results:
        diags.extend(r.diagnostics)
        for t in r.types:
            k = _key(t.namespace, t.name)
            have = types.get(k)
            if have is None:
                types[k] = _own(t)
                continue
            if t.source is not None:
                have.sources.append(t.source)
            if have.kind != t.kind and "enum" in (have.kind, t.kind):
                src = t.source or Source("?", 1)
                diags.append(dg.make("DG701", src.file, src.line, f"{t.name} is {_kind(t.kind)} here and {_kind(have.kind)} at {_where(have.source)}"))
                continue
            if t.base and have.base and t.base.lower() != have.base.lower():
                src = t.source or Source("?", 1)
                diags.append(dg.make("DG701", src.file, src.line, f"{t.name}: base {t.base} here, {have.base} at {_where(have.source)}"))
            _report_redefinition(have, t, diags)
            have.base = have.base or t.base
            have.key = have.key or t.key
            have.open_type = have.open_type or t.open_type
            if _own_page(t) and not _own_page(have):  # user.md describes user, not intune-devices-user.md
                have.description, have.source = t.description or have.description, t.source
            else:
                have.description = have.description or t.description
            _merge_members(have.properties, t.properties)
            _merge_members(have.relationships, t.relationships)
            _merge_members(have.members, t.members)
            _merge_members(have.methods, t.methods)
    # types known only from request bodies
    weak: dict[tuple[str, str], Type] = {}
    for r in results:
        for t in r.body_types:
            k = _key(t.namespace, t.name)
            if k in types:
                continue
            if k not in weak:
                weak[k] = _own(t)
            else:
                have = weak[k]
                if t.source:
                    have.sources.append(t.source)
                _merge_members(have.properties, t.properties)
    types.update(weak)
    for t in types.values():
        t.properties = _dedupe(t.properties, diags)
        t.relationships = _dedupe(t.relationships, diags)

    res = _Resolver(types)
    _bases_from_derived_lists(results, types, res)
    for t in types.values():
        if t.base:
            t.base = res.resolve(t.base, t.namespace, t.source)
        t.properties = [replace(p, type=res.resolve(p.type, t.namespace, p.source)) for p in t.properties]
        t.relationships = [replace(p, type=res.resolve(p.type, t.namespace, p.source)) for p in t.relationships]
        t.methods = [replace(m, return_type=res.resolve(m.return_type, t.namespace, m.source)) for m in t.methods]
    _set_kinds(types)
    json_typed = {n.lower() for r in results for n in r.json_typed}
    if json_typed:
        _drop_inherited(types, json_typed)

    operations = [_own_operation(r.operation, res) for r in results if r.operation is not None]
    for file, line, name in sorted(res.unresolved):
        diags.append(dg.make("DG702", file, line, f"type {name!r} is defined by no page"))

    operations.sort(key=lambda o: (o.id, o.source.file if o.source else ""))
    relationships_from_urls(operations, {t.qualified_name: t for t in types.values()})
    _report_duplicate_operations(operations, diags)
    _unique_ids(operations)
    ordered = sorted(types.values(), key=lambda t: (t.namespace.lower(), t.name.lower(), t.name))
    diags.sort(key=dg.sort_key)
    return Document(operations=operations, types=ordered, diagnostics=diags)


def _kind(kind: str) -> str:
    return ("an " if kind[:1] in "aeiou" else "a ") + kind + " type"


def _where(src: Source | None) -> str:
    return f"{src.file}:{src.line}" if src is not None else "another page"


def _type_of(p: Property) -> str:
    """A property's type as two pages can compare it before linking: last name segment, folded."""
    return (p.type or "?").rsplit(".", 1)[-1].casefold() + ("[]" if p.collection else "")


def _report_redefinition(have: Type, t: Type, diags: list[Diagnostic]) -> None:
    """DG703 when ``t`` (a later page) defines ``have`` (merged so far) differently. Pages that state
    parts of one type (the Intune workload pages of deviceManagement) or leave out what another
    states (enum values) agree; what differs is a member one page lists and the other lacks, a
    value both state differently, or a property both state with another type."""
    if t.source is None or have.source is None or t.source.file == have.source.file:
        return
    src, first = t.source, _where(have.source)
    if have.kind == "enum" and t.kind == "enum":
        mine = {m.name.casefold(): m for m in t.members}
        theirs = {m.name.casefold(): m for m in have.members}
        only_here = sorted(m.name for k, m in mine.items() if k not in theirs)
        only_there = sorted(m.name for k, m in theirs.items() if k not in mine)
        values = sorted(
            f"{m.name} = {m.value} (there {theirs[k].value})"
            for k, m in mine.items()
            if k in theirs and m.value is not None and theirs[k].value is not None and m.value != theirs[k].value
        )
        parts = [f"only here: {', '.join(only_here)}"] if only_here else []
        parts += [f"only there: {', '.join(only_there)}"] if only_there else []
        parts += [f"values differ: {', '.join(values)}"] if values else []
        if parts:
            diags.append(dg.make("DG703", src.file, src.line, f"enum {t.name} is also defined at {first}, with other members ({'; '.join(parts)}); merged"))
        return
    stated = {p.name.casefold(): p for p in (*have.properties, *have.relationships)}
    for p in (*t.properties, *t.relationships):
        other = stated.get(p.name.casefold())
        if other is not None and other.source is not None and other.source.file != src.file and _type_of(other) != _type_of(p):
            psrc = p.source or src
            diags.append(
                dg.make(
                    "DG703",
                    psrc.file,
                    psrc.line,
                    f"{t.name}.{p.name} is {p.type}{' collection' if p.collection else ''} here and "
                    f"{other.type}{' collection' if other.collection else ''} at {_where(other.source)}; the first is kept",
                )
            )


def _fingerprint(op: Operation) -> str:
    """What an operation page states, without where (sources, the page's own name)."""

    def plain(v: Any) -> Any:
        if isinstance(v, Source):
            return None
        if dataclasses.is_dataclass(v) and not isinstance(v, type):
            return {f.name: plain(getattr(v, f.name)) for f in dataclasses.fields(v) if f.name not in ("id", "source", "raw")}
        if isinstance(v, (list, tuple)):
            return [plain(x) for x in v]
        if isinstance(v, dict):
            return {str(k): plain(x) for k, x in v.items()}
        return v

    return json.dumps(plain(op), sort_keys=True, default=str)


def _report_duplicate_operations(operations: list[Operation], diags: list[Diagnostic]) -> None:
    """DG704 for each page that documents an operation exactly as an earlier page (by file) does:
    same request lines, parameters, body, response and examples. Both stay in the IR; the
    generated client has one method for them."""
    by_lines: dict[tuple[tuple[str, str, str], ...], list[Operation]] = defaultdict(list)
    for op in operations:
        if op.requests:
            by_lines[tuple(sorted((r.method.upper(), r.path.casefold(), r.query or "") for r in op.requests))].append(op)
    for lines_group in by_lines.values():
        if len(lines_group) < 2:
            continue
        by_title: dict[tuple[str, str, int], list[Operation]] = defaultdict(list)  # cheap keys first
        for op in lines_group:
            by_title[(op.title, op.description, len(op.examples))].append(op)
        for group in by_title.values():
            if len(group) > 1:
                _report_identical(group, diags)


def _report_identical(group: list[Operation], diags: list[Diagnostic]) -> None:
    seen: dict[str, Operation] = {}
    for op in sorted(group, key=lambda o: o.source.file if o.source else ""):
        fp = _fingerprint(op)
        first = seen.setdefault(fp, op)
        if first is not op and op.source is not None:
            diags.append(
                dg.make("DG704", op.source.file, op.source.line, f"documents the same operation as {_where(first.source)}, identically (request lines, parameters, body, response, examples)")
            )


def _unique_ids(operations: list) -> None:
    seen: dict[str, int] = {}
    for op in operations:
        n = seen.get(op.id, 0)
        seen[op.id] = n + 1
        if n:
            op.id = f"{op.id}-{n + 1}"


def _set_kinds(types: dict[tuple[str, str], Type]) -> None:
    by_qual = {t.qualified_name: t for t in types.values()}

    def is_entity(t: Type, depth: int = 0) -> bool:
        if t.kind == "enum":
            return False
        if t.key or t.name == "entity":
            return True
        if t.base and depth < 32:
            b = by_qual.get(t.base)
            return b is not None and is_entity(b, depth + 1)
        return False

    flags = {q: is_entity(t) for q, t in by_qual.items()}
    for q, t in by_qual.items():
        if t.kind != "enum":
            t.kind = "entity" if flags[q] else "complex"


def _drop_inherited(types: dict[tuple[str, str], Type], names: set[str]) -> None:
    """A JSON representation lists inherited properties too; keep only those the base chain lacks."""
    by_qual = {t.qualified_name: t for t in types.values()}
    for t in types.values():
        if t.name.lower() not in names or not t.base:
            continue
        inherited: set[str] = set()
        base, depth = by_qual.get(t.base), 0
        while base is not None and depth < 32:
            inherited.update(p.name.lower() for p in (*base.properties, *base.relationships))
            base, depth = (by_qual.get(base.base) if base.base else None), depth + 1
        t.properties = [p for p in t.properties if p.origin == "table" or p.name.lower() not in inherited]



def _bases_from_derived_lists(results: list[PageResult], types: dict[tuple[str, str], Type], res: _Resolver) -> None:
    """A base page listing its derived types ("the derived types are [a], [b]") states their base,
    for those whose own page states none."""
    for r in results:
        for base_name, derived in r.derived.items():
            base = next((t for t in r.types if t.name == base_name), None)
            if base is None:
                continue
            for name in derived:
                qual = res.resolve(name, base.namespace, None)
                child = next((t for t in res.by_name.get(name.lower(), []) if t.qualified_name == qual), None)
                if child is not None and _key(child.namespace, child.name) != _key(base.namespace, base.name) and child.base is None and child.kind != "enum":
                    child.base = base.qualified_name
