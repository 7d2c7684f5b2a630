"""Compare two IR documents -> findings. Everything is indexed by key; no quadratic scans.

``compare(base, revision)`` is a pure function of the two documents: comparing a document with
itself (or with an identical one) gives no findings, whatever the documents hold.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Iterator

from ..ir.model import Document, EnumMember, Operation, Parameter, Permission, PermissionStatus, Property, ScopeSet, Source, Type
from .findings import Finding, sort_key
from .endpoints import arguments, documented_elsewhere, first_line, label_of, notation, query_templates, removed_added, subject_of
from .match import EndpointKey, Endpoints, LinePair, Unit, pair_lines, related_pairs, type_key, units


def type_text(t: str | None, collection: bool) -> str:
    name = t or "(unstated)"
    return f"Collection({name})" if collection else name


class _Out:
    def __init__(self, ir_version: tuple[int, ...] = ()) -> None:
        self.items: list[Finding] = []
        self.ir_version = ir_version  # the older side's: fields added since are not compared

    renamed: dict[str, str] = {}  # lower-cased qualified name -> lower-cased, for types that moved namespace

    def same(self, a: str | None, b: str | None, old_source: Source | None = None, new_source: Source | None = None) -> bool:
        """Whether two type references name the same type: names are case-insensitive (a change of
        case is one ``type-name-case-changed`` finding on the type) and a type that moved namespace
        is the same type (its one ``type-namespace-changed`` finding says so)."""
        if a == b:
            return True
        if a is None or b is None:
            return False
        la, lb = a.lower(), b.lower()
        if self.renamed.get(la, la) != lb:
            return False
        if la == lb and a != b and not la.startswith("edm."):
            self.add("type-name-case-changed", b, "name", f"type name written {a} -> {b}", old=a, new=b,
                     old_source=old_source, new_source=new_source)
        return True

    def knows(self, since: tuple[int, ...]) -> bool:
        """Whether both sides' IR has a field added in version ``since`` (an older IR file just lacks it)."""
        return not self.ir_version or self.ir_version >= since

    def add(self, rule: str, subject: str, detail: str, message: str, old: object = None, new: object = None,
            old_source: Source | None = None, new_source: Source | None = None, label: str = "") -> None:
        self.items.append(Finding(rule, subject, detail, message,
                                  None if old is None else str(old), None if new is None else str(new),
                                  old_source, new_source, label))


# --- operations ------------------------------------------------------------------------------

def endpoint_permissions(old: list[Operation], new: list[Operation]) -> tuple[list[Permission], list[Permission]]:
    """The permissions of an endpoint on each side: the rows of every page documenting it.

    Where the two sides do not state the same contexts for a permission type (a page of per-workload
    or per-resource rows split into pages of their own, each without a context), the type is
    compared without contexts: the base's scopes are those of its context closest to the revision's
    scopes, plus those of its other contexts the revision still lists (a scope is "removed" only if
    the context the endpoint kept lost it). Rows of an unstated type (``unspecified``: a page listing
    scopes without saying delegated or application) are not compared with a side that states types;
    a side stating no type at all is not compared."""
    po = [p for op in old for p in op.permissions]
    pn = [p for op in new for p in op.permissions]
    types_o, types_n = {p.type for p in po}, {p.type for p in pn}
    if "unspecified" in types_o ^ types_n:
        if types_o == {"unspecified"} or types_n == {"unspecified"}:
            return [], []  # one side states no permission type at all: nothing is known to change
        po = [p for p in po if p.type != "unspecified" or not (types_n - {"unspecified"})]
        pn = [p for p in pn if p.type != "unspecified" or not (types_o - {"unspecified"})]

    def contexts(perms: list[Permission]) -> dict[str, dict[str, list[Permission]]]:
        d: dict[str, dict[str, list[Permission]]] = defaultdict(lambda: defaultdict(list))
        for p in perms:
            d[p.type][(p.context or "").strip().lower()].append(p)
        return d

    co, cn = contexts(po), contexts(pn)
    loose = {t for t in co.keys() & cn.keys() if co[t].keys() != cn[t].keys()}
    if not loose:
        return po, pn
    out_o = [p for p in po if p.type not in loose]
    out_n = [p for p in pn if p.type not in loose]
    for t in sorted(loose):
        if len(cn[t]) > 1 and len(co[t]) == 1:  # pages merged into one page of per-workload rows: the mirror
            merged_n, merged_o = _closest_context(cn[t], co[t])
            out_n.append(merged_n)
            out_o.append(merged_o)
            continue
        rows_n = [p for rows in cn[t].values() for p in rows]
        scopes_n = {s.casefold() for p in rows_n for s in p.scopes}
        status_n = "supported" if any(p.status == "supported" for p in rows_n) else rows_n[0].status
        out_n.append(_merged_row(rows_n, sorted({s for p in rows_n for s in p.scopes}), status_n))
        by_ctx = co[t]
        best = max(sorted(by_ctx), key=lambda c: len({s.casefold() for p in by_ctx[c] for s in p.scopes} & scopes_n))
        kept = [s for p in by_ctx[best] for s in p.scopes]
        kept += [s for c, rows in by_ctx.items() if c != best for p in rows for s in p.scopes if s.casefold() in scopes_n]
        rows_o = [p for rows in by_ctx.values() for p in rows]
        status_o = "supported" if any(p.status == "supported" for p in rows_o) else rows_o[0].status
        out_o.append(_merged_row(by_ctx[best] + rows_o, sorted(set(kept)), status_o))
    return out_o, out_n


