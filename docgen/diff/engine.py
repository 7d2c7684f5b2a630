"""Compare two IR documents -> findings. Everything is indexed by key; no quadratic scans.

``compare(base, revision)`` is a pure function of the two documents: comparing a document with
itself (or with an identical one) gives no findings, whatever the documents hold.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator

from ..ir.model import Document, EnumMember, Operation, Permission, Property, ScopeSet, Source, Type
from .findings import Finding, sort_key
from .match import EndpointKey, Endpoints, OpPair, endpoint_label, pair_operations, type_key


def type_text(t: str | None, collection: bool) -> str:
    name = t or "(unstated)"
    return f"Collection({name})" if collection else name


class _Out:
    def __init__(self, ir_version: tuple[int, ...] = ()) -> None:
        self.items: list[Finding] = []
        self.ir_version = ir_version  # the older side's: fields added since are not compared

    def knows(self, since: tuple[int, ...]) -> bool:
        """Whether both sides' IR has a field added in version ``since`` (an older IR file just lacks it)."""
        return not self.ir_version or self.ir_version >= since

    def add(self, rule: str, subject: str, detail: str, message: str, old: object = None, new: object = None,
            old_source: Source | None = None, new_source: Source | None = None, label: str = "") -> None:
        self.items.append(Finding(rule, subject, detail, message,
                                  None if old is None else str(old), None if new is None else str(new),
                                  old_source, new_source, label))


# --- operations ------------------------------------------------------------------------------

def _label(key: EndpointKey, side: Endpoints) -> str:
    entries = side.by_key.get(key)
    return f"{key[0]} {entries[0][1].path}" if entries else endpoint_label(key)


def _endpoints(out: _Out, eo: Endpoints, en: Endpoints, pairs: list[OpPair]) -> None:
    removed = [k for k in eo.by_key if k not in en.by_key]
    added = [k for k in en.by_key if k not in eo.by_key]
    partner: dict[int, Operation] = {}
    for p in pairs:
        partner.setdefault(id(p.old), p.new)
    added_left = set(added)
    for k in removed:
        op, line = eo.by_key[k][0]
        n = partner.get(id(op))
        match = None
        if n is not None:
            for nk in en.keys_of.get(id(n), []):
                if nk in added_left and nk[0] == k[0]:
                    match = nk
                    break
        if match is None:
            out.add("operation-removed", endpoint_label(k), "", "operation removed",
                    old=f"{k[0]} {line.path}", old_source=line.source, label=f"{k[0]} {line.path}")
            continue
        added_left.discard(match)
        nline = next(r for o, r in en.by_key[match] if o is n)
        before, after = k[1].count("{}"), match[1].count("{}")
        rule = "path-parameter-added" if after > before else "path-parameter-removed" if after < before else "operation-path-changed"
        what = {"path-parameter-added": "gained a path parameter", "path-parameter-removed": "lost a path parameter",
                "operation-path-changed": "moved"}[rule]
        out.add(rule, endpoint_label(k), endpoint_label(match), f"{k[0]} {line.path} {what}: now {match[0]} {nline.path}",
                old=line.path, new=nline.path, old_source=line.source, new_source=nline.source, label=f"{k[0]} {line.path}")
    for k in added:
        if k in added_left:
            op, line = en.by_key[k][0]
            out.add("operation-added", endpoint_label(k), "", "operation added",
                    new=f"{k[0]} {line.path}", new_source=line.source, label=f"{k[0]} {line.path}")


_ABSENT = "absent"


def _perm_index(perms: Iterable[Permission]) -> dict[tuple[str, str], tuple[str, dict[str, str], Source | None, str]]:
    """(type, context) -> (status, {scope casefolded: scope}, source, display name). Rows merge."""
    out: dict[tuple[str, str], tuple[str, dict[str, str], Source | None, str]] = {}
    for p in perms:
        ctx = (p.context or "").strip()
        k = (p.type, ctx.lower())
        scopes = {s.casefold(): s for s in p.scopes}
        have = out.get(k)
        if have is None:
            out[k] = (p.status, scopes, p.source, f"{p.type} ({ctx})" if ctx else p.type)
        else:
            status = "supported" if "supported" in (have[0], p.status) else have[0]
            out[k] = (status, {**scopes, **have[1]}, have[2], have[3])
    return out


