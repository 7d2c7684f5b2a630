"""Request lines -> a navigation tree of request builders that mirrors the URL.

Naming (documented in docs/generate.md):

* a literal segment is a property: ``/me/managedDevices`` -> ``client.me.managed_devices``;
* a ``{param}`` segment is ``by_id(value)``: ``/users/{id}`` -> ``client.users.by_id(x)``;
* any other segment with ``{holes}`` is a method taking them in order:
  ``range(address='{address}')`` -> ``.range(address)``; ``root:/{item-path}:`` -> ``.root_path(v)``;
* paths Graph treats as one share one builder class (:mod:`docgen.ir.paths`): ``client.me`` is
  ``client.users.by_id(x)``, ``client.drive`` is ``client.me.drive``, and a drive's ``root``,
  ``root_path(p)`` and ``items.by_id(x)`` are the same item builder;
* a builder of a collection (it has a collection GET) also has ``count`` (``/$count``) and
  ``of_type(models.X)`` (a type cast such as ``/microsoft.graph.group``);
* each HTTP method of a path is a group of methods on its builder: ``get`` / ``post`` / ``patch`` /
  ``put`` / ``delete`` (send and parse), ``<verb>_with_response`` (raw response), and
  ``build_<verb>_request`` (pure); a collection GET also has ``iter_all`` (follows nextLink).

Builders are grouped in one module per root segment (``builders/users.py``). The tree of paths
itself, with Graph's aliases merged, is built by :mod:`.navigation`.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from functools import lru_cache

from ..ir.model import Document, Operation, RequestLine, Type
from ..ir.paths import HOLE, OPTIONAL, is_call_template, is_colon_path
from ..runtime._urls import COLLECTION_OPTIONS, ENTITY_OPTIONS, ODATA_OPTIONS, encode_literal
from .names import (
    BUILDER_RESERVED,
    ClassName,
    ModuleName,
    PythonIdentifier,
    Scope,
    class_name,
    identifier,
    module_name,
    pascal,
    snake,
)
from .navigation import Key, Node, build_tree, find_node
from .responses import Result, body_type, result
from .render import Code
from .types import ANY, TypeMap

VERBS = {"GET": "get", "POST": "post", "PATCH": "patch", "PUT": "put", "DELETE": "delete"}
RUNTIME_ANNOTATIONS = {"StrOrList": "_rt.StrOrList"}  # runtime names, as generated code spells them
QUERY_OPTIONS: dict[str, tuple[PythonIdentifier, Code]] = {  # query key -> (kwarg, annotation)
    key: (PythonIdentifier(kwarg), Code(RUNTIME_ANNOTATIONS.get(ann, ann))) for key, kwarg, ann in ODATA_OPTIONS
}
BODY_VERBS = frozenset({"POST", "PATCH", "PUT"})
COLLECTION_MEMBERS = frozenset({"count", "of_type"})  # _builders.SyncCollection's


@dataclass(slots=True)
class MethodView:
    verb: str  # HTTP method
    name: PythonIdentifier
    op_ids: list[str]
    body: Code | None  # annotation of the body parameter, or None
    options: list[tuple[PythonIdentifier, Code]]  # (kwarg, annotation) of OData query options
    returns: Code  # annotation of the parsed result
    parser: Code  # expression making the parser
    page_item: Code | None  # model of a collection's items (iter_all, iter_pages), else None
    summary: str
    doc: str = ""
    build_doc: str = ""
    permissions: str = ""  # "Least privileged permissions: ..." (see least_privileged_doc)
    stream: bool = False  # content: also ``stream()`` (the body unread)
    delta: bool = False  # a delta function: also ``delta_round()``
    kind: str = "json"  # none | bytes | model | page | json (responses.Result.kind)
    query: Code = Code("")  # GET: the runtime TypedDict its keyword arguments are (``**query``)
    description: str = ""  # the deciding page's description of the operation
    page: str = ""  # the deciding page's file, as the docs give it


@dataclass(slots=True)
class ChildView:
    kind: str  # lit | param | fn
    name: PythonIdentifier
    builder: BuilderView  # the builder it returns
    literal: str = ""  # encoded literal segment (lit)
    template: str = ""  # segment template (fn)
    params: list[tuple[PythonIdentifier, str]] = field(default_factory=list)  # (arg, hole name): required first
    call: bool = False  # a function call whose optional arguments (``{name?}``) may be left out
    optional: list[PythonIdentifier] = field(default_factory=list)  # args that default to None


@dataclass(eq=False, slots=True)
class BuilderView:
    """The builder classes of one node of the path tree (:class:`~.navigation.Node`)."""

    path: Node
    module: ModuleName
    cls: ClassName  # sync builder
    acls: ClassName  # async builder
    rcls: ClassName  # request-building mixin shared by both
    title: str = ""
    methods: list[MethodView] = field(default_factory=list)
    child_views: list[ChildView] = field(default_factory=list)
    collection: bool = False  # has a collection GET: ``count`` and ``of_type`` (_builders.SyncCollection)


@dataclass(slots=True)
class ModuleView:
    name: ModuleName
    builders: list[BuilderView]
    root_segment: str
    doc: str = ""
    below: str = ""  # the segment below the root segment that the module holds, if any

    @property
    def streams(self) -> bool:
        """Whether a builder here can stream content (the module then imports httpx)."""
        return any(m.stream for b in self.builders for m in b.methods)


@dataclass(slots=True)
class ClientView:
    root: BuilderView
    modules: list[ModuleView]
    types: TypeMap | None = None  # the models, for type casts in tests


def _returns(got: Result, tmap: TypeMap) -> tuple[Code, Code, Code | None]:
    if got.kind == "none":
        return Code("None"), Code("_rt.parse_none"), None
    if got.kind == "bytes":
        return Code("bytes"), Code("_rt.parse_bytes"), None
    if got.kind in ("model", "model_or_none", "page") and tmap.is_model(got.type):
        model = tmap.models_ref(got.type)
        if got.kind == "model_or_none":
            return Code(f"{model} | None"), Code(f"_rt.optional_model_parser({model})"), None
        if got.kind == "page":
            return Code(f"_rt.Page[{model}]"), Code(f"_rt.page_parser({model})"), Code(model)
        return Code(model), Code(f"_rt.model_parser({model})"), None
    return Code(ANY), Code("_rt.parse_json"), None


def _body(node: Node, verb: str, tmap: TypeMap, types: dict[str, Type], synthetic: dict[str, Type]) -> Code:
    qualified = body_type(node, verb, types, synthetic)
    if qualified is not None and tmap.is_model(qualified):
        return Code(f"{tmap.models_ref(qualified)} | dict[str, Any]")
    return Code("Any")


def _takes_body(verb: str, pairs: list[tuple[Operation, RequestLine]]) -> bool:
    """POST/PATCH/PUT take a body unless every page refuses one (:meth:`Operation.refuses_body`);
    GET/DELETE only when their examples send one."""
    ops = [op for op, _ in pairs]
    if any(op.example_sends_body() for op in ops):
        return True
    return verb in BODY_VERBS and not all(op.refuses_body() for op in ops)


def _options(verb: str, pairs: list[tuple[Operation, RequestLine]], got: Result) -> list[tuple[PythonIdentifier, Code]]:
    """OData options: a GET takes every option (``**query: Unpack[_rt.EntityQuery]``, and
    ``CollectionQuery`` for a collection: filter, orderby, search, top, skip, count); another
    method takes what its pages list."""
    keys = {q for op, _ in pairs for q in op.query_options if q in QUERY_OPTIONS}
    if _query(verb, got):
        keys = set(ENTITY_OPTIONS) | (set(COLLECTION_OPTIONS) if got.kind == "page" else set())
    return sorted(QUERY_OPTIONS[k] for k in keys)


def _query(verb: str, got: Result) -> Code:
    """The runtime TypedDict of a GET's keyword arguments, or "" (explicit keywords)."""
    if verb != "GET" or got.kind == "bytes":
        return Code("")
    return Code("CollectionQuery" if got.kind == "page" else "EntityQuery")