def _merged_row(rows: list[Permission], scopes: list[str], status: PermissionStatus, context: str | None = None) -> Permission:
    """One row (of ``context``) standing for ``rows``, holding ``scopes``: the first row's fields, and
    the alternatives of all rows whose scopes are all kept (scopes required together stay
    together), each other scope an alternative of its own."""
    kept = {x.casefold() for x in scopes}
    alternatives: list[ScopeSet] = []
    seen: set[frozenset[str]] = set()
    for p in rows:
        for a in p.alternatives or [ScopeSet([x]) for x in p.scopes]:
            key = frozenset(x.casefold() for x in a.scopes)
            if key <= kept and key not in seen:
                seen.add(key)
                alternatives.append(a)
    covered = {x for k in seen for x in k}
    alternatives += [ScopeSet([x]) for x in scopes if x.casefold() not in covered]
    return replace(rows[0], context=context, scopes=scopes, status=status, alternatives=alternatives)


def _gone_with_siblings(po: list[Permission], pn: list[Permission], eo: Endpoints, en: Endpoints, o: Operation, u: Unit) -> list[Permission]:
    """A page documenting several endpoints split into pages of their own: a base scope this endpoint's
    new page does not list but the new page of another endpoint of the old page does went with that
    endpoint (rows like "For **channel** resource: ..." have no context in the IR). Not compared."""
    siblings: dict[str, set[str]] = defaultdict(set)
    mine = {id(n) for n in u.new}
    for k in eo.keys_of.get(id(o), []):
        if k in u.keys:
            continue
        for n in en.ops(k):
            if id(n) not in mine:
                for p in n.permissions:
                    siblings[p.type] |= {s.casefold() for s in p.scopes}
    if not siblings:
        return po
    here: dict[str, set[str]] = defaultdict(set)
    for p in pn:
        here[p.type] |= {s.casefold() for s in p.scopes}
    return [_merged_row([p], [s for s in p.scopes if s.casefold() in here[p.type] or s.casefold() not in siblings[p.type]], p.status, p.context) for p in po]


def _closest_context(many: dict[str, list[Permission]], one: dict[str, list[Permission]]) -> tuple[Permission, Permission]:
    """(the side with several contexts reduced to its context closest to the other side, the other side)."""
    rows_1 = [p for rows in one.values() for p in rows]
    scopes_1 = {s.casefold() for p in rows_1 for s in p.scopes}
    best = max(sorted(many), key=lambda c: len({s.casefold() for p in many[c] for s in p.scopes} & scopes_1))
    kept = [s for p in many[best] for s in p.scopes]
    kept += [s for c, rows in many.items() if c != best for p in rows for s in p.scopes if s.casefold() in scopes_1]
    rows_m = [p for rows in many.values() for p in rows]
    status_m = "supported" if any(p.status == "supported" for p in rows_m) else rows_m[0].status
    status_1 = "supported" if any(p.status == "supported" for p in rows_1) else rows_1[0].status
    return (_merged_row(many[best] + rows_m, sorted(set(kept)), status_m),
            _merged_row(rows_1, sorted({s for p in rows_1 for s in p.scopes}), status_1))


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
    if a.type and b.type and (bool(a.collection) != bool(b.collection) or not out.same(a.type, b.type, a.source, b.source)):
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
    if bo and bn and bo.type and bn.type and (bo.collection != bn.collection or not out.same(bo.type, bn.type, bo.source, bn.source)):
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
        if not out.same(ta, tb, src_a, src_b):
            out.add("response-type-changed", subj, "response", f"response type {a} -> {b}", old=a, new=b,
                    old_source=src_a, new_source=src_b, label=label)
        elif ca != cb:
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


