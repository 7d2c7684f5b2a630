"""One page's blocks -> an operation (API pages) and/or types (resource and enum pages).

Type references stay as the docs write them here; :mod:`docgen.ir.link` resolves them once every
page is read. The walk is a single pass over the blocks with the current section role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from .. import diagnostics as dg
from ..ir.model import Header, Method, Operation, Parameter, Property, RequestBody, RequestLine, Response, Source, Type
from . import examples as ex
from . import http, inline, sections, tables
from .blocks import Code, Heading, Page, Para, Table
from .inheritance import base_from_prose, says_open_type
from .jsonrep import properties_from_json
from .permissions import PermissionReader
from .typeref import parse_type

_NAMESPACE = re.compile(r"^\s*Namespace\s*:\s*([A-Za-z][\w.]*)", re.I)
_STATUS = re.compile(r"\b([1-5]\d\d)(?:,)?\s+(?:[A-Z][A-Za-z\-]*(?:\s+[A-Z][A-Za-z\-]*)*)")
_TITLE_TYPE = re.compile(r"^`?([A-Za-z_][\w.]*)`?\s+(resource\s+type|resource|complex\s+type|entity\s+type|entity|object|type|enum\s+type|enumeration\s+type|enumeration|enum)\b", re.I)
_ODATA_OPTION = re.compile(r"\$(select|expand|filter|orderby|top|skip|count|search|format|skipToken|skiptoken|deltatoken|levels)\b", re.I)
_NO_BODY = re.compile(r"\bdo\s+not\s+supply\b|\bdon't\s+supply\b|\bno\s+request\s+body\b", re.I)
# "JSON representation of a [user](..) object", "... of the user object", "... of a collection of x objects"
_BODY_TYPE = re.compile(
    r"\bJSON\s+representation\s+(?:of|for)\s+(?:an?\s+|the\s+|that\s+|this\s+|each\s+)?(?:new\s+|updated\s+)?(collection\s+of\s+)?"
    r"(?!(?:resource|object|entity|instance|collection|that|this|these|those|each|the)s?\b)([A-Za-z_][\w.]*)\s+(?:objects?|resources?|entity|entities|collection|instance)\b",
    re.I,
)
# "... response code and a user object", "... and a collection of user objects", "... and a [x] collection"
_RESP_TYPE = re.compile(
    r"\b(?:and|returns|return|with)\s+(?:an?\s+|the\s+)?(?:new\s+|updated\s+)?(collection\s+of\s+)?(?:an?\s+)?"
    r"([A-Za-z_][\w.]*)\s+(objects?|collection|resources?|entity|entities|instances?)\b"
    r"(?:\s+in\s+the\s+response\s+body)?",
    re.I,
)
_NOTE = re.compile(r"^\s*(?:\*\*)?(note|notes|important|caution|warning|tip)\b\s*:?", re.I)
_BOILERPLATE = re.compile(r"^(this api is available in|global service|namespace:)", re.I)
_DERIVED = re.compile(r"\bderived\s+types?\b", re.I)
_SHORTENED = re.compile(r"\b(?:truncated|shortened)\b", re.I)
_PAGE_TYPES = {"apipagetype": "api", "resourcepagetype": "resource", "enumpagetype": "enum", "conceptualpagetype": "conceptual"}


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


class _Walker:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.file = page.file
        self.diags = page.diagnostics
        self.title: str | None = page.front.get("title") or None
        self.title_line = 1
        self.h1_seen = False
        self.namespace: str | None = None
        self.description = ""
        self.requests: list[RequestLine] = []
        self.headers: list[Header] = []
        self.params: list[Parameter] = []
        self.query_options: list[str] = []
        self.body: RequestBody | None = None
        self.body_seen = False
        self.response: Response | None = None
        self.properties: list[Property] = []
        self.relationships: list[Property] = []
        self.methods: list[Method] = []
        self.derived: list[str] = []  # types this page says derive from it
        self.derived_open = False
        self.base: str | None = None
        self.base_linked = False
        self.open_type = False
        self.annotation: dict | None = None
        self.annotation_line = 0
        self.json_representation: Code | None = None
        self.properties_from_json = False
        self.enums: list[Type] = []
        self.section_lines: dict[str, int] = {}
        self.perms = PermissionReader(self.file, self.diags)
        self.examples = ex.ExampleReader(self.file, self.diags)

    # --- walking ---------------------------------------------------------------------------
    def walk(self) -> None:
        role, level = "intro", 0
        ex_level: int | None = None  # level of the Examples heading while inside examples
        side: str | None = None
        current_enum: Type | None = None
        for block in self.page.blocks:
            if isinstance(block, Heading):
                if sections.TAB_LINE.match(block.raw):
                    continue
                text = sections.heading_text(block.raw)
                if block.level == 1 and not self.h1_seen:
                    self.h1_seen = True
                    self.title = text or self.title
                    self.title_line = block.line
                    role, level = "intro", 1
                    continue
                r = sections.role_of(text)
                if ex_level is not None and (block.level > ex_level or r in ("request", "response")):
                    if r in ("request", "response"):
                        side = r
                    elif r in (None, "examples"):
                        self.examples.label = text
                        side = None
                    else:
                        side = None
                    continue
                ex_level = None
                if r == "examples" or r == "request":
                    ex_level, side = block.level, ("request" if r == "request" else None)
                    role, level = "examples", block.level
                    if r == "examples" and re.match(r"^examples?\s*\d*\s*:", text, re.I):
                        self.examples.label = text
                    continue
                if r == "enum_values":
                    current_enum = Type(sections.enum_name(text) or text, "", "enum", source=Source(self.file, block.line))
                    self.enums.append(current_enum)
                    role, level = "members", block.level
                    continue
                if r is None:
                    if block.level > level and role not in ("intro", "other"):
                        if role == "permissions":
                            self.perms.label = text
                        elif role in ("properties", "relationships"):
                            role = role + "_sub"  # "Properties of a policy definition": not this type's
                        continue
                    role, level = "other", block.level
                    continue
                role, level = r, block.level
                current_enum = None if r != "members" else current_enum
                self.section_lines.setdefault(r, block.line)
                if r == "permissions":
                    self.perms.label = None
                continue
            if isinstance(block, Code):
                self._code(block, role, side)
            elif isinstance(block, Table):
                self._table(block, role, current_enum)
            elif isinstance(block, Para):
                self._para(block, role)

    def _code(self, code: Code, role: str, side: str | None) -> None:
        ann = code.annotation
        if ann and str(ann.get("blockType", "")).lower() == "resource":
            if self.annotation is None:
                self.annotation, self.annotation_line = ann, code.annotation_line
                self.json_representation = code
            return
        block_type = str(ann.get("blockType", "")).lower() if ann else ""
        if role == "http" or (role != "examples" and code.lang in ex.EXAMPLE_LANGS and _only_request_lines(code.text)):
            # the HTTP request section, or request lines under task headings / misplaced
            if code.lang in ex.EXAMPLE_LANGS:
                reqs, hdrs = http.parse_block(code.text, code.line, self.file, self.diags)
                self.requests.extend(reqs)
                for name, value, line in hdrs:
                    self.headers.append(Header(name, value, True, Source(self.file, line)))
                if block_type == "request" and len(reqs) == 1:
                    self.examples.code(code, "request")  # also an example, answered further down
            return
        if role == "examples" or block_type in ("request", "response"):
            self.examples.code(code, side if role == "examples" else None)

    def _table(self, table: Table, role: str, current_enum: Type | None) -> None:
        kind = tables.kind_of(table.header, params=role.startswith("params"))
        if kind == "permissions" or role == "permissions":
            if kind in ("permissions", "other") or (role == "permissions" and kind == "headers"):
                self.perms.table(table)
            return
        if kind == "headers" and role in ("headers", "intro", "other", "http"):
            self.headers.extend(tables.headers(table, self.file))
            return
        if kind == "members" and role in ("members", "enum_values", "properties", "intro", "other"):
            target = current_enum
            if target is None:
                target = Type("", "", "enum", source=Source(self.file, table.line))
                self.enums.append(target)
            target.members.extend(tables.members(table, self.file))
            return
        if kind == "methods" and role == "methods":
            self.methods.extend(tables.methods(table, self.file))
            return
        if kind != "properties":
            return
        first = inline.plain(table.header[0]).lower() if table.header else ""
        if role == "body":
            props = tables.properties(table, self.file, self.diags)
            if self.body is None:
                self.body = RequestBody(source=Source(self.file, table.line))
            self.body.properties.extend(props)
        elif role.startswith("params"):
            loc = {"params_query": "query", "params_path": "path", "params_function": "function"}.get(role)
            for p in tables.properties(table, self.file, self.diags):
                where = loc or self._param_location(p.name)
                self.params.append(Parameter(p.name, where, p.type, p.collection, p.description, p.required, p.source))  # type: ignore[arg-type]
        elif role == "relationships" or (first.startswith("relationship") and role != "properties"):
            self.relationships.extend(tables.properties(table, self.file, self.diags))
        elif role == "properties":
            self.properties.extend(tables.properties(table, self.file, self.diags))

    def _param_location(self, name: str) -> str:
        for r in self.requests:
            if name in r.path_parameters:
                return "path"
            if f"{name}=" in r.path:
                return "function"
        return "query" if name.startswith("$") else "function" if self.requests and "(" in self.requests[0].path else "query"

    def _para(self, para: Para, role: str) -> None:
        raw = para.raw
        if role == "derived" or (self.derived_open and para.item) or (role in ("intro", "properties", "other") and _DERIVED.search(raw)):
            # "the derived types are [a](a.md), [b](b.md)" / a "Derived types" list
            self.derived.extend(t for t, target in inline.links(raw) if target.endswith(".md") or target == t)
            self.derived_open = True
            if role != "intro":
                return
        else:
            self.derived_open = False
        if role == "intro":
            m = _NAMESPACE.match(raw)
            if m:
                self.namespace = self.namespace or m.group(1).rstrip(".")
                return
            text = inline.plain(raw)
            self._prose_facts(raw, text)
            if not self.description and not para.quote and not para.item and text and not _NOTE.match(text) and not _BOILERPLATE.match(text):
                self.description = text
            return
        if role == "permissions":
            if para.item:
                self.perms.list_item(para)
            return

        text = inline.plain(raw)
        if role == "examples":
            if _SHORTENED.search(text):
                self.examples.truncate_next = True
            return
        if role == "body":
            self.body_seen = True
            if _NO_BODY.search(text):
                return
            m = _BODY_TYPE.search(text)
            if m and (self.body is None or self.body.type is None):
                if self.body is None:
                    self.body = RequestBody(source=Source(self.file, para.line))
                self.body.type, self.body.collection = m.group(2).rstrip("."), bool(m.group(1))
                self.body.description = self.body.description or text
        elif role == "response" and self.response is None:
            m = _STATUS.search(text)
            if m:
                rtype, coll = None, False
                after = text[m.end():]
                mt = _RESP_TYPE.search(after)
                if mt and mt.group(2).lower() not in ("response", "the", "a", "an", "empty"):
                    rtype = mt.group(2)
                    coll = bool(mt.group(1)) or mt.group(3).lower() in ("collection", "objects", "entities", "resources", "instances")
                self.response = Response(int(m.group(1)), rtype, coll, text, Source(self.file, para.line))
        elif role == "params_query" or (role == "params" and "$" in text):
            for opt in _ODATA_OPTION.findall(text):
                o = "$" + opt.lower()
                if o not in self.query_options:
                    self.query_options.append(o)
        elif role in ("properties", "other", "json"):
            self._prose_facts(raw, text)

    def _prose_facts(self, raw: str, text: str) -> None:
        """Base type and openness stated in prose; a linked base beats an earlier bare word."""
        if self.base is None or not self.base_linked:
            base, linked = base_from_prose(raw)
            if base and (self.base is None or linked):
                self.base, self.base_linked = base, linked
        if not self.open_type and says_open_type(text):
            self.open_type = True

    # --- results ----------------------------------------------------------------------------
    def operation(self) -> Operation:
        examples = self.examples.finish()
        api_version = None
        for e in examples:
            if e.request and e.request.url:
                api_version = http.version_of(e.request.url)
                if api_version:
                    break
        response = self.response
        first_resp = next((e.response for e in examples if e.response and e.response.status), None)
        if response is None and first_resp is not None:
            response = Response(first_resp.status, None, False, "", first_resp.source)
        if response is not None and response.type:
            t, coll = parse_type(response.type)
            response.type = t
            response.collection = response.collection or coll
        if self.body and self.body.type:
            self.body.type = parse_type(self.body.type)[0]
        op = Operation(
            id=_op_id(self.file),
            title=self.title or _op_id(self.file),
            description=self.description,
            namespace=self.namespace,
            api_version=api_version,
            source=Source(self.file, self.title_line),
            requests=self.requests,
            permissions=self.perms.out,
            headers=self.headers,
            parameters=self.params,
            request_body=self.body,
            response=response,
            query_options=self.query_options,
            examples=examples,
        )
        self._check(op)
        return op

    def _check(self, op: Operation) -> None:
        line = op.source.line if op.source else 1
        if not op.requests:
            self.diags.append(dg.make("DG301", self.file, self.section_lines.get("http", line), "no HTTP request line (method and path) on this API page"))
        if not op.permissions and "permissions" not in self.section_lines:
            self.diags.append(dg.make("DG401", self.file, line, "no permissions section"))
        status = op.response.status if op.response else None
        for e in op.examples:
            if e.request and e.request.path and op.requests and not any(_matches(r, e.request) for r in op.requests):
                self.diags.append(dg.make("DG605", self.file, e.request.source.line, f"example {e.request.method} {e.request.path} matches no request line"))
                e.diagnostics.append("DG605")
            if e.response and e.response.status and status and e.response.status != status and 200 <= status < 300:
                self.diags.append(dg.make("DG606", self.file, e.response.source.line, f"example answers {e.response.status}, the Response section says {status}"))

    def types(self) -> list[Type]:
        out: list[Type] = []
        ann = self.annotation or {}
        name, namespace = None, self.namespace or "microsoft.graph"
        odata = ann.get("@odata.type") or ann.get("@type")
        if isinstance(odata, str) and odata.strip("#"):
            qual = odata.strip().lstrip("#")
            if "." in qual:
                namespace, name = qual.rsplit(".", 1)
            else:
                name = qual
        if name is None and self.title:
            m = _TITLE_TYPE.match(self.title)
            if m:
                name = m.group(1).rsplit(".", 1)[-1]
        # an open type's JSON representation shows example keys, not declared properties
        open_type = ann.get("openType") is True or self.open_type
        if not self.properties and not self.relationships and self.json_representation is not None and not open_type:
            self.properties, self.relationships = properties_from_json(self.json_representation, self.file, self.diags)
            self.properties_from_json = bool(self.properties)
        base = ann.get("baseType") if isinstance(ann.get("baseType"), str) else None
        base = base or self.base
        if self.relationships and self.properties:
            # listed in both tables: the docs' Relationships table is the more specific statement
            rel_names = {p.name.lower() for p in self.relationships}
            self.properties = [p for p in self.properties if p.name.lower() not in rel_names]
        if name:
            t = Type(
                name=name,
                namespace=namespace,
                kind="entity" if ann.get("keyProperty") else "complex",
                base=base,
                description=self.description,
                properties=self.properties,
                relationships=self.relationships,
                methods=self.methods,
                key=ann.get("keyProperty") if isinstance(ann.get("keyProperty"), str) else None,
                open_type=open_type,
                abstract=ann.get("abstract") is True,
                source=Source(self.file, self.title_line),
            )
            out.append(t)
        return out

    def enum_types(self, title_name: str | None) -> list[Type]:
        out = []
        for e in self.enums:
            if not e.name:
                if not title_name:
                    continue
                e.name = title_name
            e.namespace = self.namespace or "microsoft.graph"
            if e.name == title_name:
                e.description = self.description
            if e.members:
                out.append(e)
        return out


def _only_request_lines(text: str) -> bool:
    lines = [x.strip() for x in text.split("\n") if x.strip() and x.strip().lower() != "or"]
    return bool(lines) and all(http.parse_request_line(x) and "://" not in x for x in lines)


def _segment_matches(template: str, concrete: str) -> bool:
    """``{id}`` matches any segment (either side: docs put templates in examples too); a function
    call matches by name, its arguments being values (``delta(token='x')`` ~ ``delta``)."""
    if template == concrete or "{" in template or "{" in concrete:
        return True
    return template.split("(", 1)[0] == concrete.split("(", 1)[0] and ("(" in template or "(" in concrete)


def _matches(line: RequestLine, msg) -> bool:
    if line.method != msg.method:
        return False
    a = [s for s in line.path.lower().split("/") if s]
    b = [s for s in (msg.path or "").lower().replace(" ", "").split("/") if s]
    return len(a) == len(b) and all(_segment_matches(x, y) for x, y in zip(a, b))


def extract(page: Page) -> PageResult:
    kind = page_type(page)
    w = _Walker(page)
    w.walk()
    result = PageResult(diagnostics=page.diagnostics)
    if kind == "conceptual" or (kind == "infer" and not page.blocks):
        return result
    if kind == "api" and not w.requests and (w.annotation or w.properties) and "http" not in w.section_lines:
        page.diagnostics.append(dg.make("DG203", page.file, 1, "doc_type says API page, but the page describes a resource; read as a resource"))
        kind = "resource"
    if kind == "resource" and w.requests and "http" in w.section_lines and not w.annotation and not w.properties:
        page.diagnostics.append(dg.make("DG203", page.file, 1, "doc_type says resource page, but the page describes an API call; read as an API page"))
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
        op = w.operation()
        result.operation = op
        body = op.request_body
        if body and body.type and body.properties:
            result.body_types.append(
                Type(
                    body.type.rsplit(".", 1)[-1],
                    op.namespace or "microsoft.graph",
                    "complex",
                    properties=[_copy(p) for p in body.properties],
                    source=body.source,
                    origin="request_body",
                )
            )
    elif kind == "resource":
        result.types.extend(w.types())
        if w.properties_from_json:
            result.json_typed.update(t.name for t in result.types)
        if w.derived and result.types:
            result.derived[result.types[0].name] = list(dict.fromkeys(w.derived))
    if kind in ("resource", "enum"):
        result.types.extend(w.enum_types(title_name if kind == "enum" else None))
    if w.title is None:
        page.diagnostics.append(dg.make("DG201", page.file, 1, "page has no title"))
    return result


def _copy(p: Property) -> Property:
    return Property(p.name, p.type, p.collection, p.description, p.required, p.source, p.type_as_written)