def _methods(node: Node, tmap: TypeMap, types: dict[str, Type], synthetic: dict[str, Type], parent: Node | None) -> list[MethodView]:
    out = []
    parent_get = result(parent, "GET", types) if parent is not None and "GET" in parent.ops else None
    for verb in sorted(node.ops):
        pairs = sorted(node.ops[verb], key=lambda p: p[0].id)
        got = result(node, verb, types, parent_get)
        returns, parser, item = _returns(got, tmap)
        name = PythonIdentifier(VERBS.get(verb) or snake(verb, fallback="send"))
        decided = got.op or pairs[0][0]
        out.append(
            MethodView(
                verb=verb,
                name=name,
                op_ids=sorted({op.id for op, _ in pairs}),
                body=_body(node, verb, tmap, types, synthetic) if _takes_body(verb, pairs) else None,
                options=_options(verb, pairs, got),
                returns=returns,
                parser=parser,
                page_item=item if verb == "GET" else None,
                summary=decided.title or decided.id,
                description=decided.description,
                permissions=least_privileged_doc(decided),
                page=decided.source.file if decided.source else "",
                stream=got.kind == "bytes",
                delta=item is not None and verb == "GET" and _is_delta(node),
                kind=got.kind,
                query=_query(verb, got) if not _takes_body(verb, pairs) else Code(""),
            )
        )
    return out


_PERMISSION_TYPES = {
    "delegated_work": "delegated (work or school account)",
    "delegated_personal": "delegated (personal Microsoft account)",
    "application": "application",
}