@dataclass(slots=True)
class _Sets:
    """How the scopes of one (type, context) combine: alternatives (each a set of scopes all
    required, casefolded), the scopes the docs mark least privileged, and display names."""

    alternatives: set[frozenset[str]] = field(default_factory=set)
    least: set[str] = field(default_factory=set)
    marked: bool = False  # some alternative is marked least privileged
    names: dict[str, str] = field(default_factory=dict)


def _set_index(perms: Iterable[Permission]) -> dict[tuple[str, str], _Sets]:
    out: dict[tuple[str, str], _Sets] = {}
    for p in perms:
        sets = out.setdefault((p.type, (p.context or "").strip().lower()), _Sets())
        alternatives = p.alternatives or [ScopeSet([x]) for x in p.scopes]
        for a in alternatives:
            folded = frozenset(x.casefold() for x in a.scopes)
            if folded:
                sets.alternatives.add(folded)
            sets.names.update((x.casefold(), x) for x in a.scopes)
            if a.least_privileged:
                sets.marked = True
                sets.least.update(folded)
    return out


def _still_satisfied(scope: str, a: _Sets, b: _Sets) -> bool:
    """Every old alternative naming ``scope`` contains a new alternative: a token that passed
    still passes, though ``scope`` is no longer named."""
    holding = [x for x in a.alternatives if scope in x]
    return bool(holding) and all(any(y <= x for y in b.alternatives) for x in holding)


def _scope_sets(out: _Out, subj: str, label: str, name: str, a: _Sets, b: _Sets,
                src_a: Source | None, src_b: Source | None) -> None:
    """Scopes now required together (or no longer), and scopes moving between least and higher
    privileged (only where both sides mark the least privileged: a page moving to today's table
    layout is not a move)."""
    names = {**a.names, **b.names}

    def shown(scopes: Iterable[str]) -> str:
        return " and ".join(names[x] for x in sorted(scopes))

    for alt in sorted(a.alternatives - b.alternatives, key=sorted):
        for wider in sorted((w for w in b.alternatives if w > alt), key=sorted):
            out.add("permission-scopes-required-together", subj, f"{name}: {shown(alt)}",
                    f"{name}: {shown(alt)} now needs {shown(wider - alt)} as well", old=shown(alt), new=shown(wider),
                    old_source=src_a, new_source=src_b, label=label)
    for alt in sorted(b.alternatives - a.alternatives, key=sorted):
        for wider in sorted((w for w in a.alternatives if w > alt), key=sorted):
            out.add("permission-scopes-no-longer-required-together", subj, f"{name}: {shown(alt)}",
                    f"{name}: {shown(alt)} is enough without {shown(wider - alt)}", old=shown(wider), new=shown(alt),
                    old_source=src_a, new_source=src_b, label=label)
    if not (a.marked and b.marked):
        return
    both = a.names.keys() & b.names.keys()
    for x in sorted(both & (a.least ^ b.least)):
        now = "least privileged" if x in b.least else "higher privileged"
        was = "higher privileged" if x in b.least else "least privileged"
        out.add("permission-least-privileged-changed", subj, f"{name}: {names[x]}", f"{name}: scope {names[x]} is now {now}",
                old=was, new=now, old_source=src_a, new_source=src_b, label=label)


