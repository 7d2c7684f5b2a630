"""One page's blocks -> an operation (API pages) and/or types (resource and enum pages).

:class:`.walk.Walker` collects what the page states in one pass; this module decides what kind of
page it is and builds the IR values. Type references stay as the docs write them; :mod:`docgen.ir.link`
resolves them once every page is read.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import PurePosixPath

from .. import diagnostics as dg
from ..ir.model import Example, Operation, RequestBody, Response, Source, Type
from ..ir.page import PageResult
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
_NO_BODY_VERBS = frozenset({"GET", "DELETE", "HEAD", "OPTIONS"})
_PAGE_TYPES = {
    "apipagetype": "api",
    "resourcepagetype": "resource",
    "enumpagetype": "enum",
    "conceptualpagetype": "conceptual",
}




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
    if w.api.body is not None and (w.api.body.type or w.api.body.properties):
        return None
    if response is None or not response.type or response.collection or response.type.startswith("Edm."):
        return None
    verbs = {r.method.upper() for r in w.api.requests}
    update = w.api.body_updates is not None and bool(verbs) and verbs <= {"PATCH", "PUT"}
    create = not w.api.body_seen and verbs == {"POST"} and response.status == 201
    if not update and not create:
        return None
    source = Source(w.file, w.api.body_updates) if update and w.api.body_updates else w.api.body.source if w.api.body is not None else response.source
    description = w.api.body.description if w.api.body is not None else ""
    return RequestBody(description=description, type=response.type, source=source)


def _type_from_hint(w: Walker, response: Response) -> bool:
    """The body type a Response-section sentence names without a status code: "This method returns
    a collection of [DriveItem](driveitem.md) resources." """
    if w.api.response_hint is None:
        return False
    rtype, coll, text, line = w.api.response_hint
    response.type, response.collection = rtype, coll
    if not response.description:
        response.description, response.source = text, Source(w.file, line)
    return True


def _type_from_annotations(w: Walker, response: Response, examples: list[Example]) -> bool:
    """A GET whose Response section names no type: the type every example response's annotation
    names (``"@odata.type": "Collection(microsoft.graph.driveItem)"``), when each example's JSON
    body agrees on collection-ness (``{"value": [...]}``). Annotations are often loose about
    collections (``microsoft.graph.list`` on a list of lists): a disagreement gives nothing. And
    the page must be about that type (its title or file name names it): a page of many resources
    shows one of them in its example (``singlevaluelegacyextendedproperty-get`` answers a message)."""
    if response.status != 200 or {r.method for r in w.api.requests} != {"GET"}:
        return False
    answers = [e.response for e in examples if e.response is not None and e.response.status == 200]
    named = {a.odata_type for a in answers}
    if not answers or len(named) != 1 or None in named:
        return False
    t, coll = parse_type(str(next(iter(named))))
    if not t or t.startswith("Edm."):
        return False
    if not _names_type(w, t):
        return False
    bodies = [a.body for a in answers if isinstance(a.body, dict)]
    if not bodies or any(isinstance(b.get("value"), list) != coll for b in bodies):
        return False
    response.type, response.collection = t, coll
    return True


def _names_type(w: Walker, qualified: str) -> bool:
    """The page's file name or title names the type, singular or plural (``driveitem-list-children``
    names driveItem, ``projectrome-get-activities`` activity)."""
    name = qualified.rsplit(".", 1)[-1].lower()
    forms = {name, name + "s", name + "es"} | ({name[:-1] + "ies"} if name.endswith("y") else set())
    where = [re.sub(r"[^a-z0-9]", "", x.lower()) for x in (PurePosixPath(w.file).stem, w.head.title or "")]
    return any(f in x for f in forms for x in where)