def least_privileged_doc(op: Operation) -> str:
    """The least privileged permission per permission type, as the docs mark it (today's column,
    the first scope of a table ordered least to most privileged, or a per-resource table the page
    says shows the least privileged); rows with a context (a resource, a scenario) follow the others,
    named by it ("application, for sprocket: Sprocket.ReadWrite.All"). "" when the page marks none."""
    plain, scoped = [], []
    for p in op.permissions:
        if p.status != "supported":
            continue
        least = p.least_privileged()
        if least:
            kind = _PERMISSION_TYPES.get(p.type, p.type.replace("_", " "))
            scopes = " or ".join(" and ".join(a.scopes) for a in least)
            if p.context:
                scoped.append(f"{kind}, for {' '.join(p.context.split())}: {scopes}")
            else:
                plain.append(f"{kind}: {scopes}")
    parts = list(dict.fromkeys(plain + scoped))
    return f"Least privileged permissions: {'; '.join(parts)}." if parts else ""


def specs_root(doc: Document) -> str:
    """The folder all pages share (operation pages are shown relative to it: ``api/user-update.md``)."""
    sources = [op.source for op in doc.operations] + [t.source for t in doc.types if t.origin == "page"]
    folders = [posixpath.dirname(src.file.replace("\\", "/")) for src in sources if src is not None and src.file]
    if not folders:
        return ""
    try:
        return posixpath.commonpath(folders)
    except ValueError:  # absolute and relative paths mixed
        return ""


def page_link(page: str, root: str, docs_url: str | None) -> str:
    """The page of an operation: ``docs_url`` + its path without the extension when configured
    (``https://learn.microsoft.com/graph`` + ``api/user-update``), else its path below the specs root."""
    rel = page.replace("\\", "/")
    if root and rel.startswith(root + "/"):
        rel = rel[len(root) + 1 :]
    if docs_url:
        return docs_url.rstrip("/") + "/" + posixpath.splitext(rel)[0]
    return rel


def method_doc(m: MethodView, title: str, root: str, docs_url: str | None) -> str:
    """The docstring of a method: title, the page's description, the request, the least privileged
    permissions, the page."""
    lines = [f"{m.summary}."]
    if m.description.strip():
        lines += ["", " ".join(m.description.split())]
    lines += ["", f"{m.verb} {title}"]
    if m.permissions:
        lines += ["", m.permissions]
    if m.page:
        lines += ["", f"Docs: {page_link(m.page, root, docs_url)}"]
    return "\n".join(lines)


def _is_delta(node: Node) -> bool:
    kind, text = node.segments[-1] if node.segments else ("", "")
    return kind in ("lit", "fn") and text.split("(", 1)[0].casefold() == "delta"


def _child_name(key: tuple[str, str]) -> tuple[str, list[str]]:
    kind, text = key
    if kind == "param":
        return "by_id", []
    holes = HOLE.findall(text)
    if kind == "lit":
        return snake(text, fallback="segment"), []
    if is_colon_path(text):  # root:/{item-path}: -> root_path(item_path)
        prefix = HOLE.sub(" ", text.split(":/", 1)[0]).strip()
        return (snake(prefix, fallback="") + "_path" if prefix else "by_" + snake(holes[0], fallback="value")), holes
    head = HOLE.sub(" ", text).split("(")[0]
    base = snake(head, fallback="") if head.strip(" :=,'") else ""
    return (base or "by_" + snake(holes[0], fallback="value")), holes


def _sub_segment(node: Node) -> str:
    """The first segment below the root segment that is not a key (``calendarGroups`` in
    ``/users/{id}/calendarGroups/{id}/calendars``), or "" for the root segment's own nodes."""
    for kind, text in node.segments[1:]:
        if kind != "param":
            return HOLE.sub(" ", text).split("(", 1)[0].strip(" :=,'") or "segment"
    return ""


# Real paths have at most 15 segments; a name spelling 1,000 would make the output quadratic in size.
MAX_STEM_PARTS = 24


def _class_stem(node: Node) -> str:
    """The class name of a builder spells its path; past MAX_STEM_PARTS segments, the first one
    and the last ones (``Scope`` keeps the names unique)."""
    segments = node.segments
    if len(segments) > MAX_STEM_PARTS:
        segments = segments[:1] + segments[1 - MAX_STEM_PARTS :]
    return "".join([_stem_part(kind, text) for kind, text in segments]) or "Root"


@lru_cache(maxsize=4096)
def _stem_part(kind: str, text: str) -> str:
    """One segment's part of a class name (cached: a node's name spells its whole path, so a deep
    path would cost a call per segment per node, quadratic in its length)."""
    return "Item" if kind == "param" else pascal(HOLE.sub(" ", text), fallback="Segment")


