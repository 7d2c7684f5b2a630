"""Relationships the docs state only through request URLs.

``GET /deviceManagement/deviceCompliancePolicies`` answering a collection of
``deviceCompliancePolicy``, beside ``GET /deviceManagement`` answering a ``deviceManagement``, says
that ``deviceManagement`` has a navigation property ``deviceCompliancePolicies``, even when the
``deviceManagement`` page lists no such relationship. Such members are added to the parent type's
relationships with ``origin: "request_url"``; a member the type (or a base type) already states is
never touched.
"""

from __future__ import annotations

import re

from .model import Operation, Property, Type

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_FUNCTION = re.compile(r"^get[A-Z]")  # "getManagedAppPolicies": a function written without ()


def _key(segments: list[str]) -> tuple[str, ...]:
    return tuple("{}" if s.startswith("{") else s.lower() for s in segments)


def _segments(path: str) -> list[str]:
    return [s for s in path.strip("/").split("/") if s]


def relationships_from_urls(operations: list[Operation], types: dict[str, Type]) -> None:
    """``types``: by qualified name. Adds inferred relationships in place, in operation order."""
    answers: dict[tuple[str, ...], tuple[str, bool]] = {}
    ambiguous: set[tuple[str, ...]] = set()
    for op in operations:
        resp = op.response
        if resp is None or not resp.type or resp.type.startswith("Edm.") or resp.type not in types:
            continue
        for r in op.requests:
            if r.method.upper() == "GET" and "(" not in r.path:
                key = _key(_segments(r.path))
                if answers.setdefault(key, (resp.type, resp.collection)) != (resp.type, resp.collection):
                    ambiguous.add(key)  # two pages answer the same URL differently: no inference from it
    for key in ambiguous:
        del answers[key]
    for op in operations:
        resp = op.response
        if resp is None or not resp.type or resp.type.startswith("Edm.") or resp.type not in types:
            continue
        for r in op.requests:
            segs = _segments(r.path)
            if r.method.upper() != "GET" or len(segs) < 2 or not _NAME.match(segs[-1]) or _FUNCTION.match(segs[-1]):
                continue
            parent = _key(segs[:-1])
            owner: str | None = None
            if parent in answers and not answers[parent][1]:
                owner = answers[parent][0]
            elif parent[-1] == "{}" and parent[:-1] in answers and answers[parent[:-1]][1]:
                owner = answers[parent[:-1]][0]
            t = types.get(owner) if owner else None
            if t is None or t.kind == "enum" or _states(t, segs[-1], types) or _is_method(t, segs[-1]):
                continue
            t.relationships.append(
                Property(segs[-1], resp.type, resp.collection, "", None, r.source, f"request URL: GET {r.path}", "request_url")
            )


def _states(t: Type, name: str, types: dict[str, Type]) -> bool:
    low, seen = name.lower(), set()
    cur: Type | None = t
    while cur is not None and cur.qualified_name not in seen:
        seen.add(cur.qualified_name)
        if any(p.name.lower() == low for p in (*cur.properties, *cur.relationships)):
            return True
        cur = types.get(cur.base) if cur.base else None
    return False


def _is_method(t: Type, name: str) -> bool:
    """A function the type's Methods table lists (``deviceConfigurationDeviceActivity``, ``range``)."""
    low = name.lower()
    for m in t.methods:
        if (m.operation or "").lower().endswith("-" + low) or m.name.lower() == low:
            return True
    return False
