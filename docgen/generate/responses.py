"""What a method returns and what body it takes, when one or more pages document a (method, path).

Pages share paths: the Intune pages document ``PATCH /users/{id}`` too (200 + user) while the
user-update page documents it as 204 No Content; extension pages list sixty paths each. One page
decides, :func:`canonical`: the page *about* the path's resource (its file name starts with the
resource: ``user-update`` for ``/users/{id}``) wins over pages that only share the path; then a
page whose response names a type no page defines loses; then the page listing fewer paths (more
specific); then a page with a typed response; then the id. When the
winner was picked only by the tie-breakers and several pages each document a subclass (Intune's
per-platform pages), the result is their common base class.

The result (:class:`Result`):

* ``none``: the page documents 204 No Content (even when its prose names a type), 202 Accepted
  with no type, or a DELETE with no type: the method returns None;
* ``bytes``: a GET of ``.../content`` or ``.../$value`` (a file, a photo): the body as bytes, and
  the builder can stream it;
* ``model`` / ``page``: the documented type (a collection gives ``Page[Model]``); a PUT of content
  with no documented type gives the model the parent path's GET returns (the driveItem), and a
  201 Created with no documented type on a collection the collection's item model;
  ``model_or_none`` when another page of the path documents no body (204): an empty answer is
  None, not an error;
* ``json``: anything else (untyped).

Request bodies (:func:`body_type`): the documented body type; else, for a body documented only as
a table of parameters, the resource's own model for PATCH/PUT and for a POST that creates an item
of a collection, or a request-body model made from the table (``SendMailPostRequestBody``, from
:func:`request_body_types`) for an action.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from .. import diagnostics as dg
from ..ir.model import Diagnostic, Document, Operation, Property, Source, Type
from .names import pascal
from .navigation import Key, Node

CONTENT_SEGMENTS = frozenset({"content", "$value"})
NO_CONTENT = frozenset({202, 204})


@dataclass(frozen=True, slots=True)
class Result:
    kind: Literal["none", "bytes", "model", "model_or_none", "page", "json"]
    type: str | None = None  # qualified model name (model, page)
    op: Operation | None = None  # the page that decided


def _norm(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold())


def _last_literal(segments: tuple[Key, ...]) -> str:
    for kind, text in reversed(segments):
        if kind == "lit" and not text.startswith("$"):
            return text
        if kind == "fn":
            return text.split("(", 1)[0]
    return ""


def resource_names(segments: tuple[Key, ...]) -> set[str]:
    """The resource a path addresses, as a page's file name would start: ``users`` -> user(s)."""
    last = _norm(_last_literal(segments))
    names = {last}
    if last.endswith("ies"):
        names.add(last[:-3] + "y")
    elif last.endswith("s"):
        names.add(last[:-1])
    return names - {""}


def _about(op: Operation, names: set[str]) -> bool:
    return _norm(op.id.split("-", 1)[0]) in names


def _typed(op: Operation, types: dict[str, Type]) -> bool:
    r = op.response
    return r is not None and r.type is not None and types.get(r.type, None) is not None and types[r.type].kind != "enum"


def canonical(node: Node, verb: str, types: dict[str, Type]) -> Operation:
    """The page that decides the result of ``verb`` on ``node`` (see the module docstring)."""
    names = resource_names(node.segments)
    ops = {op.id: op for op, _ in node.ops[verb]}
    return min(ops.values(), key=lambda op: (not _about(op, names), _names_unknown_type(op, types), len(op.requests), not _typed(op, types), op.id))


def _names_unknown_type(op: Operation, types: dict[str, Type]) -> bool:
    """The page's response names a type no page defines (DG702: ``group-get-thread`` answers a
    "thread"): it decides only when no other page can."""
    r = op.response
    return r is not None and r.type is not None and not r.type.startswith("Edm.") and r.type not in types


def _ancestors(name: str, types: dict[str, Type]) -> list[str]:
    out: list[str] = []
    cur: str | None = name
    while cur is not None and cur in types and cur not in out:
        out.append(cur)
        cur = types[cur].base
    return out


def _common_base(op: Operation, node: Node, verb: str, types: dict[str, Type]) -> str | None:
    """The common base of the types that pages like ``op`` (as specific, same status class and
    shape) document for this path, when each documents a subclass."""
    resp = op.response
    assert resp is not None and resp.type is not None
    chains = [_ancestors(resp.type, types)]
    for other, _ in node.ops[verb]:
        r = other.response
        if other is op or r is None or r.type is None or not _typed(other, types):
            continue
        if len(other.requests) > len(op.requests) or r.collection != resp.collection:
            continue
        if (r.status or 200) // 100 != (resp.status or 200) // 100:
            continue
        chains.append(_ancestors(r.type, types))
    if len(chains) == 1:
        return resp.type
    common = set(chains[0]).intersection(*chains[1:])
    return next((t for t in chains[0] if t in common), resp.type)


def is_content(node: Node) -> bool:
    return bool(node.segments) and node.segments[-1][0] == "lit" and node.segments[-1][1].casefold() in CONTENT_SEGMENTS


