"""Keys that decide what is "the same thing" on both sides, and indexes built from them.

* Operations are endpoints: (METHOD, normalised path). Normalising lower-cases the path (Graph URLs
  are case-insensitive), drops a trailing slash and replaces every ``{...}`` with ``{}``, so renaming
  a path parameter never makes a new operation. A page with several request lines is several
  endpoints; its content (permissions, parameters, body, response) is compared once per pair of
  pages, see :func:`pair_operations`.
* Types: (namespace, name), case-insensitive (as the linker merges them).
* Properties, relationships, enum members, parameters and headers: by name (headers and parameters
  case-insensitively); permissions: per (permission type, context), scopes as a set.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from ..ir.model import Document, Operation, RequestLine, Type

_PARAM = re.compile(r"\{[^{}]*\}")
_SLASHES = re.compile(r"/{2,}")

EndpointKey = tuple[str, str]


def normalise_path(path: str) -> str:
    p = _PARAM.sub("{}", path.strip())
    p = _SLASHES.sub("/", p).lower()
    if len(p) > 1:
        p = p.rstrip("/")
    return p if p.startswith("/") else "/" + p


def endpoint_key(r: RequestLine) -> EndpointKey:
    return (r.method.upper(), normalise_path(r.path))


def endpoint_label(key: EndpointKey) -> str:
    return f"{key[0]} {key[1]}"


def type_key(t: Type) -> tuple[str, str]:
    return (t.namespace.lower(), t.name.lower())


@dataclass(slots=True)
class Endpoints:
    """One side's endpoints: key -> the operations (pages) stating it, and their request line."""

    by_key: dict[EndpointKey, list[tuple[Operation, RequestLine]]] = field(default_factory=dict)
    keys_of: dict[int, list[EndpointKey]] = field(default_factory=dict)  # id(op) -> keys, docs order

    @classmethod
    def of(cls, doc: Document) -> "Endpoints":
        by_key: dict[EndpointKey, list[tuple[Operation, RequestLine]]] = defaultdict(list)
        keys_of: dict[int, list[EndpointKey]] = {}
        for op in doc.operations:  # sorted by id: candidates lists are in id order
            keys: list[EndpointKey] = []
            for r in op.requests:
                k = endpoint_key(r)
                if k in keys:
                    continue
                keys.append(k)
                by_key[k].append((op, r))
            keys_of[id(op)] = keys
        return cls(dict(by_key), keys_of)


@dataclass(slots=True)
class OpPair:
    old: Operation
    new: Operation
    shared: list[EndpointKey]  # endpoints on both sides that this pair answers for (base docs order)


def _pick(old: list[tuple[Operation, RequestLine]], new: list[tuple[Operation, RequestLine]]) -> tuple[Operation, Operation]:
    """The pair of pages that stands for a shared endpoint: same page id when possible, else the first."""
    new_ids = {op.id: op for op, _ in new}
    for op, _ in old:
        if op.id in new_ids:
            return op, new_ids[op.id]
    return old[0][0], new[0][0]


def pair_operations(old: Endpoints, new: Endpoints, old_doc: Document, new_doc: Document) -> list[OpPair]:
    """Pages paired through shared endpoints, then unpaired pages with the same id (path changed)."""
    pairs: dict[tuple[int, int], OpPair] = {}
    for k, olds in old.by_key.items():
        news = new.by_key.get(k)
        if not news:
            continue
        o, n = _pick(olds, news)
        pair = pairs.get((id(o), id(n)))
        if pair is None:
            pair = pairs[(id(o), id(n))] = OpPair(o, n, [])
        pair.shared.append(k)
    paired_old = {id(p.old) for p in pairs.values()}
    paired_new = {id(p.new) for p in pairs.values()}
    new_by_id = {op.id: op for op in new_doc.operations if id(op) not in paired_new}
    for op in old_doc.operations:
        if id(op) in paired_old:
            continue
        if op.id in new_by_id:
            n = new_by_id.pop(op.id)
            pairs[(id(op), id(n))] = OpPair(op, n, [])
    out = list(pairs.values())
    for p in out:
        order = {k: i for i, k in enumerate(old.keys_of.get(id(p.old), []))}
        p.shared.sort(key=lambda k: (order.get(k, len(order)), k))
    return out
