"""One page's blocks -> an operation (API pages) and/or types (resource and enum pages).

:class:`.walk.Walker` collects what the page states in one pass; this module decides what kind of
page it is and builds the IR values. Type references stay as the docs write them; :mod:`docgen.ir.link`
resolves them once every page is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import PurePosixPath

from .. import diagnostics as dg
from ..ir.model import Operation, RequestBody, Response, Source, Type
from ..ir.paths import bound_requests, request_matches
from . import http
from .blocks import Page
from .jsonrep import properties_from_json
from .typeref import parse_type
from .walk import Walker

_TITLE_TYPE = re.compile(
    r"^`?([A-Za-z_][\w.]*)`?\s+(resource\s+type|resource|complex\s+type|entity\s+type|entity|object|type|enum\s+type|enumeration\s+type|enumeration|enum)\b",
    re.I,
)
# "JSON representation of a [user](..) object", "... of the user object", "... of a collection of x objects"
# "... response code and a user object", "... and a collection of user objects", "... and a [x] collection"
_PAGE_TYPES = {
    "apipagetype": "api",
    "resourcepagetype": "resource",
    "enumpagetype": "enum",
    "conceptualpagetype": "conceptual",
}


@dataclass(slots=True)
class PageResult:
    operation: Operation | None = None
    types: list[Type] = field(default_factory=list)  # from resource and enum pages
    body_types: list[Type] = field(default_factory=list)  # known only from a request-body table
    json_typed: set[str] = field(default_factory=set)  # types whose properties came from a JSON representation
    derived: dict[str, list[str]] = field(default_factory=dict)  # type name -> names the page says derive from it
    diagnostics: list = field(default_factory=list)


def page_type(page: Page) -> str:
    raw = page.front.get("doc_type", "")
    key = raw.strip().strip("\"'_ ").lower().rstrip("_")
    if key in _PAGE_TYPES:
        if raw.strip() != raw.strip().strip("_"):
            page.diagnostics.append(dg.make("DG203", page.file, 1, f"doc_type {raw!r} is misspelt; read as {key}"))
        return _PAGE_TYPES[key]
    if raw:
        page.diagnostics.append(dg.make("DG203", page.file, 1, f"unknown doc_type {raw!r}; inferred from content"))
    return "infer"


def _op_id(file: str) -> str:
    return PurePosixPath(file).stem


def _body_from_response(w: Walker, response: Response | None) -> RequestBody | None:
    """A body the page states only through its response: an update whose prose says "supply the
    values of the fields to update" (PATCH/PUT) sends the resource it returns; a create (POST
    answering 201 with one object) with no Request body section sends the object it creates."""
    if w.body is not None and (w.body.type or w.body.properties):
        return None
    if response is None or not response.type or response.collection or response.type.startswith("Edm."):
        return None
    verbs = {r.method.upper() for r in w.requests}
    update = w.body_updates is not None and bool(verbs) and verbs <= {"PATCH", "PUT"}
    create = not w.body_seen and verbs == {"POST"} and response.status == 201
    if not update and not create:
        return None
    source = Source(w.file, w.body_updates) if update and w.body_updates else w.body.source if w.body is not None else response.source
    description = w.body.description if w.body is not None else ""
    return RequestBody(description=description, type=response.type, source=source)


def build_operation(w: Walker) -> Operation:
    examples = w.examples.finish()
    api_version = None
    for e in examples:
        if e.request and e.request.url:
            api_version = http.version_of(e.request.url)
            if api_version:
                break
    response = w.response
    first_resp = next((e.response for e in examples if e.response and e.response.status), None)
    if response is None and first_resp is not None:
        response = Response(first_resp.status, None, False, "", first_resp.source)
    if response is not None and response.type:
        t, coll = parse_type(response.type)
        response.type = t
        response.collection = response.collection or coll
    if w.body and w.body.type:
        w.body.type = parse_type(w.body.type)[0]
    body = _body_from_response(w, response) or w.body
    op = Operation(
        id=_op_id(w.file),
        title=w.title or _op_id(w.file),
        description=w.description,
        namespace=w.namespace,
        api_version=api_version,
        source=Source(w.file, w.title_line),
        requests=w.requests,
        permissions=w.perms.out,
        headers=w.headers,
        parameters=w.params,
        request_body=body,
        no_request_body=w.no_body and body is None,
        response=response,
        query_options=w.query_options,
        examples=examples,
        national_clouds=list(w.page.national_clouds),  # type: ignore[arg-type]
    )
    _check(w, op)
    return op


def _check(w: Walker, op: Operation) -> None:
    line = op.source.line if op.source else 1
    if not op.requests:
        w.diags.append(
            dg.make(
                "DG301",
                w.file,
                w.section_lines.get("http", line),
                "no HTTP request line (method and path) on this API page",
            )
        )
    if not op.permissions:
        if "permissions" in w.section_lines:
            w.diags.append(dg.make("DG401", w.file, w.section_lines["permissions"], "the Permissions section states no permission docgen can read"))
        else:
            w.diags.append(dg.make("DG401", w.file, line, "no permissions section"))
    status = op.response.status if op.response else None
    lines = bound_requests(op)
    for e in op.examples:
        if e.request and e.request.path and op.requests and not any(request_matches(r.method, r.path, e.request.method, e.request.path) for r in lines):
            w.diags.append(
                dg.make(
                    "DG605",
                    w.file,
                    e.request.source.line,
                    f"example {e.request.method} {e.request.path} matches no request line",
                )
            )
            e.diagnostics.append("DG605")
        if e.response and e.response.status and status and e.response.status != status and 200 <= status < 300:
            w.diags.append(
                dg.make(
                    "DG606",
                    w.file,
                    e.response.source.line,
                    f"example answers {e.response.status}, the Response section says {status}",
                )
            )


def build_types(w: Walker) -> list[Type]:
    out: list[Type] = []
    ann = w.annotation or {}
    name, namespace = None, w.namespace or "microsoft.graph"
    odata = ann.get("@odata.type") or ann.get("@type")
    if isinstance(odata, str) and odata.strip("#"):
        qual = odata.strip().lstrip("#")
        if "." in qual:
            namespace, name = qual.rsplit(".", 1)
        else:
            name = qual
    if name is None and w.title:
        m = _TITLE_TYPE.match(w.title)
        if m:
            name = m.group(1).rsplit(".", 1)[-1]
    # an open type's JSON representation shows example keys, not declared properties
    open_type = ann.get("openType") is True or w.open_type
    if not w.properties and not w.relationships and w.json_representation is not None and not open_type:
        w.properties, w.relationships = properties_from_json(w.json_representation, w.file, w.diags)
        w.properties_from_json = bool(w.properties)
    base = ann.get("baseType") if isinstance(ann.get("baseType"), str) else None
    if base and base.lower() == "microsoft.graph.entity" and w.base and w.base.rsplit(".", 1)[-1].lower() != "entity":
        base = None  # the annotation's default root; "Inherits from [directoryObject]" is the statement
    base = base or w.base
    if w.relationships and w.properties:
        # listed in both tables: the docs' Relationships table is the more specific statement
        rel_names = {p.name.lower() for p in w.relationships}
        w.properties = [p for p in w.properties if p.name.lower() not in rel_names]
    if name:
        t = Type(
            name=name,
            namespace=namespace,
            kind="entity" if ann.get("keyProperty") else "complex",
            base=base,
            description=w.description,
            properties=w.properties,
            relationships=w.relationships,
            methods=w.methods,
            key=ann.get("keyProperty") if isinstance(ann.get("keyProperty"), str) else None,
            open_type=open_type,
            abstract=ann.get("abstract") is True,
            source=Source(w.file, w.title_line),
        )
        out.append(t)
    return out


def build_enum_types(w: Walker, title_name: str | None) -> list[Type]:
    out = []
    for e in w.enums:
        if not e.name:
            if not title_name:
                continue
            e.name = title_name
        e.namespace = w.namespace or "microsoft.graph"
        if e.name == title_name:
            e.description = w.description
        if e.members:
            out.append(e)
    return out


def extract(page: Page) -> PageResult:
    if page.front.get("ms.topic", "").lower() == "include":
        return PageResult(diagnostics=page.diagnostics)  # a part of pages (DocFX include), not a page
    kind = page_type(page)
    w = Walker(page)
    w.walk()
    result = PageResult(diagnostics=page.diagnostics)
    if kind == "conceptual" or (kind == "infer" and not page.blocks):
        return result
    if kind == "api" and not w.requests and (w.annotation or w.properties) and "http" not in w.section_lines:
        page.diagnostics.append(
            dg.make(
                "DG203", page.file, 1, "doc_type says API page, but the page describes a resource; read as a resource"
            )
        )
        kind = "resource"
    if kind == "resource" and w.requests and "http" in w.section_lines and not w.annotation and not w.properties:
        page.diagnostics.append(
            dg.make(
                "DG203",
                page.file,
                1,
                "doc_type says resource page, but the page describes an API call; read as an API page",
            )
        )
        kind = "api"
    if kind == "infer":
        if w.requests or "http" in w.section_lines:
            kind = "api"
        elif w.properties or w.relationships or w.annotation:
            kind = "resource"
        elif w.enums:
            kind = "enum"
        else:
            page.diagnostics.append(dg.make("DG202", page.file, 1, "not an API, resource or enum page"))
            return result
    title_name = None
    if w.title:
        m = _TITLE_TYPE.match(w.title)
        title_name = m.group(1).rsplit(".", 1)[-1] if m else None
    if kind == "api":
        op = build_operation(w)
        result.operation = op
        body = op.request_body
        if body and body.type and body.properties:
            result.body_types.append(
                Type(
                    body.type.rsplit(".", 1)[-1],
                    op.namespace or "microsoft.graph",
                    "complex",
                    properties=[replace(p) for p in body.properties],
                    source=body.source,
                    origin="request_body",
                )
            )
    elif kind == "resource":
        result.types.extend(build_types(w))
        if w.properties_from_json:
            result.json_typed.update(t.name for t in result.types)
        if w.derived and result.types:
            result.derived[result.types[0].name] = list(dict.fromkeys(w.derived))
    if kind in ("resource", "enum"):
        result.types.extend(build_enum_types(w, title_name if kind == "enum" else None))
    if w.title is None:
        page.diagnostics.append(dg.make("DG201", page.file, 1, "page has no title"))
    return result
