"""The walk: one pass over a page's blocks, keeping the current section, collecting what the page
states (request lines, permissions, tables, prose facts, examples) into the small records of
:mod:`.walkstate`. :mod:`.page` turns them into IR values.

Blocks go to a handler chosen by what they are: paragraphs by section (:data:`_PARA`), tables by
the kind of their header (:data:`_TABLE`); facts in prose are read by :mod:`.prose`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..ir.model import Header, Parameter, RequestBody, Response, Source, Type
from . import examples as ex
from . import http, inline, prose, sections, tables
from .blocks import Code, Heading, Page, Para, Table
from .permissions import PermissionReader
from .sections import Section
from .walkstate import ApiFacts, Head, Lineage, Position, Resource, TypeFacts

_EXAMPLE_LABEL = re.compile(r"^examples?\s*\d*\s*:", re.I)


class Walker:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.file = page.file
        self.diags = page.diagnostics
        self.head = Head(title=page.front.get("title") or None)
        self.api = ApiFacts()
        self.types = TypeFacts()
        self.lineage = Lineage()
        self.resource = Resource()
        self.section_lines: dict[str, int] = {}  # Section -> line of its first heading (Section is a str)
        self.perms = PermissionReader(self.file, self.diags)
        self.examples = ex.ExampleReader(self.file, self.diags)
        self.pos = Position()

    # --- walking ---------------------------------------------------------------------------
    def walk(self) -> None:
        for block in self.page.blocks:
            if isinstance(block, Heading):
                self._heading(block)
            elif isinstance(block, Code):
                self._code(block)
            elif isinstance(block, Table):
                self._table(block)
            elif isinstance(block, Para):
                self._para(block)

    def _heading(self, block: Heading) -> None:
        pos = self.pos
        if sections.TAB_LINE.match(block.raw):
            return
        text = sections.heading_text(block.raw)
        if block.level == 1 and not self.head.h1_seen:
            self.head.h1_seen = True
            self.head.title = text or self.head.title
            self.head.title_line = block.line
            pos.enter(Section.INTRO, 1)
            return
        r = sections.role_of(text)
        if pos.examples_level is not None and (block.level > pos.examples_level or r in (Section.REQUEST, Section.RESPONSE)):
            if r in (Section.REQUEST, Section.RESPONSE):
                pos.side = r.value
            elif r == Section.HTTP:  # an example's "### HTTP request" (driveitem pages) heads its request
                pos.side = Section.REQUEST.value
            elif r in (None, Section.EXAMPLES):
                self.examples.label = text
                pos.side = None
            else:
                pos.side = None
            return
        pos.examples_level = None
        if r in (Section.EXAMPLES, Section.REQUEST):
            pos.examples_level, pos.side = block.level, ("request" if r == Section.REQUEST else None)
            pos.enter(Section.EXAMPLES, block.level)
            if r == Section.EXAMPLES and _EXAMPLE_LABEL.match(text):
                self.examples.label = text
            return
        if r == Section.ENUM_VALUES:
            pos.enum = Type(sections.enum_name(text) or text, "", "enum", source=Source(self.file, block.line))
            self.types.enums.append(pos.enum)
            pos.enter(Section.MEMBERS, block.level)
            return
        if r is None:
            if block.level > pos.level and pos.section not in (Section.INTRO, Section.OTHER):
                if pos.section == Section.PERMISSIONS:
                    self.perms.label = text
                elif pos.section in (Section.PROPERTIES, Section.RELATIONSHIPS) and not (pos.foreign and block.level > pos.foreign_level):
                    # "### Read-only properties" holds this type's; "### Properties of a policy definition" not
                    pos.foreign = prose.is_foreign_subheading(text)
                    pos.foreign_level = block.level if pos.foreign else 0
                return
            pos.enter(Section.OTHER, block.level)
            return
        pos.enter(r, block.level)
        if r != Section.MEMBERS:
            pos.enum = None
        self.section_lines.setdefault(r, block.line)
        if r == Section.PERMISSIONS:
            self.perms.label = None
            self.perms.intro_least = False

    def _code(self, code: Code) -> None:
        section = self.pos.section
        if section == Section.RELATED:
            return
        ann = code.annotation
        if ann and str(ann.get("blockType", "")).lower() == "resource":
            if self.resource.annotation is None:
                self.resource.annotation, self.resource.annotation_line = ann, code.annotation_line
                self.resource.json_representation = code
            return
        block_type = str(ann.get("blockType", "")).lower() if ann else ""
        if section == Section.HTTP or (section != Section.EXAMPLES and code.lang in ex.EXAMPLE_LANGS and _only_request_lines(code.text)):
            # the HTTP request section, or request lines under task headings / misplaced
            if code.lang in ex.EXAMPLE_LANGS:
                reqs, hdrs = http.parse_block(code.text, code.line, self.file, self.diags)
                self.api.requests.extend(reqs)
                for name, value, line in hdrs:
                    self.api.headers.append(Header(name, value, True, Source(self.file, line)))
                if block_type == "request" and len(reqs) == 1:
                    self.examples.code(code, "request")  # also an example, answered further down
                elif section == Section.HTTP and len(reqs) == 1 and not block_type:
                    self.api.lone_request = code  # an example if the Response section answers it
            return
        if section == Section.RESPONSE and not block_type and self.api.lone_request is not None and not self.examples.examples \
                and code.lang in ex.EXAMPLE_LANGS and ex.is_status_block(code.text):
            # the OneDrive pages' shape: the HTTP request section's one request, answered by a sample
            # in the Response section (what their "blockType" annotations say in Markdown; plain
            # text has no annotations)
            self.examples.code(self.api.lone_request, "request")
            self.examples.code(code, "response")
            self.api.lone_request = None
            return
        if section == Section.EXAMPLES or block_type in ("request", "response"):
            self.examples.code(code, self.pos.side if section == Section.EXAMPLES else None)

    # --- tables ----------------------------------------------------------------------------
    def _table(self, table: Table) -> None:
        pos = self.pos
        if pos.section == Section.RELATED:
            return
        kind = tables.kind_of(table.header, params=pos.section.is_params)
        if kind == "permissions" or pos.section == Section.PERMISSIONS:
            if kind in ("permissions", "other") or (pos.section == Section.PERMISSIONS and kind == "headers"):
                self.perms.table(table)
            return
        handler = _TABLE.get(kind)
        if handler is not None:
            handler(self, table)

    def _headers_table(self, table: Table) -> None:
        if self.pos.section in (Section.HEADERS, Section.INTRO, Section.OTHER, Section.HTTP):
            self.api.headers.extend(tables.headers(table, self.file))

    def _members_table(self, table: Table) -> None:
        pos = self.pos
        if pos.foreign or pos.section not in (Section.MEMBERS, Section.ENUM_VALUES, Section.PROPERTIES, Section.INTRO, Section.OTHER):
            return
        target = pos.enum
        if target is None:
            target = Type("", "", "enum", source=Source(self.file, table.line))
            self.types.enums.append(target)
        target.members.extend(tables.members(table, self.file, self.diags))

    def _methods_table(self, table: Table) -> None:
        if self.pos.section == Section.METHODS:
            self.types.methods.extend(tables.methods(table, self.file))

    def _properties_table(self, table: Table) -> None:
        pos = self.pos
        first = inline.plain(table.header[0]).lower() if table.header else ""
        own_properties = pos.section == Section.PROPERTIES and not pos.foreign
        if pos.section == Section.BODY:
            props = tables.properties(table, self.file, self.diags)
            if self.api.body is None:
                self.api.body = RequestBody(source=Source(self.file, table.line))
            self.api.body.properties.extend(props)
        elif pos.section.is_params:
            loc = pos.section.param_location
            for p in tables.properties(table, self.file, self.diags):
                where = loc or self._param_location(p.name)
                self.api.params.append(Parameter(p.name, where, p.type, p.collection, p.description, p.required, p.source))  # type: ignore[arg-type]
        elif (pos.section == Section.RELATIONSHIPS and not pos.foreign) or (first.startswith("relationship") and not own_properties):
            self.types.relationships.extend(tables.properties(table, self.file, self.diags))
        elif own_properties:
            self.types.properties.extend(tables.properties(table, self.file, self.diags))

    def _param_location(self, name: str) -> str:
        requests = self.api.requests
        for r in requests:
            if name in r.path_parameters:
                return "path"
            if f"{name}=" in r.path:
                return "function"
        return (
            "query"
            if name.startswith("$")
            else "function" if requests and "(" in requests[0].path else "query"
        )

    # --- paragraphs ------------------------------------------------------------------------
    def _para(self, para: Para) -> None:
        pos, lineage = self.pos, self.lineage
        raw = para.raw
        if pos.section == Section.RELATED:
            return
        if (
            pos.section == Section.DERIVED
            or (lineage.derived_open and para.item)
            or (not pos.foreign and pos.section in (Section.INTRO, Section.PROPERTIES, Section.OTHER) and prose.mentions_derived_types(raw))
        ):
            # "the derived types are [a](a.md), [b](b.md)" / a "Derived types" list
            lineage.derived.extend(t for t, target in inline.links(raw) if target.endswith(".md") or target == t)
            lineage.derived_open = True
            if pos.section != Section.INTRO:
                return
        else:
            lineage.derived_open = False
        if pos.foreign:
            return
        handler = _PARA.get(pos.section)
        if handler is not None:
            handler(self, para)

    def _intro_para(self, para: Para) -> None:
        head, raw = self.head, para.raw
        ns = prose.namespace(raw)
        if ns is not None:
            head.namespace = head.namespace or ns
            return
        text = inline.plain(raw)
        self._prose_facts(raw, text)
        if not head.description and not para.quote and not para.item and text and prose.is_description(text):
            head.description = text

    def _permissions_para(self, para: Para) -> None:
        if para.item:
            self.perms.list_item(para)
        else:
            self.perms.prose(para)

    def _examples_para(self, para: Para) -> None:
        if prose.says_shortened(inline.plain(para.raw)):
            self.examples.truncate_next = True

    def _body_para(self, para: Para) -> None:
        api = self.api
        text = inline.plain(para.raw)
        api.body_seen = True
        refusal = prose.body_refusal(text)
        if refusal is not None:
            api.no_body = api.no_body or refusal == "must_not_send"
            return
        if api.body is not None and api.body.type is not None:
            return
        found = prose.body_type(text)
        if found is None and prose.body_is_update_values(text):
            api.body_updates = para.line
        if found is not None:
            if api.body is None:
                api.body = RequestBody(source=Source(self.file, para.line))
            api.body.type, api.body.collection = found
            api.body.description = api.body.description or text

    def _response_para(self, para: Para) -> None:
        text = inline.plain(para.raw)
        if self.api.response is not None:
            if self.api.response.type is None and self.api.response_hint is None:
                found = prose.response_body_type(text)  # "... the response body includes an [x] object."
                if found is not None:
                    self.api.response_hint = (found[0], found[1], text, para.line)
            return
        status = prose.response_status(text)
        if status is None:
            found = prose.response_type(text) if self.api.response_hint is None else None
            if found is not None:
                self.api.response_hint = (found[0], found[1], text, para.line)
            return
        code, end = status
        rtype, coll = prose.response_type(text[end:]) or (None, False)
        self.api.response = Response(code, rtype, coll, text, Source(self.file, para.line))

    def _query_para(self, para: Para) -> None:
        text = inline.plain(para.raw)
        if self.pos.section == Section.PARAMS and "$" not in text:
            return
        for o in prose.query_options(text):
            if o not in self.api.query_options:
                self.api.query_options.append(o)

    def _facts_para(self, para: Para) -> None:
        self._prose_facts(para.raw, inline.plain(para.raw))

    def _prose_facts(self, raw: str, text: str) -> None:
        """Base type and openness stated in prose; a linked base beats an earlier bare word."""
        lineage = self.lineage
        if lineage.base is None or not lineage.base_linked:
            base, linked = prose.base_from_prose(raw)
            if base and (lineage.base is None or linked):
                lineage.base, lineage.base_linked = base, linked
        if not lineage.open_type and prose.says_open_type(text):
            lineage.open_type = True


_PARA: dict[Section, Callable[[Walker, Para], None]] = {
    Section.INTRO: Walker._intro_para,
    Section.PERMISSIONS: Walker._permissions_para,
    Section.EXAMPLES: Walker._examples_para,
    Section.BODY: Walker._body_para,
    Section.RESPONSE: Walker._response_para,
    Section.PARAMS_QUERY: Walker._query_para,
    Section.PARAMS: Walker._query_para,
    Section.PROPERTIES: Walker._facts_para,
    Section.OTHER: Walker._facts_para,
    Section.JSON: Walker._facts_para,
}

# by table kind (tables.kind_of); permission tables are read before this table is consulted
_TABLE: dict[str, Callable[[Walker, Table], None]] = {
    "headers": Walker._headers_table,
    "members": Walker._members_table,
    "methods": Walker._methods_table,
    "properties": Walker._properties_table,
}


def _only_request_lines(text: str) -> bool:
    lines = [x.strip() for x in text.split("\n") if x.strip() and x.strip().lower() != "or"]
    return bool(lines) and all(http.parse_request_line(x) and "://" not in x for x in lines)