def build_operation(w: Walker) -> Operation:
    examples = w.examples.finish()
    api_version = None
    for e in examples:
        if e.request and e.request.url:
            api_version = http.version_of(e.request.url)
            if api_version:
                break
    response = w.api.response
    first_resp = next((e.response for e in examples if e.response and e.response.status), None)
    if response is None and first_resp is not None:
        response = Response(first_resp.status, None, False, "", first_resp.source)
    if response is not None and not response.type and response.status != 204:
        if not _type_from_hint(w, response):
            _type_from_annotations(w, response, examples)
    if response is not None and response.type:
        t, coll = parse_type(response.type)
        response.type = t
        response.collection = response.collection or coll
    if w.api.body and w.api.body.type:
        w.api.body.type = parse_type(w.api.body.type)[0]
    body = _body_from_response(w, response) or w.api.body
    op = Operation(
        id=_op_id(w.file),
        title=w.head.title or _op_id(w.file),
        description=w.head.description,
        namespace=w.head.namespace,
        api_version=api_version,
        source=Source(w.file, w.head.title_line),
        requests=w.api.requests,
        permissions=w.perms.out,
        headers=w.api.headers,
        parameters=w.api.params,
        request_body=body,
        no_request_body=w.api.no_body and body is None,
        response=response,
        query_options=w.api.query_options,
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
    refused = op.no_request_body and not (op.request_body is not None and (op.request_body.type or op.request_body.properties))
    for e in op.examples:
        if refused and e.request and e.request.body_text.strip() and (e.request.method or "").upper() in _NO_BODY_VERBS:
            w.diags.append(
                dg.make("DG609", w.file, e.request.source.line if e.request.source else line, f"example {e.request.method} sends a body; the page says not to supply one")
            )
            e.diagnostics.append("DG609")
        if e.request and e.request.path and not any(request_matches(r.method, r.path, e.request.method, e.request.path) for r in lines):
            # with no request line at all (DG301) the generated test has nothing to replay it through
            none = "" if op.requests else " (the page states none)"
            w.diags.append(
                dg.make(
                    "DG605",
                    w.file,
                    e.request.source.line if e.request.source else line,
                    f"example {e.request.method} {e.request.path} matches no request line{none}",
                )
            )
            e.diagnostics.append("DG605")
        if e.response and e.response.status and status and e.response.status != status and 200 <= status < 300:
            w.diags.append(
                dg.make(
                    "DG606",
                    w.file,
                    e.response.source.line if e.response.source else line,
                    f"example answers {e.response.status}, the Response section says {status}",
                )
            )


def build_types(w: Walker) -> list[Type]:
    out: list[Type] = []
    ann = w.resource.annotation or {}
    name, namespace = None, w.head.namespace or "microsoft.graph"
    odata = ann.get("@odata.type") or ann.get("@type")
    if isinstance(odata, str) and odata.strip("#"):
        qual = odata.strip().lstrip("#")
        if "." in qual:
            namespace, name = qual.rsplit(".", 1)
        else:
            name = qual
    if name is None and w.head.title:
        m = _TITLE_TYPE.match(w.head.title)
        if m:
            name = m.group(1).rsplit(".", 1)[-1]
    # an open type's JSON representation shows example keys, not declared properties
    open_type = ann.get("openType") is True or w.lineage.open_type
    if not w.types.properties and not w.types.relationships and w.resource.json_representation is not None and not open_type:
        w.types.properties, w.types.relationships = properties_from_json(w.resource.json_representation, w.file, w.diags)
        w.types.properties_from_json = bool(w.types.properties)
    elif w.resource.json_representation is not None and not open_type:
        _add_json_only(w)
    base = ann.get("baseType") if isinstance(ann.get("baseType"), str) else None
    if base and base.lower() == "microsoft.graph.entity" and w.lineage.base and w.lineage.base.rsplit(".", 1)[-1].lower() != "entity":
        base = None  # the annotation's default root; "Inherits from [directoryObject]" is the statement
    base = base or w.lineage.base
    if w.types.relationships and w.types.properties:
        # listed in both tables: the docs' Relationships table is the more specific statement
        rel_names = {p.name.lower() for p in w.types.relationships}
        w.types.properties = [p for p in w.types.properties if p.name.lower() not in rel_names]
    if name:
        t = Type(
            name=name,
            namespace=namespace,
            kind="entity" if ann.get("keyProperty") else "complex",
            base=base,
            description=w.head.description,
            properties=w.types.properties,
            relationships=w.types.relationships,
            methods=w.types.methods,
            key=ann.get("keyProperty") if isinstance(ann.get("keyProperty"), str) else None,
            open_type=open_type,
            abstract=ann.get("abstract") is True,
            source=Source(w.file, w.head.title_line),
        )
        out.append(t)
    return out


def _add_json_only(w: Walker) -> None:
    """Members the JSON representation lists and the tables do not (DG508)."""
    code = w.resource.json_representation
    assert code is not None
    props, rels = properties_from_json(code, w.file, w.diags, fallback=False)
    known = {p.name.lower() for p in (*w.types.properties, *w.types.relationships)}
    # "errorInfo" beside a table's "errorInformation": one member spelt two ways, the table's wins
    props = [p for p in props if not any(k.startswith(p.name.lower()) for k in known)]
    rels = [p for p in rels if not any(k.startswith(p.name.lower()) for k in known)]
    added = [*props, *rels]
    if not added:
        return
    w.types.properties.extend(props)
    w.types.relationships.extend(rels)
    w.types.properties_from_json = True
    names = ", ".join(p.name for p in added)
    w.diags.append(dg.make("DG508", w.file, code.line, f"only in the JSON representation, added: {names}"[:300]))


def build_enum_types(w: Walker, title_name: str | None) -> list[Type]:
    out = []
    for e in w.types.enums:
        if not e.name:
            if not title_name:
                continue
            e.name = title_name
        e.namespace = w.head.namespace or "microsoft.graph"
        if e.name == title_name:
            e.description = w.head.description
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
    if kind == "api" and not w.api.requests and (w.resource.annotation or w.types.properties) and "http" not in w.section_lines:
        page.diagnostics.append(
            dg.make(
                "DG203", page.file, 1, "doc_type says API page, but the page describes a resource; read as a resource"
            )
        )
        kind = "resource"
    if kind == "resource" and w.api.requests and "http" in w.section_lines and not w.resource.annotation and not w.types.properties:
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
        if w.api.requests or "http" in w.section_lines:
            kind = "api"
        elif w.types.properties or w.types.relationships or w.resource.annotation:
            kind = "resource"
        elif w.types.enums:
            kind = "enum"
        else:
            page.diagnostics.append(dg.make("DG202", page.file, 1, "not an API, resource or enum page"))
            return result
    title_name = None
    if w.head.title:
        m = _TITLE_TYPE.match(w.head.title)
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
        if w.types.properties_from_json:
            result.json_typed.update(t.name for t in result.types)
        if w.lineage.derived and result.types:
            result.derived[result.types[0].name] = list(dict.fromkeys(w.lineage.derived))
    if kind in ("resource", "enum"):
        result.types.extend(build_enum_types(w, title_name if kind == "enum" else None))
    if w.head.title is None:
        page.diagnostics.append(dg.make("DG201", page.file, 1, "page has no title"))
    return result
