"""A small CSDL (OData v4 metadata) reader for the benchmarks.

``read(path_or_text)`` -> ``{qualified name: CsdlType}`` for every EntityType, ComplexType and
EnumType of every ``<Schema>``. Aliases (``graph.user``) are resolved to namespaces
(``microsoft.graph.user``). ``Collection(x)`` becomes ``(x, True)``.

``flatten(types, name)`` gives a type's properties and navigation properties with those of its
base types (``BaseType`` chain) included, the derived type's own declarations winning.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

Member = tuple[str, str, bool]  # (name, type, collection)


@dataclass
class CsdlType:
    name: str
    namespace: str
    kind: str  # "entity", "complex", "enum"
    base: str | None = None  # qualified
    properties: list[Member] = field(default_factory=list)
    navigation: list[Member] = field(default_factory=list)
    members: list[str] = field(default_factory=list)  # enum members
    abstract: bool = False
    open_type: bool = False

    @property
    def qualified_name(self) -> str:
        return f"{self.namespace}.{self.name}"


_KINDS = {"EntityType": "entity", "ComplexType": "complex", "EnumType": "enum"}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def split_type(raw: str, aliases: dict[str, str] | None = None) -> tuple[str, bool]:
    """``Collection(graph.x)`` -> (``microsoft.graph.x``, True); ``Edm.String`` -> (``Edm.String``, False)."""
    raw = raw.strip()
    collection = False
    if raw.startswith("Collection(") and raw.endswith(")"):
        raw, collection = raw[len("Collection("):-1].strip(), True
    return resolve_alias(raw, aliases or {}), collection


def resolve_alias(name: str, aliases: dict[str, str]) -> str:
    if "." in name:
        prefix, rest = name.split(".", 1)
        if prefix in aliases:
            return f"{aliases[prefix]}.{rest}"
    return name


def read(source: str | Path) -> dict[str, CsdlType]:
    """Read CSDL from a path or from XML text (a string starting with ``<``)."""
    if isinstance(source, str) and source.lstrip().startswith("<"):
        root = ET.fromstring(source)
    else:
        root = ET.parse(source).getroot()
    schemas = [el for el in root.iter() if _local(el.tag) == "Schema"]
    aliases = {s.get("Alias"): s.get("Namespace", "") for s in schemas if s.get("Alias")}
    types: dict[str, CsdlType] = {}
    for schema in schemas:
        ns = schema.get("Namespace", "")
        for el in schema:
            kind = _KINDS.get(_local(el.tag))
            if kind is None:
                continue
            base = el.get("BaseType")
            t = CsdlType(
                name=el.get("Name", ""),
                namespace=ns,
                kind=kind,
                base=resolve_alias(base, aliases) if base else None,
                abstract=el.get("Abstract") == "true",
                open_type=el.get("OpenType") == "true",
            )
            for child in el:
                tag = _local(child.tag)
                if tag == "Property":
                    ty, coll = split_type(child.get("Type", ""), aliases)
                    t.properties.append((child.get("Name", ""), ty, coll))
                elif tag == "NavigationProperty":
                    ty, coll = split_type(child.get("Type", ""), aliases)
                    t.navigation.append((child.get("Name", ""), ty, coll))
                elif tag == "Member":
                    t.members.append(child.get("Name", ""))
            types[t.qualified_name] = t
    return types


def chain(types: dict[str, CsdlType], name: str) -> list[CsdlType]:
    """The type and its base types, most derived first (stops on unknown bases and cycles)."""
    out: list[CsdlType] = []
    seen: set[str] = set()
    cur: str | None = name
    while cur and cur not in seen and cur in types:
        seen.add(cur)
        t = types[cur]
        out.append(t)
        cur = t.base
    return out


def flatten(types: dict[str, CsdlType], name: str) -> tuple[list[Member], list[Member]]:
    """(properties, navigation) of ``name`` including inherited ones; names compared case-insensitively."""
    props: dict[str, Member] = {}
    navs: dict[str, Member] = {}
    for t in chain(types, name):
        for p in t.properties:
            props.setdefault(p[0].lower(), p)
        for n in t.navigation:
            navs.setdefault(n[0].lower(), n)
    return list(props.values()), list(navs.values())


if __name__ == "__main__":  # pragma: no cover - a quick summary
    import sys
    from collections import Counter

    ts = read(sys.argv[1])
    print(Counter(t.kind for t in ts.values()))
