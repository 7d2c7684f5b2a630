"""IR types -> view-models for the model templates (one class per type, grouped in shard modules).

Types are ordered so that a base class always comes before its subclasses (the inheritance forest
depth first) and cut into shards; a shard imports only earlier shards eagerly (for base classes)
and refers to other shards lazily for field types, so importing a model loads its own shard and
its bases' shards, not the whole package. Shards are cut where a type's name says so (see
:func:`shard_starts`) and named after their first type, so a type added or removed by a docs
release changes its own shard, not every shard after it.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

from ..ir.model import Document, Property, Type
from .names import (
    ANNOTATION_BUILTINS,
    MODEL_RESERVED,
    ClassName,
    ModuleName,
    PythonIdentifier,
    Scope,
    class_name,
    identifier,
    pascal,
    slug,
)
from .render import Code
from .types import OPEN_MODEL, ClassRef, TypeMap

SHARD_EVERY = 10  # about one type in 10 starts a shard (after SHARD_MIN): shards of about 15
SHARD_MIN = 5
SHARD_MAX = 30  # small shards keep first use fast (a model loads its shard); a forced cut can move one shard more


def shard_starts(qualified_name: str) -> bool:
    """Whether a shard may start at this type: a property of its name alone (CRC-32, not hash())."""
    return zlib.crc32(qualified_name.encode("utf-8")) % SHARD_EVERY == 0


def shard_names(ordered: list[Type]) -> list[ModuleName]:
    """The shard module of each type of ``ordered``: a new shard starts at a type for which
    :func:`shard_starts` holds once the open shard has SHARD_MIN types, or at SHARD_MAX; a shard is
    named after its first type (``_m_user``)."""
    scope = Scope()
    out: list[ModuleName] = []
    size = 0
    for i, t in enumerate(ordered):
        if i == 0 or (size >= SHARD_MIN and shard_starts(t.qualified_name)) or size >= SHARD_MAX:
            current = scope.module(ModuleName("_m_" + (slug(t.name, fallback="model")[:40].rstrip("_") or "model")))
            size = 0
        out.append(current)
        size += 1
    return out


@dataclass(slots=True)
class FieldView:
    name: PythonIdentifier
    wire: str
    annotation: str
    description: str
    aliased: bool


@dataclass(slots=True)
class MemberView:
    name: PythonIdentifier
    value: str
    description: str


@dataclass(slots=True)
class ClassView:
    name: ClassName
    qualified: str
    kind: str
    base: str
    description: str
    source: str
    fields: list[FieldView] = field(default_factory=list)
    members: list[MemberView] = field(default_factory=list)


@dataclass(slots=True)
class ShardView:
    module: ModuleName
    classes: list[ClassView]
    eager: list[ModuleName]  # shards imported for base classes
    lazy: list[ModuleName]  # shards referred to by field types only
    doc: str = ""


@dataclass(slots=True)
class ModelsView:
    shards: list[ShardView]
    classes: list[tuple[ClassName, ModuleName]]  # sorted by class name
    odata: list[tuple[str, ClassName]]  # qualified name -> class, sorted


def _ordered(types: list[Type]) -> list[Type]:
    """The inheritance forest depth first: each base right before its subclasses (children by
    qualified name, roots by qualified name). A class and its bases then sit in the same or nearby
    shards, so importing one model imports few shards. Cycles in ``base`` are broken."""
    by_name = {t.qualified_name: t for t in types}
    children: dict[str, list[Type]] = {}
    roots: list[Type] = []
    for t in sorted(types, key=lambda t: t.qualified_name):
        chain, cur = {t.qualified_name}, by_name.get(t.base or "")
        while cur is not None and cur.qualified_name not in chain:  # a cycle makes t a root
            chain.add(cur.qualified_name)
            cur = by_name.get(cur.base or "")
        if t.base in by_name and cur is None:
            children.setdefault(t.base or "", []).append(t)
        else:
            roots.append(t)
    out: list[Type] = []
    stack = list(reversed(roots))
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(reversed(children.get(t.qualified_name, [])))
    return out


def class_refs(doc: Document) -> TypeMap:
    ordered = _ordered(doc.types)
    scope = Scope()
    names: dict[str, ClassName] = {}
    # Names are given in qualified-name order so a collision always renames the same type.
    for t in sorted(ordered, key=lambda t: (t.namespace != "microsoft.graph", t.qualified_name)):
        name = class_name(t.name)
        if name in scope:
            name = class_name(t.namespace.rsplit(".", 1)[-1] + pascal(t.name))
        names[t.qualified_name] = scope.cls(name)
    refs = {}
    for t, module in zip(ordered, shard_names(ordered)):
        refs[t.qualified_name] = ClassRef(module, names[t.qualified_name], t.kind)
    return TypeMap(refs)


def _src(t: Type) -> str:
    return f"{t.source.file}:{t.source.line}" if t.source else ""


def _base_chain(t: Type, by_name: dict[str, Type]) -> list[Type]:
    chain, seen = [], {t.qualified_name}
    cur = by_name.get(t.base or "")
    while cur is not None and cur.qualified_name not in seen and cur.kind != "enum":
        chain.append(cur)
        seen.add(cur.qualified_name)
        cur = by_name.get(cur.base or "")
    return chain


def _props(t: Type) -> list[Property]:
    seen: set[str] = set()
    out = []
    for p in [*t.properties, *t.relationships]:
        if p.name and p.name not in seen:
            seen.add(p.name)
            out.append(p)
    return out


def build_models(doc: Document, tmap: TypeMap) -> ModelsView:
    by_name = {t.qualified_name: t for t in doc.types}
    field_names: dict[str, dict[str, PythonIdentifier]] = {}  # qualified -> wire -> python name
    shards: dict[str, list[ClassView]] = {}
    eager: dict[str, set[str]] = {}
    lazy: dict[str, set[str]] = {}
    ancestors: dict[str, set[str]] = {}  # shard -> the shards of its classes' base classes, all the way up
    for t in _ordered(doc.types):
        ref = tmap.refs[t.qualified_name]
        here = ref.module
        shards.setdefault(here, [])
        eager.setdefault(here, set())
        lazy.setdefault(here, set())
        ancestors.setdefault(here, set())
        view = ClassView(ref.name, t.qualified_name, t.kind, Code("_t.GraphEnum"), t.description, _src(t))
        if t.kind == "enum":
            scope = Scope()
            for m in t.members:
                if m.name and all(m.name != v.value for v in view.members):
                    ident = identifier(m.name, fallback="member").upper()
                    view.members.append(MemberView(scope.ident(PythonIdentifier(ident)), m.name, m.description))
        else:
            chain = _base_chain(t, by_name)
            ancestors[here].update(r.module for r in (tmap.ref(b.qualified_name) for b in chain) if r is not None)
            inherited: dict[str, PythonIdentifier] = {}
            for b in reversed(chain):
                inherited.update(field_names.get(b.qualified_name, {}))
            base_ref = tmap.ref(chain[0].qualified_name) if chain else None
            if base_ref is None:
                view.base = Code(OPEN_MODEL)
            elif base_ref.module == here:
                view.base = Code(base_ref.name)
            else:
                view.base = Code(f"{base_ref.module}.{base_ref.name}")
                eager[here].add(base_ref.module)
            scope = Scope(set(inherited.values()) | {"odata_type"})
            own: dict[str, PythonIdentifier] = {}
            for p in _props(t):
                if p.name in inherited:
                    continue
                name = scope.ident(identifier(p.name, reserved=MODEL_RESERVED | ANNOTATION_BUILTINS))
                own[p.name] = name
                # Always shard-qualified: pydantic may evaluate an inherited annotation in a subclass's module.
                annotation = Code(tmap.annotation(p.type, p.collection, here=""))
                target = tmap.ref(p.type)
                if target is not None and target.module != here:
                    lazy[here].add(target.module)
                view.fields.append(FieldView(name, p.name, annotation, p.description, name != p.name))
            field_names[t.qualified_name] = {**inherited, **own}
        shards[here].append(view)
    shard_views = []
    for module in shards:  # the types' order: a shard after the shards it imports eagerly
        e = sorted(eager[module])
        # pydantic may evaluate an inherited annotation in the subclass's module: a shard names the
        # shards its own fields refer to and those its base classes' fields refer to (and itself)
        names = {module} | lazy[module]
        for base_shard in ancestors[module]:
            names |= {base_shard} | lazy[base_shard]
        shard_views.append(
            ShardView(ModuleName(module), shards[module], [ModuleName(m) for m in e],
                      [ModuleName(m) for m in sorted(names - eager[module])],
                      f"Models {shards[module][0].qualified} ... {shards[module][-1].qualified} (generated by docgen; do not edit).")
        )
    classes = sorted(((r.name, r.module) for r in tmap.refs.values()), key=lambda x: x[0])
    odata = sorted((q, r.name) for q, r in tmap.refs.items() if r.kind != "enum")
    return ModelsView(shard_views, classes, odata)
