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

from dataclasses import dataclass, field
from functools import lru_cache
from urllib.parse import quote

from ..ir.model import Document, Operation, RequestLine
from ..ir.paths import HOLE, OPTIONAL, is_call_template, is_colon_path
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
from .navigation import Node, build_tree, find_node
from .render import Code
from .types import ANY, TypeMap

_PATH_SAFE = "-._~!$&'()*+,;=:@"  # must match _runtime.py


def encode_literal(text: str) -> str:
    """Literal path text as the runtime encodes it (``_runtime.encode_literal``)."""
    return "/".join(
        s.replace(".", "%2E") if s in (".", "..") else s for s in quote(text, safe=_PATH_SAFE + "/%").split("/")
    )


VERBS = {"GET": "get", "POST": "post", "PATCH": "patch", "PUT": "put", "DELETE": "delete"}
QUERY_OPTIONS: dict[str, tuple[PythonIdentifier, Code]] = {  # docs' option -> (kwarg, annotation)
    k: (PythonIdentifier(v[0]), Code(v[1]))
    for k, v in {
        "$select": ("select", "_rt.StrOrList"),
        "$expand": ("expand", "_rt.StrOrList"),
        "$filter": ("filter", "str"),
        "$orderby": ("orderby", "_rt.StrOrList"),
        "$search": ("search", "str"),
        "$top": ("top", "int"),
        "$skip": ("skip", "int"),
        "$count": ("count", "bool"),
        "$skiptoken": ("skiptoken", "str"),
        "$deltatoken": ("deltatoken", "str"),
        "$format": ("format", "str"),
        "$levels": ("levels", "str"),
    }.items()
}
BODY_VERBS = frozenset({"POST", "PATCH", "PUT"})
COLLECTION_MEMBERS = frozenset({"count", "of_type"})  # _runtime.SyncCollection's
NODES_PER_MODULE = 12


@dataclass(slots=True)
class MethodView:
    verb: str  # HTTP method
    name: PythonIdentifier
    op_ids: list[str]
    body: Code | None  # annotation of the body parameter, or None
    options: list[tuple[PythonIdentifier, Code]]  # (kwarg, annotation) of OData query options
    returns: Code  # annotation of the parsed result
    parser: Code  # expression making the parser
    page_item: Code | None  # model of a collection's items (iter_all), else None
    summary: str
    doc: str = ""
    build_doc: str = ""
    permissions: str = ""  # "Least privileged permissions: ..." (see least_privileged_doc)


@dataclass(slots=True)
class ChildView:
    kind: str  # lit | param | fn
    name: PythonIdentifier
    node: Node
    literal: str = ""  # encoded literal segment (lit)
    template: str = ""  # segment template (fn)
    params: list[tuple[PythonIdentifier, str]] = field(default_factory=list)  # (arg, hole name): required first
    call: bool = False  # a function call whose optional arguments (``{name?}``) may be left out
    optional: list[PythonIdentifier] = field(default_factory=list)  # args that default to None


@dataclass(slots=True)
class ModuleView:
    name: ModuleName
    nodes: list[Node]
    root_segment: str
    doc: str = ""


@dataclass(slots=True)
class ClientView:
    root: Node
    modules: list[ModuleView]
    types: TypeMap | None = None  # the models, for type casts in tests


def _returns(op: Operation, tmap: TypeMap) -> tuple[Code, Code, Code | None]:
    resp = op.response
    if resp is None or resp.type is None or not tmap.is_model(resp.type):
        return Code(ANY), Code("_rt.parse_json"), None
    model = tmap.models_ref(resp.type)
    if resp.collection:
        return Code(f"_t.Page[{model}]"), Code(f"_rt.page_parser({model})"), Code(model)
    return Code(model), Code(f"_rt.model_parser({model})"), None


def _body(op: Operation, tmap: TypeMap) -> Code:
    rb = op.request_body
    if rb is not None and rb.type and tmap.is_model(rb.type) and not rb.collection:
        return Code(f"{tmap.models_ref(rb.type)} | dict[str, Any]")
    return Code("Any")


def _takes_body(verb: str, pairs: list[tuple[Operation, RequestLine]]) -> bool:
    """POST/PATCH/PUT take a body unless every page refuses one (:meth:`Operation.refuses_body`);
    GET/DELETE only when their examples send one."""
    ops = [op for op, _ in pairs]
    if any(op.example_sends_body() for op in ops):
        return True
    return verb in BODY_VERBS and not all(op.refuses_body() for op in ops)


