"""The docgen intermediate representation (IR).

Everything a docs page states, as plain typed dataclasses. The parser fills them, the generator and
the differ read them, and ``docgen ir`` writes them as JSON (see docs/ir.md and ir/schema.json).

Conventions
-----------
* Every element carries a :class:`Source` (file, 1-based line) pointing at where the docs state it.
* Type references are strings: ``Edm.<Primitive>`` for primitives (``Edm.String``, ``Edm.Int32``…)
  and ``<namespace>.<name>`` for named types (``microsoft.graph.passwordProfile``). Collection-ness
  is a separate boolean, never part of the name.
* Lists are kept in the order the docs state them, except where a field says otherwise; the
  document as a whole is sorted (operations by id, types by qualified name) so output is stable.
* Bump :data:`IR_VERSION` (semver) on any change to the JSON shape: minor for additions, major for
  renames, removals or meaning changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

IR_VERSION = "1.3.0"

Level = Literal["error", "warning", "info"]
TypeKind = Literal["entity", "complex", "enum"]
TypeOrigin = Literal["page", "request_body"]
# where a type's member is stated: a table row, only the JSON representation, or nowhere but the
# request URLs of API pages (``GET /deviceManagement/deviceCompliancePolicies``: inferred)
PropertyOrigin = Literal["table", "json_representation", "request_url"]
PermissionStatus = Literal["supported", "not_supported", "not_applicable", "todo", "unspecified"]
PermissionOrder = Literal["least_to_most", "most_to_least", "unstated"]
ParameterLocation = Literal["path", "query", "header", "function"]
# national clouds an API is available in, as the docs' availability table names them
NationalCloud = Literal["global", "us_gov_l4", "us_gov_l5", "china"]


@dataclass(frozen=True, slots=True)
class Source:
    """Where something is stated: a file (POSIX path as given on the command line) and a 1-based line."""

    file: str
    line: int


@dataclass(slots=True)
class Diagnostic:
    """A problem found in the docs. ``code`` is stable (see docgen/diagnostics.py and docs/diagnostics.md)."""

    source: Source
    level: Level
    code: str
    message: str


@dataclass(slots=True)
class Property:
    """A property, relationship, request-body property or parameter of a type or operation."""

    name: str
    type: str | None  # "Edm.String", "microsoft.graph.user", or None when the docs give no type
    collection: bool = False
    description: str = ""
    required: bool | None = None  # None: the docs do not say
    source: Source | None = None
    type_as_written: str = ""  # the Type cell as the docs wrote it, links stripped
    origin: PropertyOrigin = "table"


@dataclass(slots=True)
class EnumMember:
    name: str
    value: int | None = None
    description: str = ""
    source: Source | None = None


@dataclass(slots=True)
class Method:
    """A row of a resource page's Methods table: an operation on the type and what it returns."""

    name: str  # the link text: "List mobileAppCategories"
    operation: str | None = None  # id of the API page the row links to ("intune-apps-mobileappcategory-list")
    return_type: str | None = None
    collection: bool = False
    description: str = ""
    source: Source | None = None


@dataclass(slots=True)
class Type:
    """An entity, complex or enum type, merged across every page that states something about it."""

    name: str
    namespace: str
    kind: TypeKind
    base: str | None = None  # qualified name of the base type
    description: str = ""
    properties: list[Property] = field(default_factory=list)
    relationships: list[Property] = field(default_factory=list)
    members: list[EnumMember] = field(default_factory=list)
    key: str | None = None
    open_type: bool = False
    abstract: bool = False
    source: Source | None = None  # the defining page (resource/enum page) or the first mention
    sources: list[Source] = field(default_factory=list)  # every page that contributed (provenance)
    # "page": a resource or enum page defines it; "request_body": known only from request-body tables
    origin: TypeOrigin = "page"
    methods: list[Method] = field(default_factory=list)  # the resource page's Methods table

    @property
    def qualified_name(self) -> str:
        return f"{self.namespace}.{self.name}"


@dataclass(slots=True)
class RequestLine:
    """One request line of the HTTP request section: ``GET /users/{id}/messages``."""

    method: str
    path: str  # normalised template: leading "/", no host/version, {param} placeholders
    query: str | None = None  # query template as written, without "?"
    path_parameters: list[str] = field(default_factory=list)
    source: Source | None = None
    raw: str = ""


@dataclass(slots=True)
class ScopeSet:
    """One alternative of a permission row: every scope in it is required (``A and B``)."""

    scopes: list[str] = field(default_factory=list)
    # the docs mark it least privileged (the "Least privileged permissions" column, prose such as
    # "X is the least privileged permission", or the text introducing a table with one row per
    # resource saying so, for a cell of one alternative); False: a higher privileged or unmarked one
    least_privileged: bool = False