def _permissions(out: _Out, subj: str, label: str, o: Operation, n: Operation) -> None:
    po, pn = _perm_index(o.permissions), _perm_index(n.permissions)
    sets_o, sets_n = _set_index(o.permissions), _set_index(n.permissions)
    for k, a, b in _join(po, pn):
        sa, sb = (a[0] if a else _ABSENT), (b[0] if b else _ABSENT)
        name = (a or b)[3]
        src_a, src_b = (a[2] if a else o.source), (b[2] if b else n.source)
        if sa == "supported" and sb == "supported":
            for s in sorted(a[1].keys() - b[1].keys()):
                if _still_satisfied(s, sets_o[k], sets_n[k]):
                    continue  # "A and B" -> "A": a token with A and B still passes (scopes-no-longer-required-together)
                out.add("permission-scope-removed", subj, f"{name}: {a[1][s]}", f"{name}: scope {a[1][s]} no longer accepted",
                        old=a[1][s], old_source=src_a, new_source=src_b, label=label)
            for s in sorted(b[1].keys() - a[1].keys()):
                out.add("permission-scope-added", subj, f"{name}: {b[1][s]}", f"{name}: scope {b[1][s]} now accepted",
                        new=b[1][s], old_source=src_a, new_source=src_b, label=label)
            _scope_sets(out, subj, label, name, sets_o[k], sets_n[k], src_a, src_b)
            continue
        if sa == sb or {sa, sb} <= {_ABSENT, "not_supported"}:
            continue
        if sa == "supported" and sb in (_ABSENT, "not_supported"):
            rule, msg = "permission-type-unsupported", f"{name} permissions no longer supported"
        elif sb == "supported":
            rule, msg = "permission-type-supported", f"{name} permissions now supported"
        else:
            rule, msg = "permission-status-changed", f"{name} permissions: {sa} -> {sb}"
        out.add(rule, subj, name, msg, old=sa, new=sb, old_source=src_a, new_source=src_b, label=label)


def _join(a: dict[Any, Any], b: dict[Any, Any]) -> Iterator[tuple[Any, Any, Any]]:
    """(key, old or None, new or None) over both sides, sorted by key."""
    for k in sorted(a.keys() | b.keys()):
        yield k, a.get(k), b.get(k)


def _named(items: Iterable, fold: bool = False) -> dict[str, Any]:
    d: dict[str, Any] = {}
    for x in items:
        d.setdefault(x.name.lower() if fold else x.name, x)
    return d


def _headers(out: _Out, subj: str, label: str, o: Operation, n: Operation) -> None:
    ho, hn = _named(o.headers, True), _named(n.headers, True)
    for k, a, b in _join(ho, hn):
        if a is None:
            rule = "required-header-added" if b.required else "optional-header-added"
            out.add(rule, subj, f"header {b.name}", f"{'required' if b.required else 'optional'} header {b.name} added",
                    new=b.value, old_source=o.source, new_source=b.source, label=label)
        elif b is None:
            out.add("header-removed", subj, f"header {a.name}", f"header {a.name} removed", old=a.value,
                    old_source=a.source, new_source=n.source, label=label)
        else:
            ra, rb = bool(a.required), bool(b.required)
            if ra != rb:
                rule = "header-became-required" if rb else "header-became-optional"
                out.add(rule, subj, f"header {a.name}", f"header {a.name} became {'required' if rb else 'optional'}",
                        old="required" if ra else "optional", new="required" if rb else "optional",
                        old_source=a.source, new_source=b.source, label=label)
            if a.value != b.value:
                out.add("operation-detail-description-changed", subj, f"header {a.name}", f"header {a.name}: value text changed",
                        old=a.value, new=b.value, old_source=a.source, new_source=b.source, label=label)


