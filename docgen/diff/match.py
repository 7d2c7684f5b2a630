"""What stands for what between base and revision, across the whole revision (not page by page).

* Endpoints: ``(METHOD, canonical path)`` (:func:`endpoint_key`): placeholders are ``{}``, case is
  ignored, Graph's path aliases are resolved (``/me`` is ``/users/{}``, ``/drive`` is ``/me/drive``,
  ``root`` and ``root:/{path}:`` below a drive are ``items/{}``: :func:`docgen.ir.paths.canonical`),
  and function arguments are parameters, not part of the path (``getX(period='{p}')`` is ``getx``).
  An endpoint is the same whichever page documents it: a page split, merged or renamed, or a request
  line moved to another page, changes nothing by itself.
* Units: the endpoints documented by the same pages on both sides are compared once, as one unit
  (:func:`units`): a page's content (permissions merged over every page documenting it, headers,
  parameters, body, response) is compared once per pair of pages, not once per request line.
* Request lines that leave and arrive at once on related pages (a pair of pages sharing an endpoint
  or a page id) are paired by best match (:func:`pair_lines`): a relative line the new one ends with
  (``/workbook/x`` -> ``/me/drive/items/{id}/workbook/x``: below an addressed entity) is a
  notation change, the rest a minimum-cost
  assignment on shared suffix and shared segments, never by position.
* Types: (namespace, name), case-insensitive (as the linker merges them).
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from ..ir.model import Document, Operation, RequestLine, Type
from ..ir.paths import canonical, function_template, split_path

_PARAM = re.compile(r"\{[^{}]*\}")
_SLASHES = re.compile(r"/{2,}")
_CALL_NAME = re.compile(r"([A-Za-z_$][A-Za-z0-9_.$]*)\(")

EndpointKey = tuple[str, str]


def normalise_path(path: str) -> str:
    """The path as written, placeholders ``{}``, lower case: what findings name (their subject)."""
    p = _PARAM.sub("{}", path.strip())
    p = _SLASHES.sub("/", p).lower()
    if len(p) > 1:
        p = p.rstrip("/")
    return p if p.startswith("/") else "/" + p


def _call_name(seg: str) -> str:
    """``range(address='{address}')`` -> ``range``: a function's arguments are its parameters."""
    m = _CALL_NAME.match(seg)
    return m.group(1) if m else seg


def key_segments(path: str) -> list[str]:
    return canonical([_call_name(function_template(s)) for s in split_path(path)])


def endpoint_key(r: RequestLine) -> EndpointKey:
    return (r.method.upper(), "/" + "/".join(key_segments(r.path)))


def written(r: RequestLine) -> str:
    """``METHOD /normalised/{}/path`` as the docs write it (aliases and arguments kept)."""
    return f"{r.method.upper()} {normalise_path(r.path)}"


def type_key(t: Type) -> tuple[str, str]:
    return (t.namespace.lower(), t.name.lower())


@dataclass(slots=True)
class Endpoints:
    """One side's endpoints: key -> the operations (pages) stating it, and their request lines."""

    by_key: dict[EndpointKey, list[tuple[Operation, RequestLine]]] = field(default_factory=dict)
    keys_of: dict[int, list[EndpointKey]] = field(default_factory=dict)  # id(op) -> keys, docs order
    lines_of: dict[tuple[int, EndpointKey], list[RequestLine]] = field(default_factory=dict)  # (id(op), key) -> lines
    # segments that follow an addressed entity somewhere on this side (request lines or example
    # requests): ``workbook`` in ``/me/drive/items/{id}/workbook``; a line starting with one is relative
    mounted: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, doc: Document) -> "Endpoints":
        by_key: dict[EndpointKey, list[tuple[Operation, RequestLine]]] = defaultdict(list)
        keys_of: dict[int, list[EndpointKey]] = {}
        lines_of: dict[tuple[int, EndpointKey], list[RequestLine]] = defaultdict(list)
        for op in doc.operations:  # sorted by id: candidate lists are in id order
            keys: list[EndpointKey] = []
            for r in op.requests:
                k = endpoint_key(r)
                lines_of[(id(op), k)].append(r)
                if k in keys:
                    continue
                keys.append(k)
                by_key[k].append((op, r))
            keys_of[id(op)] = keys
        mounted: set[str] = set()
        for op in doc.operations:
            paths = [r.path for r in op.requests] + [e.request.path for e in op.examples if e.request is not None and e.request.path]
            for path in paths:
                segs = key_segments(path)
                mounted.update(b for a, b in zip(segs, segs[1:]) if a == "{}" and b != "{}")
        return cls(dict(by_key), keys_of, dict(lines_of), mounted)

    def ops(self, key: EndpointKey) -> list[Operation]:
        return [op for op, _ in self.by_key.get(key, [])]


