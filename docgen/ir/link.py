"""Linking: page results -> one :class:`Document`.

* Types are merged by (namespace, name), case-insensitively, with provenance in ``sources``. A
  resource or enum page defines a type; a type known only from a request-body table (the seeds)
  still becomes a type, but never adds properties to one a resource page defines. The
  description and source come from the type's own page (``user.md`` for ``user``) when one
  defines it, not from another page that also does (``intune-devices-user.md``).
* Type references are resolved to qualified names: same namespace first, then a unique match in
  any namespace; otherwise qualified with the referring page's namespace (DG702, info).
* Kind: ``entity`` when a key is stated or the base chain reaches an entity; ``complex`` otherwise.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Iterable

from .. import diagnostics as dg
from ..parse.page import PageResult
from .model import Document, Property, Source, Type

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
            if t.source is not None:
                t.sources = [t.source]
            have = types.get(k)
            if have is None:
                types[k] = t
                continue
            if t.source is not None:
                have.sources.append(t.source)
            if have.kind != t.kind and "enum" in (have.kind, t.kind):
                src = t.source or Source("?", 1)
                diags.append(dg.make("DG701", src.file, src.line, f"{t.name} is an {t.kind} here and an {have.kind} elsewhere"))
                continue
            if t.base and have.base and t.base.lower() != have.base.lower():
                src = t.source or Source("?", 1)
                diags.append(dg.make("DG701", src.file, src.line, f"{t.name}: base {t.base} here, {have.base} elsewhere"))
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
                t.sources = [t.source] if t.source else []
                weak[k] = t
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
        for p in (*t.properties, *t.relationships):
            p.type = res.resolve(p.type, t.namespace, p.source)
        for m in t.methods:
            m.return_type = res.resolve(m.return_type, t.namespace, m.source)
    _set_kinds(types)
    json_typed = {n.lower() for r in results for n in r.json_typed}
    if json_typed:
        _drop_inherited(types, json_typed)

    operations = []
    for r in results:
        op = r.operation
        if op is None:
            continue
        ns = op.namespace or DEFAULT_NAMESPACE
        if op.request_body:
            op.request_body.type = res.resolve(op.request_body.type, ns, op.request_body.source)
            for p in op.request_body.properties:
                p.type = res.resolve(p.type, ns, p.source)
        if op.response and op.response.type:
            op.response.type = res.resolve(op.response.type, ns, op.response.source)
        for p in op.parameters:
            p.type = res.resolve(p.type, ns, p.source)
        operations.append(op)
    for file, line, name in sorted(res.unresolved):
        diags.append(dg.make("DG702", file, line, f"type {name!r} is defined by no page"))

    operations.sort(key=lambda o: (o.id, o.source.file if o.source else ""))
    _unique_ids(operations)
    ordered = sorted(types.values(), key=lambda t: (t.namespace.lower(), t.name.lower(), t.name))
    diags.sort(key=dg.sort_key)
    return Document(operations=operations, types=ordered, diagnostics=diags)


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
        t.properties = [p for p in t.properties if p.name.lower() not in inherited]



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
                if child is not None and child is not base and child.base is None and child.kind != "enum":
                    child.base = base.qualified_name