def _operation(out: _Out, subj: str, label: str, o: Operation, n: Operation) -> None:
    """Everything but permissions, of one pair of pages (once, however many endpoints they share)."""
    query_templates(out, subj, label, o, n)
    arguments(out, subj, label, o, n)
    _headers(out, subj, label, o, n)
    _parameters(out, subj, label, o, n)
    _body(out, subj, label, o, n)
    _response(out, subj, label, o, n)
    _operation_deprecated(out, subj, label, o, n)
    if o.title != n.title or o.description != n.description:
        out.add("operation-description-changed", subj, "", "title or description changed",
                old=o.description, new=n.description, old_source=o.source, new_source=n.source, label=label)
    _examples(out, subj, label, o, n)


_DEPRECATED = re.compile(r"\bdeprecat(?:ed|es|ion)\b", re.IGNORECASE)


def deprecated(text: str | None) -> bool:
    return bool(text) and _DEPRECATED.search(text or "") is not None


def _operation_deprecated(out: _Out, subj: str, label: str, o: Operation, n: Operation) -> None:
    """The page (title or description), or one of its parameters or request-body properties, now
    says it is deprecated."""
    if deprecated(f"{n.title} {n.description}") and not deprecated(f"{o.title} {o.description}"):
        out.add("operation-deprecated", subj, "", "operation deprecated: " + _excerpt(f"{n.title} {n.description}"),
                old_source=o.source, new_source=n.source, label=label)
    items: list[tuple[str, list[Parameter] | list[Property], list[Parameter] | list[Property]]] = [("parameter", o.parameters, n.parameters)]
    items.append(("request property", o.request_body.properties if o.request_body else [], n.request_body.properties if n.request_body else []))
    for noun, mo, mn in items:
        before = _named(mo, True)
        for k, b in _named(mn, True).items():
            a = before.get(k)
            if a is not None and deprecated(b.description) and not deprecated(a.description):
                out.add("operation-deprecated", subj, f"{noun} {b.name}", f"{noun} {b.name} deprecated: {_excerpt(b.description)}",
                        old_source=a.source, new_source=b.source, label=label)


def _excerpt(text: str) -> str:
    m = _DEPRECATED.search(text)
    if m is None:
        return text[:120]
    start = max(0, m.start() - 60)
    return ("…" if start else "") + text[start : m.end() + 60].strip() + ("…" if m.end() + 60 < len(text) else "")