@dataclass(slots=True)
class Unit:
    """Endpoints documented by the same pages on both sides, compared once."""

    old: list[Operation]  # every page documenting the unit's endpoints, base side
    new: list[Operation]
    keys: list[EndpointKey]  # in the order the representative old page states them

    @property
    def rep(self) -> tuple[Operation, Operation]:
        """The pair of pages whose content stands for the unit: the same page id when there is one."""
        new_ids = {op.id: op for op in self.new}
        for op in self.old:
            if op.id in new_ids:
                return op, new_ids[op.id]
        return self.old[0], self.new[0]


def units(old: Endpoints, new: Endpoints) -> list[Unit]:
    groups: dict[tuple[tuple[int, ...], tuple[int, ...]], Unit] = {}
    for k, olds in old.by_key.items():
        news = new.by_key.get(k)
        if not news:
            continue
        gk = (tuple(id(o) for o, _ in olds), tuple(id(n) for n, _ in news))
        u = groups.get(gk)
        if u is None:
            u = groups[gk] = Unit([o for o, _ in olds], [n for n, _ in news], [])
        u.keys.append(k)
    out = list(groups.values())
    for u in out:
        order = {k: i for i, k in enumerate(old.keys_of.get(id(u.rep[0]), []))}
        u.keys.sort(key=lambda k: (order.get(k, len(order)), k))
    return out


@dataclass(slots=True)
class LinePair:
    """A request line that left the base (``old``) paired with one that arrived (``new``)."""

    old: EndpointKey
    new: EndpointKey
    old_op: Operation
    new_op: Operation
    notation: bool  # the new line ends with the old (relative) one: same endpoint, written absolutely


def _suffix(a: list[str], b: list[str]) -> int:
    n = 0
    while n < len(a) and n < len(b) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _relative(a: list[str], b: list[str], mounted: set[str]) -> bool:
    """``b`` is ``a`` written from the service root: ``a`` starts with a segment the base also writes
    below an addressed entity, and ``b`` ends with ``a`` below one (``/workbook/x`` ->
    ``/users/{}/drive/items/{}/workbook/x``). ``/widgets/{}`` -> ``/catalogs/{}/widgets/{}`` is a path
    parameter added when the base never writes ``.../{id}/widgets``."""
    return len(b) > len(a) > 0 and a[0] in mounted and b[-len(a):] == a and b[-len(a) - 1] == "{}"


def _score(a: list[str], b: list[str]) -> int:
    """How alike two paths are (0: not alike enough to be one endpoint moved)."""
    suffix = _suffix(a, b)
    shared = sum((Counter(a) & Counter(b)).values())
    literal = sum((Counter(s for s in a if s != "{}") & Counter(s for s in b if s != "{}")).values())
    if suffix == 0 and (2 * literal < max(len([s for s in a if s != "{}"]), 1) or a.count("{}") != b.count("{}")):
        return 0  # little in common, or the last segment and the parameters changed at once: another endpoint
    return 1 + 8 * suffix + 2 * literal + shared - abs(len(a) - len(b))