def _parameters(out: _Out, subj: str, label: str, o: Operation, n: Operation) -> None:
    # path parameters are part of the path template (renaming one changes nothing)
    po = _named((p for p in o.parameters if p.location != "path"), True)
    pn = _named((p for p in n.parameters if p.location != "path"), True)
    for k, a, b in _join(po, pn):
        if a is None:
            rule = "required-parameter-added" if b.required else "optional-parameter-added"
            out.add(rule, subj, f"parameter {b.name}", f"{'required' if b.required else 'optional'} {b.location} parameter {b.name} added",
                    new=type_text(b.type, b.collection), old_source=o.source, new_source=b.source, label=label)
            continue
        if b is None:
            out.add("parameter-removed", subj, f"parameter {a.name}", f"{a.location} parameter {a.name} removed",
                    old=type_text(a.type, a.collection), old_source=a.source, new_source=n.source, label=label)
            continue
        _member_changes(out, subj, label, f"parameter {a.name}", f"parameter {a.name}", "parameter", a, b)
    qo, qn = {q.lower(): q for q in o.query_options}, {q.lower(): q for q in n.query_options}
    for q in sorted(qo.keys() - qn.keys()):
        out.add("query-option-removed", subj, f"query option {qo[q]}", f"query option {qo[q]} no longer listed",
                old=qo[q], old_source=o.source, new_source=n.source, label=label)
    for q in sorted(qn.keys() - qo.keys()):
        out.add("query-option-added", subj, f"query option {qn[q]}", f"query option {qn[q]} now supported",
                new=qn[q], old_source=o.source, new_source=n.source, label=label)


def _member_changes(out: _Out, subj: str, label: str, detail: str, noun: str, rule: str, a, b) -> None:  # type: ignore[no-untyped-def]
    """What changed in a parameter or request-body property present on both sides: required-ness
    (``<rule>-became-required/optional``), type (``<rule>-type-changed``) and description."""
    ra, rb = bool(a.required), bool(b.required)
    if ra != rb:
        out.add(f"{rule}-became-required" if rb else f"{rule}-became-optional", subj, detail,
                f"{noun} became {'required' if rb else 'optional'}",
                old="required" if ra else "optional", new="required" if rb else "optional",
                old_source=a.source, new_source=b.source, label=label)
    ta, tb = type_text(a.type, a.collection), type_text(b.type, b.collection)
    if ta != tb:
        out.add(f"{rule}-type-changed", subj, detail, f"{noun}: type {ta} -> {tb}",
                old=ta, new=tb, old_source=a.source, new_source=b.source, label=label)
    if a.description != b.description:
        out.add("operation-detail-description-changed", subj, detail, f"{noun}: description changed",
                old=a.description, new=b.description, old_source=a.source, new_source=b.source, label=label)


_BODY_VERBS = frozenset({"POST", "PATCH", "PUT"})  # the generated methods that take a body (generate/client.py)


def _body_accepted(out: _Out, subj: str, label: str, o: Operation, n: Operation) -> None:
    """``no_request_body`` flipping on a page whose requests (both sides) include POST, PATCH or PUT,
    judged on the side that says "do not supply" by :meth:`Operation.refuses_body`, as the generator
    does. GET/DELETE pages often say it too; their generated methods take no body either way, so
    their flips are not reported."""
    if o.no_request_body == n.no_request_body or not out.knows((1, 2)):  # the field is new in IR 1.2
        return
    if not all(any(r.method.upper() in _BODY_VERBS for r in op.requests) for op in (o, n)):
        return
    src_o = (o.request_body.source if o.request_body else None) or o.source
    src_n = (n.request_body.source if n.request_body else None) or n.source
    if n.refuses_body():
        out.add("request-body-no-longer-accepted", subj, "request body",
                "request body no longer accepted (do not supply one): the method loses its body parameter",
                old="accepted", new="not accepted", old_source=src_o, new_source=src_n, label=label)
    elif o.refuses_body():
        out.add("request-body-now-accepted", subj, "request body",
                "request body now accepted: the method gains a body parameter",
                old="not accepted", new="accepted", old_source=src_o, new_source=src_n, label=label)