def _operations(out: _Out, old: Document, new: Document) -> None:
    eo, en = Endpoints.of(old), Endpoints.of(new)
    us = units(eo, en)
    related = related_pairs(eo, en, us, old, new)
    lines = pair_lines(eo, en, related)
    removed_added(out, eo, en, lines)
    new_by_id = {op.id: op for op in new.operations}
    done_perms: set[tuple[int, int, str]] = set()
    pairs: dict[tuple[int, int], tuple[Operation, Operation, str, str, list[EndpointKey]]] = {}
    for u in us:
        o, n = u.rep
        k = u.keys[0]
        r = first_line(eo, o, k)
        subj = subject_of(r)
        rn = first_line(en, n, k) if (id(n), k) in en.lines_of else r
        label = label_of(rn)
        po, pn = endpoint_permissions(u.old, u.new)
        if o.id != n.id:
            po = _gone_with_siblings(po, pn, eo, en, o, u)
        sig = (id(o), id(n), repr((po, pn)))
        if sig not in done_perms:
            done_perms.add(sig)
            _permissions(out, subj, label, replace(o, permissions=po), replace(n, permissions=pn))
        stays = new_by_id.get(o.id)
        if stays is not None and stays is not n:
            continue  # the page goes on (same id) and is compared with itself; here only the endpoint moved
        if (id(o), id(n)) not in pairs:
            pairs[(id(o), id(n))] = (o, n, subj, label, [])
        pairs[(id(o), id(n))][4].extend(u.keys)
    relative: dict[tuple[int, int], list[LinePair]] = defaultdict(list)
    for p in lines:
        if p.notation:
            relative[(id(p.old_op), id(p.new_op))].append(p)
    compared = {i for key in pairs for i in key}
    for p in lines:
        key = (id(p.old_op), id(p.new_op))
        if key not in pairs and id(p.old_op) not in compared:
            r = first_line(eo, p.old_op, p.old)
            pairs[key] = (p.old_op, p.new_op, subject_of(r), label_of(first_line(en, p.new_op, p.new)), [])
            _permissions(out, subject_of(r), pairs[key][3], p.old_op, p.new_op)
            compared |= set(key)
    for o in old.operations:
        same = new_by_id.get(o.id)
        if same is None or id(o) in compared or id(same) in compared:
            continue
        n = same
        keys = eo.keys_of.get(id(o)) or []
        subj = label = subject_of(first_line(eo, o, keys[0])) if keys else f"(no request line) {o.id}"
        pairs[(id(o), id(n))] = (o, n, subj, label, [])
        _permissions(out, subj, label, o, n)
        compared |= {id(o), id(n)}
    for key, (o, n, subj, label, keys) in pairs.items():
        notation(out, subj, label, eo, en, o, n, keys, relative.get(key, []))
        _operation(out, subj, label, o, n)
    documented_elsewhere(out, eo, en, old.operations, new_by_id)


# --- types -----------------------------------------------------------------------------------

def _moved(po: dict[str, Property], pn: dict[str, Property], ro: dict[str, Property], rn: dict[str, Property]) -> set[str]:
    """Names that leave one table (properties or relationships) and appear only in the other."""
    return ({k for k in po.keys() - pn.keys() if k in rn and k not in ro}
            | {k for k in ro.keys() - rn.keys() if k in pn and k not in po})


def _type_member_changes(out: _Out, subj: str, kind: str, k: str, a: Property, b: Property) -> None:
    """Type, collection-ness and description of a member present on both sides (or moved). A
    relationship inferred from request URLs on either side (``origin`` request_url) is compared by
    name only: its type and collection-ness are docgen's reading of a response, not a member the
    docs describe."""
    if "request_url" in (a.origin, b.origin):
        return
    ta, tb = type_text(a.type, a.collection), type_text(b.type, b.collection)
    if not a.type or not b.type:
        pass  # a side states no type (a Type cell the parser could not read): the type is not known to change
    elif not out.same(a.type, b.type, a.source, b.source):
        out.add(f"{kind}-type-changed", subj, f"{kind} {k}", f"{kind} {k}: type {ta} -> {tb}", old=ta, new=tb,
                old_source=a.source, new_source=b.source)
    elif bool(a.collection) != bool(b.collection):
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
    if a.qualified_name.lower() != b.qualified_name.lower():
        out.add("type-namespace-changed", subj, "namespace", f"{a.kind} type {a.qualified_name} moved to namespace {b.namespace}: now {b.qualified_name}",
                old=a.qualified_name, new=b.qualified_name, old_source=a.source, new_source=b.source)
    elif a.qualified_name != b.qualified_name:
        out.same(a.qualified_name, b.qualified_name, a.source, b.source)
    _type_deprecated(out, subj, a, b)
    if a.kind != b.kind:
        out.add("type-kind-changed", subj, "kind", f"kind {a.kind} -> {b.kind}", old=a.kind, new=b.kind,
                old_source=a.source, new_source=b.source)
    if (a.base or "").lower() != (b.base or "").lower():
        out.add("base-type-changed", subj, "base", f"base type {a.base or '(none)'} -> {b.base or '(none)'}",
                old=a.base, new=b.base, old_source=a.source, new_source=b.source)
    # a key stated where none was (or no longer stated), the kind unchanged: the docs now (no longer) say it
    if (a.key or "") != (b.key or "") and ((a.key and b.key) or a.kind != b.kind):
        out.add("type-key-changed", subj, "key", f"key property {a.key or '(none)'} -> {b.key or '(none)'}",
                old=a.key, new=b.key, old_source=a.source, new_source=b.source)
    if a.description != b.description:
        out.add("type-description-changed", subj, "", "description changed", old=a.description, new=b.description,
                old_source=a.source, new_source=b.source)
    _members(out, subj, a, b)
    _enum(out, subj, a.members, b.members, a, b)