def assign(scores: list[list[int]]) -> list[tuple[int, int]]:
    """Maximum-score assignment of rows to columns (Hungarian algorithm, O(n^3)); pairs with a
    score of 0 are not pairs."""
    rows, cols = len(scores), len(scores[0]) if scores else 0
    if not rows or not cols:
        return []
    n = max(rows, cols)
    top = max(max(r) for r in scores) + 1
    cost = [[top - (scores[i][j] if i < rows and j < cols else 0) for j in range(n)] for i in range(n)]
    inf = float("inf")
    u, v, p, way = [0.0] * (n + 1), [0.0] * (n + 1), [0] * (n + 1), [0] * (n + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (n + 1)
        used = [False] * (n + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], inf, 0
            for j in range(1, n + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(n + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while True:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
            if j0 == 0:
                break
    out = []
    for j in range(1, n + 1):
        i = p[j] - 1
        if i < rows and j - 1 < cols and scores[i][j - 1] > 0:
            out.append((i, j - 1))
    return sorted(out)


def related_pairs(old: Endpoints, new: Endpoints, us: list[Unit], old_doc: Document, new_doc: Document) -> list[tuple[Operation, Operation]]:
    """Pairs of pages whose request lines may stand for each other: pages sharing an endpoint, and
    pages with the same id."""
    seen: set[tuple[int, int]] = set()
    out: list[tuple[Operation, Operation]] = []

    def add(o: Operation, n: Operation) -> None:
        if (id(o), id(n)) not in seen:
            seen.add((id(o), id(n)))
            out.append((o, n))

    for u in us:
        for o in u.old:
            for n in u.new:
                add(o, n)
    new_by_id = {op.id: op for op in new_doc.operations}
    for o in old_doc.operations:
        same = new_by_id.get(o.id)
        if same is not None:
            add(o, same)
    return out


def pair_lines(old: Endpoints, new: Endpoints, pairs: list[tuple[Operation, Operation]]) -> list[LinePair]:
    """Removed endpoints (no page of the revision states them) paired with added ones on related
    pages: notation first (a new line ending with the old one), then best match."""
    out: list[LinePair] = []
    taken_old: set[EndpointKey] = set()
    taken_new: set[EndpointKey] = set()
    segs: dict[EndpointKey, list[str]] = {}

    def s(k: EndpointKey) -> list[str]:
        if k not in segs:
            segs[k] = k[1].strip("/").split("/") if k[1] != "/" else []
        return segs[k]

    candidates: list[tuple[Operation, Operation, list[EndpointKey], list[EndpointKey]]] = []
    for o, n in pairs:
        gone = [k for k in old.keys_of.get(id(o), []) if k not in new.by_key]
        # new to the revision, or new to this page (same id: a line corrected to an endpoint another
        # page already documented: ``/groups/{id}/drive/{item-id}`` -> ``.../drive/items/{item-id}``)
        mine = set(old.keys_of.get(id(o), []))
        came = [k for k in new.keys_of.get(id(n), []) if k not in old.by_key or (o.id == n.id and k not in mine)]
        if gone:
            candidates.append((o, n, gone, came))
    # 1. relative -> absolute: every new line of the pair that ends with the old one (a line the
    # base documented elsewhere too counts: the relative line is then just gone)
    for o, n, gone, came in candidates:
        for a in gone:
            for b in new.keys_of.get(id(n), []):
                if b[0] == a[0] and b not in taken_new and (_relative(s(a), s(b), old.mounted)
                                                            or (b not in old.by_key and _relative(s(b), s(a), new.mounted))):
                    out.append(LinePair(a, b, o, n, True))
                    taken_old.add(a)
                    if b not in old.by_key:
                        taken_new.add(b)
    # 1b. the same across the revision: a relative line whose absolute form another page documents
    # (a page renamed while its lines were rewritten)
    tails: dict[tuple[str, tuple[str, ...]], list[EndpointKey]] = defaultdict(list)
    for b in new.by_key:
        sb = s(b)
        for i in range(1, len(sb)):
            if sb[i - 1] == "{}" and sb[i] in old.mounted:
                tails[(b[0], tuple(sb[i:]))].append(b)
    for a, entries in old.by_key.items():
        if a in new.by_key or a in taken_old or not s(a) or s(a)[0] not in old.mounted:
            continue
        for b in tails.get((a[0], tuple(s(a))), []):
            if b in taken_new:
                continue
            out.append(LinePair(a, b, entries[0][0], new.by_key[b][0][0], True))
            taken_old.add(a)
            if b not in old.by_key:
                taken_new.add(b)
    # 2. best match over what is left, one assignment per connected group of candidates
    edges: dict[tuple[EndpointKey, EndpointKey], tuple[int, Operation, Operation]] = {}
    for o, n, gone, came in candidates:
        for a in gone:
            if a in taken_old:
                continue
            for b in came:
                if b in taken_new or b[0] != a[0]:
                    continue
                sc = _score(s(a), s(b))
                if sc > 0 and ((a, b) not in edges or edges[(a, b)][0] < sc):
                    edges[(a, b)] = (sc, o, n)
    parent: dict[object, object] = {}

    def find(x: object) -> object:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]  # type: ignore[index]
            x = parent[x]
        return x

    for a, b in edges:
        parent[find(("o", a))] = find(("n", b))
    comps: dict[object, list[tuple[EndpointKey, EndpointKey]]] = defaultdict(list)
    for a, b in sorted(edges):
        comps[find(("o", a))].append((a, b))
    for _, es in sorted(comps.items(), key=lambda kv: kv[1][0]):
        rows = sorted({a for a, _ in es})
        cols = sorted({b for _, b in es})
        scores = [[edges[(a, b)][0] if (a, b) in edges else 0 for b in cols] for a in rows]
        for i, j in assign(scores):
            sc, o, n = edges[(rows[i], cols[j])]
            out.append(LinePair(rows[i], cols[j], o, n, False))
    return sorted(out, key=lambda p: (p.old, p.new))
