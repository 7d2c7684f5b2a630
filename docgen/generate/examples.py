"""Documented examples -> view-models of pytest tests that replay them against the generated client.

Each request/response pair becomes one test: the client builds the request through the navigation
that mirrors the example's path (values taken from the example's URL), an ``httpx.MockTransport``
answers with the documented response, and the test asserts method, path, query and JSON body equal
the docs and that the parsed result gives back the documented JSON. Examples with diagnostics are
``xfail(strict=True)`` naming the codes; their tests assert what the diagnostic says is wrong (the
request line, an unreadable body, the documented status), so they genuinely fail. JSON the docs
write loosely (DG601: trailing commas, comments) is compared as the IR read it.
"""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import unquote

from .. import diagnostics as dg
from ..ir.model import Example, HttpMessage, Operation, json_like
from ..ir.paths import COUNT, HOLE, call_match, is_cast, is_colon_path, segment_regex, split_path
from .client import QUERY_OPTIONS, VERBS, BuilderView, ChildView, ClientView, MethodView
from ..runtime._urls import COLLECTION_OPTIONS, COUNT_OPTIONS, ODATA_OPTIONS
from .types import TypeMap
from .render import Code, literal
from .names import ModuleName, PythonIdentifier, Scope, slug, snake

# Test modules are cut where the operation id's hash says so (content-defined chunking, as rsync
# and backup tools cut files): a page added, removed or edited changes the module it falls in and
# no other, where fixed-size chunks renumber every module after it. About one operation in
# CHUNK_EVERY starts a module; a module holds at least CHUNK_MIN tests (the last excepted), so
# small SDKs keep one module per path root, and never more than CHUNK_MAX.
CHUNK_EVERY = 8
CHUNK_MIN = 5
CHUNK_MAX = 40
_CAST_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+$")  # as runtime cast_name_segment
TEXT_OPTIONS = {key for key, _, ann in ODATA_OPTIONS if ann in ("str", "StrOrList")}  # given as written


@dataclass(slots=True)
class Step:
    kind: str  # lit | param | fn
    name: PythonIdentifier
    args: list[Code] = field(default_factory=list)  # Python literals (repr)


@dataclass(slots=True)
class TestView:
    name: PythonIdentifier
    title: str
    source: str
    xfail: str | None
    doc: list[tuple[PythonIdentifier, Code]]  # DocExample keyword -> Python literal
    steps: list[Step] | None  # None: no request to build
    method: PythonIdentifier | None
    kwargs: list[tuple[PythonIdentifier, Code]]  # keyword -> Python expression (validated pieces only)
    mode: str  # json | raw | error
    response_json: bool
    check_status: bool
    unreadable: bool = False  # a body meant as JSON is unreadable: the test fails saying so


@dataclass(slots=True)
class TestModuleView:
    name: str  # file stem
    root_segment: str
    tests: list[TestView]
    doc: str = ""


@dataclass(slots=True)
class Route:
    steps: list[Step]
    node: BuilderView | None  # the builder reached; None for the runtime's count / cast builders
    terminal: str = ""  # "" | count | cast


Literals = dict[BuilderView, dict[str, list[ChildView]]]


def _literals(node: BuilderView, cache: Literals) -> dict[str, list[ChildView]]:
    """A builder's literal children by case-folded (decoded) segment text, indexed once per build."""
    index = cache.get(node)
    if index is None:
        index = cache[node] = {}
        for c in node.child_views:
            if c.kind == "lit":
                index.setdefault(_lit_text(c).casefold(), []).append(c)
    return index


