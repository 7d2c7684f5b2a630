"""The walk: one pass over a page's blocks, keeping the current section role, collecting what the
page states (request lines, permissions, tables, prose facts, examples). :mod:`.page` turns the
collected state into IR values.
"""

from __future__ import annotations

import re

from ..ir.model import Header, Method, Parameter, Property, RequestBody, RequestLine, Response, Source, Type
from . import examples as ex
from . import http, inline, sections, tables
from .blocks import Code, Heading, Page, Para, Table
from .inheritance import base_from_prose, says_open_type
from .permissions import PermissionReader

_NAMESPACE = re.compile(r"^\s*Namespace\s*:\s*([A-Za-z][\w.]*)", re.I)
_STATUS = re.compile(r"\b([1-5]\d\d)(?:,)?\s+(?:[A-Z][A-Za-z\-]*(?:\s+[A-Z][A-Za-z\-]*)*)")
_ODATA_OPTION = re.compile(
    r"\$(select|expand|filter|orderby|top|skip|count|search|format|skipToken|skiptoken|deltatoken|levels)\b", re.I
)
_MUST_NOT_SEND = re.compile(r"\bdo\s+not\s+supply\b|\bdon't\s+supply\b", re.I)  # not "no body is required"
_NO_BODY = re.compile(r"\bdo\s+not\s+supply\b|\bdon't\s+supply\b|\bno\s+request\s+body\b", re.I)
_BODY_TYPE = re.compile(
    r"\bJSON\s+representation\s+(?:of|for)\s+(?:an?\s+|the\s+|that\s+|this\s+|each\s+)?(?:new\s+|updated\s+)?(collection\s+of\s+)?"
    r"(?!(?:resource|object|entity|instance|collection|that|this|these|those|each|the)s?\b)([A-Za-z_][\w.]*)\s+(?:objects?|resources?|entity|entities|collection|instance)\b",
    re.I,
)
# Request-body prose that names the type without "object": "A teamsTab.", "a JSON representation
# for the values contained within a userFlowLanguagePage.", "Provide the new openShift object",
# "a JSON body of an openTypeExtension", "an array of patchContentCommand objects".
_NOT_A_TYPE = r"(?!(?:json|object|objects|collection|list|array|set|reference|request|body|value|values|new|the|an?|id|identifier)\b)"
_BODY_TYPE_PROSE = [
    (re.compile(r"^An?\s+" + _NOT_A_TYPE + r"([a-z][A-Za-z0-9]*)\.?$"), False),
    (re.compile(r"\bJSON\s+representation\s+(?:of|for)\s+(?:the\s+values\s+contained\s+within\s+)?(?:an?\s+|the\s+)?"
                + _NOT_A_TYPE + r"([a-z][A-Za-z0-9]*)(?:\.|\s*$|\s+(?:to|that|specifying|with|for)\b)", re.I), False),
    (re.compile(r"\bProvide\s+the\s+new\s+" + _NOT_A_TYPE + r"([a-z][A-Za-z0-9]*)\s+object\b", re.I), False),
    (re.compile(r"\bJSON\s+body\s+of\s+an?\s+" + _NOT_A_TYPE + r"([a-z][A-Za-z0-9]*)\b", re.I), False),
    (re.compile(r"\barray\s+of\s+" + _NOT_A_TYPE + r"([a-z][A-Za-z0-9]*)\s+objects\b", re.I), True),
]
# "supply the values for relevant fields that should be updated": the body is the updated resource
_UPDATE_VALUES = re.compile(r"\bvalues?\s+(?:for|of)\s+(?:the\s+)?(?:relevant\s+)?(?:\w+\s+)?(?:fields|properties)\b.*\bupdated?\b", re.I)
_ADJ = r"(?:(?:new|requested|specified|corresponding|matching|resulting|single|[a-z]+ed)\s+)?"  # "the restored x object"
_RESP_TYPE = re.compile(
    r"\b(?:and|returns|return|with)\s+(?:an?\s+|the\s+)?(?:JSON\s+representation\s+of\s+(?:the\s+|an?\s+)?)?" + _ADJ
    + r"((?:collection|list|array|set)\s+of\s+)?(?:an?\s+|the\s+)?" + _ADJ
    + r"(?!(?:response|JSON|the|an?|empty|no|object|collection|anything|nothing|content|body|data|value|values)\b)([A-Za-z_][\w.]*)"
    r"\s+(objects?|collection|resources?|entity|entities|instances?|(?=in\s+the\s+response\s+body))",
    re.I,
)
_NOTE = re.compile(r"^\s*(?:\*\*)?(note|notes|important|caution|warning|tip)\b\s*:?", re.I)
_BOILERPLATE = re.compile(r"^(this api is available in|global service|namespace:)", re.I)
_DERIVED = re.compile(r"\bderived\s+types?\b", re.I)
_SHORTENED = re.compile(r"\b(?:truncated|shortened)\b", re.I)


class Walker:
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
        self.no_body = False  # "Do not supply a request body for this method."
        self.body_updates: int | None = None  # line where the body prose says "the values of the fields to update"
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
                    current_enum = Type(
                        sections.enum_name(text) or text, "", "enum", source=Source(self.file, block.line)
                    )
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
            target.members.extend(tables.members(table, self.file, self.diags))
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
        return (
            "query"
            if name.startswith("$")
            else "function" if self.requests and "(" in self.requests[0].path else "query"
        )

    def _para(self, para: Para, role: str) -> None:
        raw = para.raw
        if (
            role == "derived"
            or (self.derived_open and para.item)
            or (role in ("intro", "properties", "other") and _DERIVED.search(raw))
        ):
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
            if (
                not self.description
                and not para.quote
                and not para.item
                and text
                and not _NOTE.match(text)
                and not _BOILERPLATE.match(text)
            ):
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
                self.no_body = self.no_body or _MUST_NOT_SEND.search(text) is not None
                return
            if self.body is not None and self.body.type is not None:
                return
            m = _BODY_TYPE.search(text)
            found = (m.group(2).rstrip("."), bool(m.group(1))) if m else None
            for pattern, collection in _BODY_TYPE_PROSE if found is None else []:
                mp = pattern.search(text)
                if mp:
                    found = (mp.group(1), collection)
                    break
            if found is None and _UPDATE_VALUES.search(text):
                self.body_updates = para.line
            if found is not None:
                if self.body is None:
                    self.body = RequestBody(source=Source(self.file, para.line))
                self.body.type, self.body.collection = found
                self.body.description = self.body.description or text
        elif role == "response" and self.response is None:
            m = _STATUS.search(text)
            if m:
                rtype, coll = None, False
                after = text[m.end() :]
                mt = _RESP_TYPE.search(after)
                if mt:
                    rtype = mt.group(2)
                    coll = bool(mt.group(1)) or mt.group(3).lower() in (
                        "collection",
                        "objects",
                        "entities",
                        "resources",
                        "instances",
                    )
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


def _only_request_lines(text: str) -> bool:
    lines = [x.strip() for x in text.split("\n") if x.strip() and x.strip().lower() != "or"]
    return bool(lines) and all(http.parse_request_line(x) and "://" not in x for x in lines)