def _type_deprecated(out: _Out, subj: str, a: Type, b: Type) -> None:
    if deprecated(b.description) and not deprecated(a.description):
        out.add("type-deprecated", subj, "", f"{b.kind} type {b.qualified_name} deprecated: {_excerpt(b.description)}",
                old_source=a.source, new_source=b.source)
    for kind, mo, mn in (("property", a.properties, b.properties), ("relationship", a.relationships, b.relationships), ("member", a.members, b.members)):
        before = _named(mo)
        for k, m in _named(mn).items():
            was = before.get(k)
            if was is not None and deprecated(m.description) and not deprecated(was.description):
                out.add("type-deprecated", subj, f"{kind} {k}", f"{kind} {k} deprecated: {_excerpt(m.description)}",
                        old_source=was.source, new_source=m.source)


def _namespace_moves(to: dict[tuple[str, str], Type], tn: dict[tuple[str, str], Type]) -> dict[tuple[str, str], tuple[str, str]]:
    """Types that left one namespace and arrived in another under the same name (one of each)."""
    gone: dict[str, list[tuple[str, str]]] = defaultdict(list)
    came: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for k in to.keys() - tn.keys():
        gone[k[1]].append(k)
    for k in tn.keys() - to.keys():
        came[k[1]].append(k)
    return {gone[name][0]: came[name][0] for name in gone if len(gone[name]) == 1 and len(came.get(name, [])) == 1}


def _defined_types(doc: Document) -> dict[tuple[str, str], Type]:
    """Types keyed by (namespace, name), without those known only from a request-body table: their
    properties are the body's, compared (once) as request-body properties."""
    bodies = {op.request_body.source for op in doc.operations if op.request_body and op.request_body.source}
    return {type_key(t): t for t in doc.types if t.source is None or t.source not in bodies}


def _types(out: _Out, old: Document, new: Document) -> None:
    to, tn = _defined_types(old), _defined_types(new)
    moves = _namespace_moves(to, tn)
    arrived = set(moves.values())
    for k, a in to.items():
        b = tn.get(k) or (tn[moves[k]] if k in moves else None)
        if b is None:
            out.add("type-removed", a.qualified_name, "", f"{a.kind} type {a.qualified_name} removed", old=a.kind,
                    old_source=a.source)
        else:
            _type(out, a, b)
    for k, b in tn.items():
        if k not in to and k not in arrived:
            out.add("type-added", b.qualified_name, "", f"{b.kind} type {b.qualified_name} added", new=b.kind,
                    new_source=b.source)


def _version(text: str) -> tuple[int, ...]:
    parts = [int(p) for p in text.split(".") if p.isdigit()]
    return tuple(parts)


def compare(old: Document, new: Document) -> list[Finding]:
    """Every change from ``old`` (base) to ``new`` (revision), sorted by subject then rule."""
    out = _Out(min(_version(old.ir_version), _version(new.ir_version)))
    to, tn = _defined_types(old), _defined_types(new)
    out.renamed = {".".join(a): ".".join(b) for a, b in _namespace_moves(to, tn).items()}
    _operations(out, old, new)
    _types(out, old, new)
    pages = {subject_of(r): (op.title, op.id) for d in (old, new) for op in d.operations for r in op.requests}
    for f in out.items:
        if f.kind == "operation" and f.subject in pages:
            f.title, f.page = pages[f.subject]
    return once(sorted(out.items, key=sort_key))


def once(findings: list[Finding]) -> list[Finding]:
    """One finding per change: the first of those sharing a fingerprint (one endpoint documented on
    several pages, a type referred to by several pages)."""
    seen: set[str] = set()
    out = []
    for f in findings:
        fp = f.fingerprint
        if fp not in seen:
            seen.add(fp)
            out.append(f)
    return out
