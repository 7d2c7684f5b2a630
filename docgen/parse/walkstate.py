"""What the walk (:mod:`.walk`) collects, grouped by what it is about. :mod:`.page` builds IR
values from these."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..ir.model import Header, Method, Parameter, Property, RequestBody, RequestLine, Response, Type
from .blocks import Code
from .sections import Section


@dataclass(slots=True)
class Head:
    """The page's title and introduction."""

    title: str | None = None
    title_line: int = 1
    h1_seen: bool = False
    namespace: str | None = None
    description: str = ""


@dataclass(slots=True)
class ApiFacts:
    """What an API page states about its call."""

    requests: list[RequestLine] = field(default_factory=list)
    headers: list[Header] = field(default_factory=list)
    params: list[Parameter] = field(default_factory=list)
    query_options: list[str] = field(default_factory=list)
    body: RequestBody | None = None
    body_seen: bool = False  # a Request body section's prose was read
    no_body: bool = False  # "Do not supply a request body for this method."
    body_updates: int | None = None  # line where the body prose says "the values of the fields to update"
    response: Response | None = None
    # a Response-section sentence naming the body type but no status ("This method returns a
    # collection of driveItem resources."): (type as written, collection?, text, line)
    response_hint: tuple[str, bool, str, int] | None = None
    lone_request: Code | None = None  # the HTTP request section's only request line, no annotation


@dataclass(slots=True)
class TypeFacts:
    """What a resource or enum page states about its types' members."""

    properties: list[Property] = field(default_factory=list)
    relationships: list[Property] = field(default_factory=list)
    methods: list[Method] = field(default_factory=list)
    enums: list[Type] = field(default_factory=list)
    properties_from_json: bool = False


@dataclass(slots=True)
class Lineage:
    """Base type, openness and derived types stated on a resource page."""

    base: str | None = None
    base_linked: bool = False
    open_type: bool = False
    derived: list[str] = field(default_factory=list)  # types this page says derive from it
    derived_open: bool = False  # inside a list of derived types


@dataclass(slots=True)
class Resource:
    """The ``blockType: resource`` annotation and the JSON representation under it."""

    annotation: dict[str, Any] | None = None
    annotation_line: int = 0
    json_representation: Code | None = None


@dataclass(slots=True)
class Position:
    """Where the walk is: the section, its heading level, and inside Examples which side."""

    section: Section = Section.INTRO
    level: int = 0
    # under a sub-heading of Properties/Relationships that names something else
    # ("Properties of a policy definition", prose.is_foreign_subheading): its tables are not the type's
    foreign: bool = False
    foreign_level: int = 0  # level of the sub-heading that made it foreign
    examples_level: int | None = None  # level of the Examples heading while inside examples
    side: str | None = None  # "request" / "response" inside an example
    enum: Type | None = None  # the enum whose values section this is

    def enter(self, section: Section, level: int) -> None:
        self.section, self.level, self.foreign, self.foreign_level = section, level, False, 0