def _body(out: _Out, subj: str, label: str, o: Operation, n: Operation) -> None:
    _body_accepted(out, subj, label, o, n)
    bo, bn = o.request_body, n.request_body
    if bo and bn and bo.type and bn.type and type_text(bo.type, bo.collection) != type_text(bn.type, bn.collection):
        ta, tb = type_text(bo.type, bo.collection), type_text(bn.type, bn.collection)
        out.add("request-body-type-changed", subj, "request body", f"request body: {ta} -> {tb}", old=ta, new=tb,
                old_source=bo.source, new_source=bn.source, label=label)
    po = _named(bo.properties if bo else [])
    pn = _named(bn.properties if bn else [])
    src_o = (bo.source if bo else None) or o.source
    src_n = (bn.source if bn else None) or n.source
    for k, a, b in _join(po, pn):
        if a is None:
            rule = "request-property-required-added" if b.required else "request-property-optional-added"
            out.add(rule, subj, f"request property {k}", f"{'required' if b.required else 'optional'} request-body property {k} added",
                    new=type_text(b.type, b.collection), old_source=src_o, new_source=b.source, label=label)
            continue
        if b is None:
            out.add("request-property-removed", subj, f"request property {k}", f"request-body property {k} removed",
                    old=type_text(a.type, a.collection), old_source=a.source, new_source=src_n, label=label)
            continue
        _member_changes(out, subj, label, f"request property {k}", f"request-body property {k}", "request-property", a, b)


def _response(out: _Out, subj: str, label: str, o: Operation, n: Operation) -> None:
    ro, rn = o.response, n.response
    sa, sb = (ro.status if ro else None), (rn.status if rn else None)
    src_a, src_b = (ro.source if ro else None) or o.source, (rn.source if rn else None) or n.source
    if sa is not None and sb is not None and sa != sb:
        out.add("success-status-changed", subj, "status", f"success status {sa} -> {sb}", old=sa, new=sb,
                old_source=src_a, new_source=src_b, label=label)
    elif sa is not None and sb is None:
        out.add("success-status-removed", subj, "status", f"success status {sa} no longer stated", old=sa,
                old_source=src_a, new_source=src_b, label=label)
    elif sa is None and sb is not None:
        out.add("success-status-added", subj, "status", f"success status {sb} now stated", new=sb,
                old_source=src_a, new_source=src_b, label=label)
    ta, tb = (ro.type if ro else None), (rn.type if rn else None)
    ca, cb = bool(ro and ro.collection), bool(rn and rn.collection)
    if ta and tb:
        a, b = type_text(ta, ca), type_text(tb, cb)
        if ta != tb:
            out.add("response-type-changed", subj, "response", f"response type {a} -> {b}", old=a, new=b,
                    old_source=src_a, new_source=src_b, label=label)
        elif a != b:
            out.add("response-collection-changed", subj, "response", f"response {a} -> {b}", old=a, new=b,
                    old_source=src_a, new_source=src_b, label=label)
    elif ta and not tb:
        a = type_text(ta, ca)
        out.add("response-type-removed", subj, "response", f"response type {a} no longer stated", old=a,
                old_source=src_a, new_source=src_b, label=label)
    elif tb and not ta:
        b = type_text(tb, cb)
        out.add("response-type-added", subj, "response", f"response type {b} now stated", new=b,
                old_source=src_a, new_source=src_b, label=label)


def _example_sig(e) -> tuple:
    q, r = e.request, e.response
    return ((q.method, q.url, q.body_text) if q else None, (r.status, r.body_text) if r else None)


def _examples(out: _Out, subj: str, label: str, o: Operation, n: Operation) -> None:
    def index(op: Operation) -> dict[Any, Any]:
        seen: dict[str, int] = defaultdict(int)
        d = {}
        for e in op.examples:
            seen[e.name] += 1
            d[(e.name, seen[e.name])] = e
        return d

    eo, en = index(o), index(n)
    for k, a, b in _join(eo, en):
        if a is not None and b is not None and _example_sig(a) == _example_sig(b):
            continue
        name = k[0] if k[1] == 1 else f"{k[0]} #{k[1]}"
        what = "added" if a is None else "removed" if b is None else "changed"
        out.add("example-changed", subj, f"example {name}", f"example {name!r} {what}",
                old_source=a.source if a else o.source, new_source=b.source if b else n.source, label=label)