def _route(root: BuilderView, path: str, verb: str, types: TypeMap | None, literals: Literals) -> Route | None:
    """The navigation calls that produce ``path`` on the generated client and end at a builder
    with a ``verb`` method (or at ``/$count`` / a type cast for GET), or None.

    Literal segments are preferred to ``$count`` and casts, those to function segments, and those
    to ``by_id``; the walk backtracks when a choice leads nowhere."""
    segs = [unquote(s) for s in split_path(path)]  # %2F inside a value stays in its segment
    # root:/a/b.txt at the end is root:/a/b.txt: (the client always sends the colon; Graph reads both)
    segs = [s + ":" if is_colon_path(s) and not s.endswith(":") else s for s in segs]
    verb = verb.upper()

    def choices(node: BuilderView, i: int, steps: list[Step]) -> Iterator[Route | tuple[BuilderView, int, list[Step]]]:
        """The ways on from ``node`` at segment ``i``, best first: a Route ends the walk, a
        tuple is a builder to walk on from (tried depth-first by the loop below)."""
        if i == len(segs):
            if any(m.verb == verb for m in node.methods):
                yield Route(steps, node)
            return
        seg = segs[i]
        views = node.child_views
        same = _literals(node, literals).get(seg.casefold(), [])
        for c in sorted(same, key=lambda c: _lit_text(c) != seg):  # exact spelling first
            yield c.builder, i + 1, steps + [Step("lit", c.name)]
        if node.collection and verb == "GET":
            rest = segs[i:]
            if [s.casefold() for s in rest] == [COUNT]:
                yield Route(steps + [Step("lit", PythonIdentifier("count"))], None, "count")
                return
            model = _cast_model(rest[0], types) if is_cast(rest[0]) else None
            # a cast to a type no page defines: by name, parsed as open models
            named = model is None and is_cast(rest[0]) and _CAST_NAME.match(rest[0]) is not None
            if (model is not None or named) and (len(rest) == 1 or [s.casefold() for s in rest[1:]] == [COUNT]):
                call = Step("fn", PythonIdentifier("of_type"), [Code(model)]) if model is not None else Step("fn", PythonIdentifier("of_type_named"), [literal(rest[0])])
                cast = steps + [call]
                if len(rest) == 1:
                    yield Route(cast, None, "cast")
                else:
                    yield Route(cast + [Step("lit", PythonIdentifier("count"))], None, "count")
                return
        for c in views:
            if c.kind != "fn":
                continue
            if c.call:
                by_hole: dict[str, str] | None = call_match(c.template, seg)
            else:
                m = segment_regex(c.template).match(seg)
                by_hole = dict(zip(HOLE.findall(c.template), m.groups())) if m else None
            if by_hole is None:
                continue
            yield c.builder, i + 1, steps + [Step("fn", c.name, [literal(by_hole.get(h)) for _, h in c.params])]
        for c in views:
            if c.kind == "param":
                yield c.builder, i + 1, steps + [Step("param", c.name, [literal(seg)])]
                return

    # an explicit stack, not recursion: a path may have more segments than Python's recursion limit
    stack = [choices(root, 0, [])]
    while stack:
        item = next(stack[-1], None)
        if item is None:
            stack.pop()
        elif isinstance(item, Route):
            return item
        else:
            stack.append(choices(*item))
    return None


_LITERAL_DEPTH = 50  # Python's parser refuses literals nested deeper than 200


def _json_literal(value: object) -> Code:
    """A JSON value as a Python literal; nested deeper than ``_LITERAL_DEPTH``, as
    ``json.loads(<its JSON text>)`` (the same value, and a test module that compiles)."""
    stack = [(value, 1)]
    while stack:
        v, depth = stack.pop()
        if depth > _LITERAL_DEPTH:
            return Code(f"json.loads({literal(json.dumps(value, ensure_ascii=False))})")
        if isinstance(v, dict):
            stack.extend((x, depth + 1) for x in v.values())
        elif isinstance(v, list):
            stack.extend((x, depth + 1) for x in v)
    return literal(value)


def _lit_text(c: ChildView) -> str:
    return unquote(c.literal)




def _cast_model(seg: str, types: TypeMap | None) -> str | None:
    if types is None:
        return None
    by_name = types.folded()
    ref = by_name.get(seg.casefold())
    return types.models_ref(ref) if ref is not None and types.is_model(ref) else None


# What the runtime's count and cast builders accept (``_builders.CountBuilder`` / ``CastBuilder``).
COUNT_METHOD = MethodView("GET", PythonIdentifier("get"), [], None, [QUERY_OPTIONS[k] for k in COUNT_OPTIONS], Code("int"), Code(""), None, "")
CAST_METHOD = MethodView(
    "GET", PythonIdentifier("get"), [], None,
    [QUERY_OPTIONS[k] for k in ("$select", "$expand") + COLLECTION_OPTIONS],
    Code(""), Code(""), None, "",
)