@dataclass(slots=True)
class Permission:
    """One row of a permissions table: a permission type (and optional context) and its scopes.

    ``scopes`` are stored least privileged first; ``order`` keeps what the docs stated.
    ``alternatives`` says how the scopes combine: any one alternative is enough, and an
    alternative needs all of its scopes. Every scope of ``scopes`` is in at least one alternative.
    """

    type: str  # "delegated_work", "delegated_personal", "application", or the docs' text slugified
    context: str | None = None  # e.g. "Device management" (seed 001) or an H3 scenario label
    scopes: list[str] = field(default_factory=list)
    status: PermissionStatus = "supported"
    order: PermissionOrder = "unstated"
    source: Source | None = None
    alternatives: list[ScopeSet] = field(default_factory=list)  # same scopes, grouped; least privileged first
    footnoted: list[str] = field(default_factory=list)  # scopes written with a footnote marker ("Mail.Send*")

    def least_privileged(self) -> list[ScopeSet]:
        """The alternatives the docs mark least privileged; else, when the docs state an order
        (stored least privileged first either way), the first one; else none."""
        marked = [a for a in self.alternatives if a.least_privileged]
        if marked:
            return marked
        if self.order != "unstated" and self.alternatives:
            return self.alternatives[:1]
        return []


@dataclass(slots=True)
class Header:
    name: str
    value: str = ""
    required: bool | None = None
    source: Source | None = None


@dataclass(slots=True)
class Parameter:
    """A path, query or function parameter of an operation."""

    name: str
    location: ParameterLocation
    type: str | None = None
    collection: bool = False
    description: str = ""
    required: bool | None = None
    source: Source | None = None


@dataclass(slots=True)
class RequestBody:
    description: str = ""
    type: str | None = None  # the type whose JSON representation is the body, when stated
    collection: bool = False
    properties: list[Property] = field(default_factory=list)
    source: Source | None = None


@dataclass(slots=True)
class Response:
    status: int | None = None
    type: str | None = None
    collection: bool = False
    description: str = ""
    source: Source | None = None


# a body that is one bracketed phrase standing for content: ``[Zip file containing a Teams app package]``
_PLACEHOLDER = re.compile(r"^[\[{]\s*[A-Za-z][^\"{}\[\]:,]*[\]}]$")


def json_like(text: str) -> bool:
    """Whether the docs mean a body as JSON: it opens with ``{`` or ``[`` and is not a bracketed
    phrase standing for content (``{Raw bytes of the file}``). The parser reads such bodies as JSON."""
    body = text.strip()
    return body[:1] in ("{", "[") and _PLACEHOLDER.match(body) is None


@dataclass(slots=True)
class HttpMessage:
    """One side of an example: a request (method+url) or a response (status)."""

    headers: list[tuple[str, str]] = field(default_factory=list)
    body: Any = None  # parsed JSON (leniently), or None
    body_text: str = ""  # the body exactly as written
    source: Source | None = None
    # request side
    method: str | None = None
    url: str | None = None  # as written
    path: str | None = None  # path part, version prefix removed
    query: str | None = None
    # response side
    status: int | None = None
    truncated: bool = False
    odata_type: str | None = None

    def unreadable_json(self) -> bool:
        """The body is meant as JSON (:func:`json_like`) but docgen could not read it: not JSON even
        read leniently (DG602) or nested too deep (DG610). The parser reports it and puts the code on
        the example; the generator makes the example's test a strict xfail that cannot pass. One rule
        for both, so the two never disagree."""
        return self.body is None and json_like(self.body_text)


@dataclass(slots=True)
class Example:
    name: str
    request: HttpMessage | None = None
    response: HttpMessage | None = None
    source: Source | None = None
    # codes of the problems that make this example untestable as written (DG602 body unreadable,
    # DG603 unpaired, DG605 request matches no request line); other problems stay page diagnostics
    diagnostics: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Operation:
    """One API page: a method the docs describe, with every request line that reaches it."""

    id: str
    title: str
    description: str = ""
    namespace: str | None = None
    api_version: str | None = None
    source: Source | None = None
    requests: list[RequestLine] = field(default_factory=list)
    permissions: list[Permission] = field(default_factory=list)
    headers: list[Header] = field(default_factory=list)
    parameters: list[Parameter] = field(default_factory=list)  # path, query and function parameters
    query_options: list[str] = field(default_factory=list)  # OData options the docs list: "$select", ...
    request_body: RequestBody | None = None
    no_request_body: bool = False  # the page says "Do not supply a request body" (and states none)
    response: Response | None = None
    examples: list[Example] = field(default_factory=list)
    # national clouds the page says the API is available in (its availability include or table);
    # empty: the page does not say
    national_clouds: list[NationalCloud] = field(default_factory=list)

    def example_sends_body(self) -> bool:
        """Whether an example request of the page has a body (one the page refuses, DG609, does not count)."""
        return any(e.request is not None and e.request.body_text.strip() and "DG609" not in e.diagnostics for e in self.examples)

    def refuses_body(self) -> bool:
        """The page says "Do not supply a request body", states no body type or properties, and no
        example sends one: the generated method has no ``body`` parameter (the diff reports flips)."""
        rb = self.request_body
        return self.no_request_body and not (rb is not None and (rb.type or rb.properties)) and not self.example_sends_body()


@dataclass(slots=True)
class Document:
    """The IR root: what a set of pages states."""

    ir_version: str = IR_VERSION
    operations: list[Operation] = field(default_factory=list)
    types: list[Type] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