def _methods(node: Node, tmap: TypeMap) -> list[MethodView]:
    out = []
    for verb in sorted(node.ops):
        pairs = sorted(node.ops[verb], key=lambda p: p[0].id)
        first = pairs[0][0]
        returns, parser, item = _returns(first, tmap)
        options = sorted({QUERY_OPTIONS[q] for op, _ in pairs for q in op.query_options if q in QUERY_OPTIONS})
        name = PythonIdentifier(VERBS.get(verb) or snake(verb, fallback="send"))
        out.append(
            MethodView(
                verb=verb,
                name=name,
                op_ids=sorted({op.id for op, _ in pairs}),
                body=_body(first, tmap) if _takes_body(verb, pairs) else None,
                options=options,
                returns=returns,
                parser=parser,
                page_item=item if verb == "GET" else None,
                summary=first.title or first.id,
                permissions=least_privileged_doc(first),
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
    or the first scope of a table ordered least to most privileged); rows with a context (a
    resource, a scenario) are left out. "" when the page marks none."""
    parts = []
    for p in op.permissions:
        if p.context or p.status != "supported":
            continue
        least = p.least_privileged()
        if least:
            kind = _PERMISSION_TYPES.get(p.type, p.type.replace("_", " "))
            parts.append(f"{kind}: " + " or ".join(" and ".join(a.scopes) for a in least))
    return f"Least privileged permissions: {'; '.join(dict.fromkeys(parts))}." if parts else ""


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


def build_client(doc: Document, tmap: TypeMap) -> ClientView:
    root, groups = build_tree(doc)
    # Modules: one per root segment (the root node itself lives in ``_root``).
    mod_scope = Scope({"_root"})
    modules: list[ModuleView] = []
    root.module = ModuleName("_root")
    root.cls, root.acls, root.rcls = ClassName("Root"), ClassName("AsyncRoot"), ClassName("RootRequests")
    root_module = ModuleView(ModuleName("_root"), [root], "")
    modules.append(root_module)
    for key, order in groups:
        base = module_name(_child_name(key)[0].removeprefix("by_") or "segment")
        cls_scope = Scope({"Root", "AsyncRoot", "RootRequests"})
        # Small modules: a one-page change re-formats a few small files, not a 3 MB one.
        for start in range(0, len(order), NODES_PER_MODULE):
            mod = mod_scope.module(base if start == 0 else ModuleName(f"{base}_{start // NODES_PER_MODULE + 1}"))
            view = ModuleView(mod, [], key[1])
            for n in order[start : start + NODES_PER_MODULE]:
                n.module = mod
                stem = _class_stem(n)
                n.cls = cls_scope.cls(class_name(stem))
                n.acls = cls_scope.cls(class_name("Async" + stem))
                n.rcls = cls_scope.cls(class_name(stem + "Requests"))
                view.nodes.append(n)
            modules.append(view)
    # Members of each builder: methods first, then children (unique names per builder).
    for view in modules:
        where = f"/{view.root_segment}" if view.root_segment else "the root"
        view.doc = f"Request builders for {where} (generated by docgen; do not edit)."
        for n in view.nodes:
            n.title = (n.example_path or "/") + (f" (also {', '.join(n.aliases)})" if n.aliases else "")
            n.methods = _methods(n, tmap)
            for m in n.methods:
                m.doc = f"{m.summary} ({m.verb} {n.title}; docs: {', '.join(m.op_ids)})." + (f" {m.permissions}" if m.permissions else "")
                m.build_doc = f"{m.summary}: the {m.verb} request, built and not sent."
            taken = set(BUILDER_RESERVED)
            for m in n.methods:
                taken |= {m.name, f"{m.name}_with_response", f"build_{m.name}_request"}
                if m.page_item:
                    taken.add("iter_all")
            n.collection = any(m.page_item for m in n.methods)
            if n.collection:
                taken |= COLLECTION_MEMBERS
            scope = Scope(taken)
            for key in sorted(n.children):
                child = n.children[key]
                base, holes = _child_name(key)
                if key[0] == "param":
                    n.child_views.append(ChildView("param", PythonIdentifier("by_id"), child))
                    continue
                name = scope.ident(identifier(base, reserved=BUILDER_RESERVED | {"self"}, fallback="segment"))
                if key[0] == "lit":
                    n.child_views.append(ChildView("lit", name, child, literal=encode_literal(key[1])))
                else:
                    arg_scope = Scope({"self", "timeout"})
                    params = []
                    unique = list(dict.fromkeys(holes))
                    for h in [h for h in unique if not h.endswith(OPTIONAL)] + [h for h in unique if h.endswith(OPTIONAL)]:
                        params.append((arg_scope.ident(identifier(h.rstrip(OPTIONAL), fallback="value")), h))
                    call = is_call_template(key[1])
                    optional = [a for a, h in params if h.endswith(OPTIONAL)]
                    n.child_views.append(ChildView("fn", name, child, template=key[1], params=params, call=call, optional=optional))
    return ClientView(root, modules, tmap)


__all__ = ["BODY_VERBS", "ChildView", "ClientView", "MethodView", "ModuleView", "Node", "VERBS", "build_client", "find_node"]
