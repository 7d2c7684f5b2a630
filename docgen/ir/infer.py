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
from collections import Counter
from collections.abc import Iterator
from pathlib import PurePosixPath

from .model import Operation, Property, RequestLine, Type
from .paths import canonical, request_matches, split_path

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# functions written without (): "getManagedAppPolicies", "delta"
_FUNCTION = re.compile(r"^(?:get[A-Z]\w*|delta)$")


def _key(segments: list[str]) -> tuple[str, ...]:
    """Lower case, holes as ``{}``, Graph's aliases resolved (``/me`` is ``/users/{}``)."""
    return tuple(canonical(segments))


def _segments(path: str) -> list[str]:
    return split_path(path)


def relationships_from_urls(operations: list[Operation], types: dict[str, Type]) -> None:
    """``types``: by qualified name. Adds inferred relationships in place, in operation order."""
    votes: dict[tuple[str, ...], Counter[tuple[str, bool]]] = {}
    for op in operations:
        resp = op.response
        if resp is None or not resp.type or resp.type.startswith("Edm.") or resp.type not in types:
            continue
        for r in op.requests:
            if r.method.upper() == "GET" and "(" not in r.path:
                votes.setdefault(_key(_segments(r.path)), Counter())[(resp.type, resp.collection)] += 1
    # pages disagreeing on what a URL answers (a request line pasted on the wrong page): the answer
    # most pages give, when more than half give it; else no inference from that URL
    answers: dict[tuple[str, ...], tuple[str, bool]] = {}
    for key, count in votes.items():
        (best, n), total = count.most_common(1)[0], sum(count.values())
        if 2 * n > total:
            answers[key] = best
    # (owner, member) -> what each GET of that URL says: pages list one URL on several pages
    found: dict[tuple[str, str], list[tuple[str, str, bool, Operation, RequestLine]]] = {}
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
            t = _subtype_named_by_page(op, t, types) if t is not None else None
            if t is None or t.kind == "enum" or _states(t, segs[-1], types) or _is_method(t, segs[-1]) or _function_page(op, t, segs[-1]):
                continue
            rtype, coll = _member_type(t, op, r, types)
            found.setdefault((t.qualified_name, segs[-1].lower()), []).append((segs[-1], rtype, coll, op, r))
    for (owner_name, _), said in found.items():
        name, _, _, _, first = said[0]
        rtype = Counter(x[1] for x in said).most_common(1)[0][0]
        coll = any(x[2] for x in said)  # one page showing a page of items is enough
        types[owner_name].relationships.append(
            Property(name, rtype, coll, "", None, first.source, f"request URL: GET {first.path}", "request_url")
        )


def _member_type(owner: Type, op: Operation, r: RequestLine, types: dict[str, Type]) -> tuple[str, bool]:
    """The member's type: the owner page's Methods row for this operation ("List joinedTeams |
    [team](team.md) collection") when it names one, else the operation's response; a collection
    too when the request filters it (``?$filter=``) or an example of this request line answers a
    page of items (``{"value": [...]}``)."""
    resp = op.response
    assert resp is not None and resp.type is not None
    rtype, coll = resp.type, resp.collection
    row = next((m for m in owner.methods if m.operation == op.id and m.return_type in types), None)
    if row is not None and row.return_type:
        rtype, coll = row.return_type, row.collection or coll
    if not coll and r.query and re.search(r"\$(?:filter|top|skip|orderby|count)\b", r.query, re.I):
        coll = True
    if not coll:
        coll = any(
            e.response is not None and isinstance(e.response.body, dict) and isinstance(e.response.body.get("value"), list)
            and e.request is not None and request_matches(r.method, r.path, e.request.method, e.request.path)
            for e in op.examples  # the examples of this request line only
        )
    return rtype, coll


def _lineage(t: Type, types: dict[str, Type]) -> Iterator[Type]:
    """``t``, then its base types up the chain (a cycle in ``base`` ends it)."""
    seen: set[str] = set()
    cur: Type | None = t
    while cur is not None and cur.qualified_name not in seen:
        seen.add(cur.qualified_name)
        yield cur
        cur = types.get(cur.base) if cur.base else None


def _states(t: Type, name: str, types: dict[str, Type]) -> bool:
    low = name.lower()
    return any(p.name.lower() == low for c in _lineage(t, types) for p in (*c.properties, *c.relationships))


def _page_stem(op: Operation) -> str:
    return PurePosixPath(op.source.file.replace("\\", "/")).stem if op.source else ""


def _subtype_named_by_page(op: Operation, owner: Type, types: dict[str, Type]) -> Type:
    """The owner, or the subtype of it the page's file name names as its resource
    (``userscopeteamsappinstallation-get-chat.md`` under ``/users/{id}/teamwork/installedApps/{id}``,
    which answers a teamsAppInstallation): the docs name an API page after the resource it is about."""
    head = _page_stem(op).split("-", 1)[0].lower()
    if not head or head == owner.name.lower():
        return owner
    for t in types.values():
        if t.name.lower() == head and t.kind != "enum" and any(c is owner for c in _lineage(t, types)):
            return t
    return owner


def _function_page(op: Operation, owner: Type, segment: str) -> bool:
    """The page is named ``<resource>-<segment>.md``, as the docs name a function's or action's
    page (``drive-recent.md`` for ``GET /me/drive/recent``, ``drive-sharedwithme.md``); a
    navigation's pages are ``<resource>-list-<segment>.md`` or named after its type."""
    flat = re.sub(r"[^a-z0-9]", "", _page_stem(op).lower())
    if not flat:
        return False
    return flat == re.sub(r"[^a-z0-9]", "", (owner.name + segment).lower())


def _is_method(t: Type, name: str) -> bool:
    """A function or action the type's Methods table lists under its own name
    ("deviceConfigurationDeviceActivity function", "range"), unlike "List joinedTeams" (a
    navigation property's own List page)."""
    low = name.lower()
    for m in t.methods:
        words = m.name.lower().replace("()", "").split()
        if words and words[0] == low and (len(words) == 1 or words[1] in ("function", "action", "method")):
            return True
    return False