def result(node: Node, verb: str, types: dict[str, Type], parent_get: Result | None = None) -> Result:
    op = canonical(node, verb, types)
    resp = op.response
    typed = _typed(op, types)
    if verb == "GET" and is_content(node) and not (typed and resp is not None and resp.collection):
        return Result("bytes", None, op)
    status = resp.status if resp is not None else None
    if status == 204:  # No Content, whatever type the prose names
        return Result("none", None, op)
    if typed and resp is not None and resp.type is not None:
        name = resp.type if _about(op, resource_names(node.segments)) else _common_base(op, node, verb, types)
        if not resp.collection and any(_no_content(o) for o, _ in node.ops[verb]):
            return Result("model_or_none", name, op)  # another page documents no body: allow it
        return Result("page" if resp.collection else "model", name, op)
    if verb == "PUT" and is_content(node) and parent_get is not None and parent_get.kind == "model":
        return Result("model", parent_get.type, op)
    if verb == "POST" and status == 201 and resp is not None and resp.type is None:
        item = _collection_item(node, types)  # 201 Created on a collection: the item created
        if item is not None:
            return Result("model", item, op)
    if status in NO_CONTENT or (verb == "DELETE" and status in (None, 200, 204)):
        return Result("none", None, op)
    return Result("json", None, op)


def _no_content(op: Operation) -> bool:
    r = op.response
    return r is not None and (r.status == 204 or (r.status == 202 and r.type is None))


def _camel(name: str) -> str:
    """Parameters are camelCase on the wire; tables sometimes capitalise them (``Address``)."""
    return name[0].lower() + name[1:] if name[:1].isupper() and name[1:2].islower() else name


def _body_name(op: Operation) -> str:
    line = op.requests[0].path if op.requests else op.id
    last = [s for s in line.split("/") if s and not s.startswith("{")]
    seg = last[-1].split("(", 1)[0] if last else op.id
    return pascal(seg, fallback="Action") + "PostRequestBody"


def request_body_types(doc: Document, root: Node, groups: list[tuple[Key, list[Node]]]) -> dict[str, Type]:
    """Request-body models of actions whose page documents the body only as a table of
    parameters (``sendMail``: message, saveToSentItems): ``{operation id: Type}``."""
    types = {t.qualified_name: t for t in doc.types}
    taken = {t.name.casefold() for t in doc.types}
    out: dict[str, Type] = {}
    for _, nodes in groups:
        for node in nodes:
            if "POST" not in node.ops or _collection_item(node, types) is not None:
                continue
            op = canonical(node, "POST", types)
            rb = op.request_body
            if op.id in out or rb is None or rb.type is not None or not rb.properties:
                continue
            name = _body_name(op)
            if name.casefold() in taken:
                name = pascal(op.id, fallback="Action") + "RequestBody"
            if name.casefold() in taken:
                continue
            taken.add(name.casefold())
            namespace = op.namespace or "microsoft.graph"
            props = [
                Property(_camel(p.name), p.type, p.collection, p.description, p.required, p.source, p.type_as_written)
                for p in rb.properties
                if p.name
            ]
            source = rb.source or op.source or Source("", 0)
            out[op.id] = Type(
                name=name,
                namespace=namespace,
                kind="complex",
                description=f"The request body of {op.title or op.id}.",
                properties=props,
                source=source,
                sources=[source],
                origin="request_body",
            )
    return out


def _collection_item(node: Node, types: dict[str, Type]) -> str | None:
    """The item type of the node's collection GET, if it has one."""
    if "GET" not in node.ops:
        return None
    got = result(node, "GET", types)
    return got.type if got.kind == "page" else None


def body_type(node: Node, verb: str, types: dict[str, Type], synthetic: dict[str, Type]) -> str | None:
    """The qualified model of the body of ``verb`` on ``node``, or None (untyped)."""
    op = canonical(node, verb, types)
    rb = op.request_body
    if rb is not None and rb.type and rb.type in types and types[rb.type].kind != "enum" and not rb.collection:
        return rb.type
    if rb is None or not rb.properties:
        return None
    made = synthetic.get(op.id)
    if made is not None:
        return made.qualified_name
    if verb in ("PATCH", "PUT") and "GET" in node.ops:
        got = result(node, "GET", types)
        return got.type if got.kind == "model" else None
    if verb == "POST":
        return _collection_item(node, types)
    return None


def _describe(got: Result) -> str:
    if got.kind == "page":
        return f"a collection of {got.type}"
    if got.kind in ("model", "model_or_none"):
        return f"a {got.type}"
    return {"none": "no body", "bytes": "content"}.get(got.kind, "an untyped body")


def conflicts(root: Node, groups: list[tuple[Key, list[Node]]], types: dict[str, Type]) -> list[Diagnostic]:
    """DG705 for each page whose own (typed, no-content or content) result for a shared (method,
    path) differs from the result the deciding page gives (:func:`result`), at the page's Response
    section. Not yet reported by a command: ``docgen check`` would add them to its diagnostics."""
    out: list[Diagnostic] = []
    for _, nodes in groups:
        for node in nodes:
            for verb in sorted(node.ops):
                ops = {op.id: op for op, _ in node.ops[verb]}
                if len(ops) < 2:
                    continue
                got = result(node, verb, types)
                for op in sorted(ops.values(), key=lambda o: o.id):
                    if op is got.op:
                        continue
                    alone = result(Node(node.segments, ops={verb: [(op, op.requests[0])]}), verb, types)
                    if alone.kind == "json" or (alone.kind, alone.type) == (got.kind, got.type) or got.op is None:
                        continue  # an untyped page claims nothing
                    src = (op.response.source if op.response else None) or op.source or Source("?", 1)
                    out.append(
                        dg.make(
                            "DG705",
                            src.file,
                            src.line,
                            f"{verb} {node.example_path}: this page documents {_describe(alone)}; "
                            f"{got.op.id} decides ({_describe(got)})",
                        )
                    )
    return out