def _query_kwargs(query: str | None, method: MethodView) -> list[tuple[PythonIdentifier, Code]]:
    accepted = {kw for kw, _ in method.options}
    typed: dict[str, Code] = {}
    extra: list[tuple[str, str]] = []
    for part in (query or "").split("&"):
        if not part:
            continue
        key, _, value = part.partition("=")
        key, value = unquote(key), unquote(value)
        kw = key[1:] if key.startswith("$") else None
        if kw and kw in accepted and kw not in typed:
            if key in TEXT_OPTIONS:
                typed[kw] = literal(value)
                continue
            # ASCII digits only ("²".isdigit() is True, int("²") raises), and few enough for int()
            if key in ("$top", "$skip") and value.isascii() and value.isdigit() and len(value) <= 18 and str(int(value)) == value:
                typed[kw] = literal(int(value))
                continue
            if key == "$count" and value in ("true", "false"):
                typed[kw] = literal(value == "true")
                continue
        extra.append((key, value))
    out = [(PythonIdentifier(k), v) for k, v in sorted(typed.items())]
    if extra:
        out.append((PythonIdentifier("params"), literal(extra)))
    return out


def _is_json(msg: HttpMessage, media: bool = False) -> bool:
    """Whether the docs mean this body as JSON: the parser read it as JSON, or it is JSON-like and
    unreadable (:meth:`HttpMessage.unreadable_json`). A ``/$value`` response (``media``) is raw
    content unless declared JSON. Anything else (``{Raw bytes}``, text) is replayed as bytes."""
    if not msg.body_text.strip():
        return False
    if media and not any(k.lower() == "content-type" for k, _ in msg.headers):
        return False
    return msg.body is not None or json_like(msg.body_text)


@lru_cache(maxsize=None)
def _field(name: str) -> PythonIdentifier:
    return PythonIdentifier(name)


def _reason(codes: list[str], found: list[str]) -> str:
    parts = []
    for code in sorted(set(codes) | set(found)):
        c = dg.CODES.get(code)
        text = f"{code}: {c.name}" if c else code
        parts.append(text + (" (found by docgen build, not by the checker)" if code not in codes else ""))
    return "; ".join(parts)


def _strict_json(text: str) -> bool:
    """Whether Python's json reads ``text`` as the parser's strict pass did (called on bodies the
    parser read, so never deeper than ``lenient_json.MAX_DEPTH``)."""
    try:
        json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


def build_test(
    op: Operation, ex: Example, client: ClientView, name: PythonIdentifier, literals: Literals | None = None
) -> tuple[TestView, str]:
    """The test for one example, and the root segment it belongs to (for grouping)."""
    literals = {} if literals is None else literals
    req, resp = ex.request, ex.response
    src = f"{ex.source.file}:{ex.source.line}" if ex.source else ""
    fields: list[tuple[str, object]] = [("source", src)]
    if req is not None:
        fields += [("method", req.method), ("path", req.path), ("query", req.query)]
        fields += [("request_headers", tuple(tuple(h) for h in req.headers)), ("request_text", req.body_text)]
        req_json = not req.body_text.strip() or _is_json(req)
        fields.append(("request_is_json", req_json))
    if resp is not None:
        fields += [("status", resp.status), ("response_headers", tuple(tuple(h) for h in resp.headers))]
        fields += [("response_text", resp.body_text)]
    fields.append(("documented_status", op.response.status if op.response else None))
    # JSON the docs wrote loosely (trailing commas, comments...) is tested as the IR read it
    if req is not None and req.body is not None and not _strict_json(req.body_text):
        fields.append(("request_lenient", req.body))
    if resp is not None and resp.body is not None and not _strict_json(resp.body_text):
        fields.append(("response_lenient", resp.body))
    doc = [(_field(k), _json_literal(v) if k.endswith("_lenient") else literal(v)) for k, v in fields]
    found: list[str] = []  # inconsistencies the checker did not report; the test fails on them
    media = req is not None and (req.path or "").rstrip("/").lower().endswith("/$value")
    # a body meant as JSON that docgen could not read (DG602, DG610): nothing to replay or compare
    unreadable = any(m is not None and m.unreadable_json() for m in (req, resp))
    if unreadable and not {"DG602", "DG610"} & set(ex.diagnostics):
        found.append("DG602")
    steps: list[Step] | None = None
    method: MethodView | None = None
    kwargs: list[tuple[PythonIdentifier, Code]] = []
    root_segment = split_path(op.requests[0].path)[0] if op.requests and split_path(op.requests[0].path) else ""
    if req is not None and req.path is not None and op.requests:
        verb = (req.method or "").upper()
        route = None if "DG605" in ex.diagnostics else _route(client.root, req.path, verb, client.types, literals)
        if route is None:
            if "DG605" not in ex.diagnostics:
                found.append("DG605")
            # the page's first request line, placeholders as values: the test fails on the path
            verb = op.requests[0].method.upper()
            route = _route(client.root, op.requests[0].path, verb, client.types, literals)
        segs = split_path(op.requests[0].path)
        root_segment = segs[0] if segs else ""
        if route is not None:
            steps = route.steps
            if route.terminal == "count":
                method = COUNT_METHOD
            elif route.terminal == "cast":
                method = CAST_METHOD
            elif route.node is not None:
                method = next((m for m in route.node.methods if m.verb == verb), None)
        if method is None:
            steps = None
        else:
            if req.body_text.strip() and method.body is not None and not req_json:
                kwargs.append((PythonIdentifier("content"), Code('doc.request_text.encode("utf-8")')))
            elif req.body_text.strip() and method.body is not None:
                loads = "_t.request_json(doc)"
                if method.body.startswith("_m.") and isinstance(req.body, dict):
                    loads = f"{method.body.split(' ')[0]}.model_validate({loads})"
                kwargs.append((PythonIdentifier("body"), Code(loads)))
            kwargs += _query_kwargs(req.query, method)
            kwargs.append((PythonIdentifier("headers"), Code("_t.request_headers(doc)")))
    mode = "raw"
    if resp is not None and resp.status is not None and resp.status >= 400:
        mode = "error"
    elif resp is not None and _is_json(resp, media):
        # a method the deciding page says returns nothing (or bytes) replays another page's JSON raw
        mode = "raw" if method is not None and method.kind in ("none", "bytes") else "json"
    view = TestView(
        name=name,
        title=f"{op.title} — {ex.name} ({src})",
        source=src,
        xfail=_reason(ex.diagnostics, [c for c in found if c not in ex.diagnostics]) if ex.diagnostics or found else None,
        doc=doc,
        steps=steps,
        method=method.name if method else None,
        kwargs=kwargs,
        mode=mode,
        response_json=resp is not None and _is_json(resp, media),
        check_status="DG606" in ex.diagnostics,
        unreadable=unreadable,
    )
    return view, root_segment