def _operation(out: _Out, pair: OpPair, eo: Endpoints, en: Endpoints) -> None:
    o, n = pair.old, pair.new
    keys = pair.shared or eo.keys_of.get(id(o)) or []
    if keys:
        subj = endpoint_label(keys[0])
        label = _label(keys[0], en if keys[0] in en.by_key else eo)
    else:
        subj = label = f"(no request line) {o.id}"
    _permissions(out, subj, label, o, n)
    _headers(out, subj, label, o, n)
    _parameters(out, subj, label, o, n)
    _body(out, subj, label, o, n)
    _response(out, subj, label, o, n)
    if o.title != n.title or o.description != n.description:
        out.add("operation-description-changed", subj, "", "title or description changed",
                old=o.description, new=n.description, old_source=o.source, new_source=n.source, label=label)
    _examples(out, subj, label, o, n)


# --- types -----------------------------------------------------------------------------------

def _moved(po: dict[str, Property], pn: dict[str, Property], ro: dict[str, Property], rn: dict[str, Property]) -> set[str]:
    """Names that leave one table (properties or relationships) and appear only in the other."""
    return ({k for k in po.keys() - pn.keys() if k in rn and k not in ro}
            | {k for k in ro.keys() - rn.keys() if k in pn and k not in po})


def _type_member_changes(out: _Out, subj: str, kind: str, k: str, a: Property, b: Property) -> None:
    """Type, collection-ness and description of a member present on both sides (or moved)."""
    ta, tb = type_text(a.type, a.collection), type_text(b.type, b.collection)
    if a.type != b.type:
        out.add(f"{kind}-type-changed", subj, f"{kind} {k}", f"{kind} {k}: type {ta} -> {tb}", old=ta, new=tb,
                old_source=a.source, new_source=b.source)
    elif ta != tb:
        out.add(f"{kind}-collection-changed", subj, f"{kind} {k}", f"{kind} {k}: {ta} -> {tb}", old=ta, new=tb,
                old_source=a.source, new_source=b.source)
    if a.description != b.description:
        out.add("member-description-changed", subj, f"{kind} {k}", f"{kind} {k}: description changed",
                old=a.description, new=b.description, old_source=a.source, new_source=b.source)


def _members(out: _Out, subj: str, to: Type, tn: Type) -> None:
    """Properties and relationships by name (exact). A name that moves from one table to the other is
    one ``*-moved-to-*`` finding; its type, collection-ness and description are then compared under
    the property rules (detail ``property NAME``), whichever way it moved."""
    po, pn, ro, rn = _named(to.properties), _named(tn.properties), _named(to.relationships), _named(tn.relationships)
    moved = _moved(po, pn, ro, rn)
    for kind, do, dn in (("property", po, pn), ("relationship", ro, rn)):
        for k, a, b in _join(do, dn):
            if k in moved:
                continue
            if a is None:
                t = type_text(b.type, b.collection)
                out.add(f"{kind}-added", subj, f"{kind} {k}", f"{kind} {k} ({t}) added", new=t,
                        old_source=to.source, new_source=b.source)
            elif b is None:
                t = type_text(a.type, a.collection)
                out.add(f"{kind}-removed", subj, f"{kind} {k}", f"{kind} {k} ({t}) removed", old=t,
                        old_source=a.source, new_source=tn.source)
            else:
                _type_member_changes(out, subj, kind, k, a, b)
    for k in sorted(moved):
        if k in po:
            rule, a, b, was, now = "property-moved-to-relationships", po[k], rn[k], "property", "relationship"
            where = "Relationships (returned only with $expand)"
        else:
            rule, a, b, was, now, where = "relationship-moved-to-properties", ro[k], pn[k], "relationship", "property", "Properties"
        out.add(rule, subj, f"property {k}", f"{was} {k} ({type_text(a.type, a.collection)}) moved to {where}",
                old=was, new=now, old_source=a.source, new_source=b.source)
        _type_member_changes(out, subj, "property", k, a, b)