def build_client(
    doc: Document,
    tmap: TypeMap,
    synthetic: dict[str, Type] | None = None,
    tree: tuple[Node, list[tuple[Key, list[Node]]]] | None = None,
    docs_url: str | None = None,
) -> ClientView:
    """The builder view-models; ``synthetic``: request-body models made from parameter tables
    (:func:`.responses.request_body_types`); ``tree``: :func:`.navigation.build_tree` of ``doc``;
    ``docs_url``: where the pages are published (method docstrings link there)."""
    root_node, groups = tree if tree is not None else build_tree(doc)
    types = {t.qualified_name: t for t in doc.types}
    synthetic = synthetic or {}
    pages_root = specs_root(doc)
    # Modules: one per root segment (the root node itself lives in ``_root``).
    mod_scope = Scope({"_root"})
    root = BuilderView(root_node, ModuleName("_root"), ClassName("Root"), ClassName("AsyncRoot"), ClassName("RootRequests"))
    views: dict[Node, BuilderView] = {root_node: root}
    modules: list[ModuleView] = [ModuleView(ModuleName("_root"), [root], "")]
    for key, order in groups:
        base = module_name(_child_name(key)[0].removeprefix("by_") or "segment")
        cls_scope = Scope({"Root", "AsyncRoot", "RootRequests"})
        # One module per second literal segment (``/users/{id}/calendarGroups/...`` ->
        # users_calendar_groups): small modules whose names come from the path, stable when pages
        # are added elsewhere.
        parts: dict[str, list[Node]] = {}
        for n in order:  # segments spelt alike (root, root:/{path}:) share a module
            sub = _sub_segment(n)
            parts.setdefault(str(module_name(sub)) if sub else "", []).append(n)
        for sub in sorted(parts, key=lambda k: (k != "", k)):
            mod = mod_scope.module(base if not sub else ModuleName(f"{base}_{sub}"))
            view = ModuleView(mod, [], key[1], below=_sub_segment(parts[sub][0]) if sub else "")
            for n in parts[sub]:
                stem = _class_stem(n)
                b = BuilderView(
                    n,
                    mod,
                    cls_scope.cls(class_name(stem)),
                    cls_scope.cls(class_name("Async" + stem)),
                    cls_scope.cls(class_name(stem + "Requests")),
                )
                views[n] = b
                view.builders.append(b)
            modules.append(view)
    # Members of each builder: methods first, then children (unique names per builder).
    for view in modules:
        where = f"/{view.root_segment}" if view.root_segment else "the root"
        where += f"/.../{view.below}" if view.below else ""
        view.doc = f"Request builders for {where} (generated by docgen; do not edit)."
        for b in view.builders:
            n = b.path
            b.title = (n.example_path or "/") + (f" (also {', '.join(n.aliases)})" if n.aliases else "")
            parent = find_node(root_node, list(n.segments[:-1])) if n.segments else None
            b.methods = _methods(n, tmap, types, synthetic, parent)
            for m in b.methods:
                m.doc = method_doc(m, b.title, pages_root, docs_url)
                m.build_doc = f"{m.summary}: the {m.verb} request, built and not sent."
            taken = set(BUILDER_RESERVED)
            for m in b.methods:
                taken |= {m.name, f"{m.name}_with_response", f"build_{m.name}_request"}
                if m.page_item:
                    taken |= {"iter_all", "iter_pages"}
                if m.delta:
                    taken.add("delta_round")
                if m.stream:
                    taken.add("stream")
            b.collection = any(m.page_item for m in b.methods)
            if b.collection:
                taken |= COLLECTION_MEMBERS
            scope = Scope(taken)
            for key in sorted(n.children):
                child = views[n.children[key]]
                child_base, holes = _child_name(key)
                if key[0] == "param":
                    b.child_views.append(ChildView("param", PythonIdentifier("by_id"), child))
                    continue
                name = scope.ident(identifier(child_base, reserved=BUILDER_RESERVED | {"self"}, fallback="segment"))
                if key[0] == "lit":
                    b.child_views.append(ChildView("lit", name, child, literal=encode_literal(key[1])))
                else:
                    arg_scope = Scope({"self", "timeout"})
                    params = []
                    unique = list(dict.fromkeys(holes))
                    for h in [h for h in unique if not h.endswith(OPTIONAL)] + [h for h in unique if h.endswith(OPTIONAL)]:
                        params.append((arg_scope.ident(identifier(h.rstrip(OPTIONAL), fallback="value")), h))
                    call = is_call_template(key[1])
                    optional = [a for a, h in params if h.endswith(OPTIONAL)]
                    b.child_views.append(ChildView("fn", name, child, template=key[1], params=params, call=call, optional=optional))
    return ClientView(root, modules, tmap)


__all__ = ["BODY_VERBS", "BuilderView", "ChildView", "ClientView", "MethodView", "ModuleView", "VERBS", "build_client"]