def starts_chunk(op_id: str) -> bool:
    """Whether a test module starts at this operation: a property of the id alone."""
    return zlib.crc32(op_id.encode("utf-8")) % CHUNK_EVERY == 0


def chunks(tests: list[tuple[str, TestView]]) -> list[tuple[str, list[TestView]]]:
    """(first operation id, tests) per module, in order: one operation's tests stay together; a
    module starts at an operation for which :func:`starts_chunk` holds once the open module has
    CHUNK_MIN tests, or when it has CHUNK_MAX."""
    out: list[tuple[str, list[TestView]]] = []
    prev: str | None = None
    for op_id, view in tests:
        new_op = op_id != prev
        size = len(out[-1][1]) if out else 0
        if not out or (new_op and ((size >= CHUNK_MIN and starts_chunk(op_id)) or size >= CHUNK_MAX)):
            out.append((op_id, []))
        out[-1][1].append(view)
        prev = op_id
    return out


def build_tests(operations: list[Operation], client: ClientView) -> list[TestModuleView]:
    modules: dict[str, list[tuple[str, TestView]]] = {}
    scopes: dict[str, Scope] = {}
    literals: Literals = {}
    for op in sorted(operations, key=lambda o: o.id):
        for i, ex in enumerate(op.examples):
            if ex.request is None and ex.response is None:
                continue
            probe_root = split_path(op.requests[0].path)[0] if op.requests and split_path(op.requests[0].path) else ""
            view, root_segment = build_test(op, ex, client, PythonIdentifier("test_placeholder"), literals)
            key = root_segment or probe_root
            scope = scopes.setdefault(key, Scope())
            base = PythonIdentifier(f"test_{slug(op.id)}_{slug(ex.name or str(i))}")
            view.name = scope.ident(base)
            modules.setdefault(key, []).append((op.id, view))
    out = []
    names = Scope()
    for key in sorted(modules):
        stem = "test_" + snake(key, fallback="root")
        where = f"/{key}" if key else "the root"
        doc = f"Tests replaying the documented examples of {where} (generated by docgen; do not edit)."
        for n, (first, tests) in enumerate(chunks(modules[key])):  # small files: cheap to re-format
            module = names.module(ModuleName(stem if n == 0 else f"{stem}__{slug(first)[:60].rstrip('_')}"))
            out.append(TestModuleView(module, key, tests, doc))
    return out


__all__ = ["build_tests", "TestModuleView", "TestView", "Step", "VERBS"]