def _enum(out: _Out, subj: str, mo: list[EnumMember], mn: list[EnumMember], to: Type, tn: Type) -> None:
    do, dn = _named(mo), _named(mn)
    for k, a, b in _join(do, dn):
        if a is None:
            out.add("enum-member-added", subj, f"member {k}", f"enum member {k} added", new=k,
                    old_source=to.source, new_source=b.source)
        elif b is None:
            out.add("enum-member-removed", subj, f"member {k}", f"enum member {k} removed", old=k,
                    old_source=a.source, new_source=tn.source)
        else:
            if a.value is not None and b.value is not None and a.value != b.value:
                out.add("enum-member-value-changed", subj, f"member {k}", f"enum member {k}: value {a.value} -> {b.value}",
                        old=a.value, new=b.value, old_source=a.source, new_source=b.source)
            if a.description != b.description:
                out.add("member-description-changed", subj, f"member {k}", f"enum member {k}: description changed",
                        old=a.description, new=b.description, old_source=a.source, new_source=b.source)


def _type(out: _Out, a: Type, b: Type) -> None:
    subj = f"{a.namespace}.{a.name}"
    if a.kind != b.kind:
        out.add("type-kind-changed", subj, "kind", f"kind {a.kind} -> {b.kind}", old=a.kind, new=b.kind,
                old_source=a.source, new_source=b.source)
    if (a.base or "").lower() != (b.base or "").lower():
        out.add("base-type-changed", subj, "base", f"base type {a.base or '(none)'} -> {b.base or '(none)'}",
                old=a.base, new=b.base, old_source=a.source, new_source=b.source)
    if (a.key or "") != (b.key or ""):
        out.add("type-key-changed", subj, "key", f"key property {a.key or '(none)'} -> {b.key or '(none)'}",
                old=a.key, new=b.key, old_source=a.source, new_source=b.source)
    if a.description != b.description:
        out.add("type-description-changed", subj, "", "description changed", old=a.description, new=b.description,
                old_source=a.source, new_source=b.source)
    _members(out, subj, a, b)
    _enum(out, subj, a.members, b.members, a, b)


def _defined_types(doc: Document) -> dict[tuple[str, str], Type]:
    """Types keyed by (namespace, name), without those known only from a request-body table: their
    properties are the body's, compared (once) as request-body properties."""
    bodies = {op.request_body.source for op in doc.operations if op.request_body and op.request_body.source}
    return {type_key(t): t for t in doc.types if t.source is None or t.source not in bodies}


def _types(out: _Out, old: Document, new: Document) -> None:
    to, tn = _defined_types(old), _defined_types(new)
    for k, a in to.items():
        b = tn.get(k)
        if b is None:
            out.add("type-removed", a.qualified_name, "", f"{a.kind} type {a.qualified_name} removed", old=a.kind,
                    old_source=a.source)
        else:
            _type(out, a, b)
    for k, b in tn.items():
        if k not in to:
            out.add("type-added", b.qualified_name, "", f"{b.kind} type {b.qualified_name} added", new=b.kind,
                    new_source=b.source)


def _version(text: str) -> tuple[int, ...]:
    parts = [int(p) for p in text.split(".") if p.isdigit()]
    return tuple(parts)


def compare(old: Document, new: Document) -> list[Finding]:
    """Every change from ``old`` (base) to ``new`` (revision), sorted by subject then rule."""
    out = _Out(min(_version(old.ir_version), _version(new.ir_version)))
    eo, en = Endpoints.of(old), Endpoints.of(new)
    pairs = pair_operations(eo, en, old, new)
    _endpoints(out, eo, en, pairs)
    for p in pairs:
        _operation(out, p, eo, en)
    _types(out, old, new)
    return sorted(out.items, key=sort_key)
