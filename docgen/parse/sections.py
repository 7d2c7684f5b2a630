"""Section roles from heading *text*, at any level. A heading docgen does not know keeps the role of
the section it sits under when it is deeper (scenario labels under Permissions, task headings under
HTTP request, "Example 1: ..." under Examples); ``# [HTTP](#tab/http)`` SDK tab lines are ignored."""

from __future__ import annotations

import re
from enum import Enum

from . import inline


class Section(str, Enum):
    """What a heading opens. A ``str`` enum: ``Section.HTTP == "http"`` (keys of ``section_lines``)."""

    INTRO = "intro"  # before the first known heading
    OTHER = "other"  # a heading docgen does not know
    PERMISSIONS = "permissions"
    HTTP = "http"
    HEADERS = "headers"
    BODY = "body"
    RESPONSE = "response"
    PROPERTIES = "properties"
    RELATIONSHIPS = "relationships"
    JSON = "json"
    METHODS = "methods"
    MEMBERS = "members"
    PARAMS = "params"
    PARAMS_QUERY = "params_query"
    PARAMS_PATH = "params_path"
    PARAMS_FUNCTION = "params_function"
    REQUEST = "request"
    DERIVED = "derived"
    EXAMPLES = "examples"
    ENUM_VALUES = "enum_values"
    RELATED = "related"  # "Related content", "See also": links to other pages, no facts of this one

    @property
    def is_params(self) -> bool:
        return self in _PARAMS

    @property
    def param_location(self) -> str | None:
        """Where the parameters of a table under this heading go, when the heading says."""
        return _PARAM_LOCATION.get(self)


_PARAMS = frozenset({Section.PARAMS, Section.PARAMS_QUERY, Section.PARAMS_PATH, Section.PARAMS_FUNCTION})
_PARAM_LOCATION = {Section.PARAMS_QUERY: "query", Section.PARAMS_PATH: "path", Section.PARAMS_FUNCTION: "function"}

_PARENS = re.compile(r"\([^)]*\)")
TAB_LINE = re.compile(r"^\s*\[[^\]]*\]\(#tab/[^)]*\)\s*$")
_EXAMPLE = re.compile(r"^examples?\b|^example\s*\d|^sample\b", re.I)
_VALUES = re.compile(r"^`?([A-Za-z_][\w.]*)`?\s+(?:enum\s+)?(?:values|members|enumeration)$", re.I)

ROLES = {
    "permissions": Section.PERMISSIONS,
    "permission": Section.PERMISSIONS,
    "prerequisites": Section.PERMISSIONS,
    "http request": Section.HTTP,
    "http requests": Section.HTTP,
    "request headers": Section.HEADERS,
    "request header": Section.HEADERS,
    "headers": Section.HEADERS,
    "request body": Section.BODY,
    "response": Section.RESPONSE,
    "responses": Section.RESPONSE,
    "response body": Section.RESPONSE,
    "properties": Section.PROPERTIES,
    "property": Section.PROPERTIES,
    "relationships": Section.RELATIONSHIPS,
    "relationship": Section.RELATIONSHIPS,
    "json representation": Section.JSON,
    "methods": Section.METHODS,
    "members": Section.MEMBERS,
    "enum values": Section.MEMBERS,
    "values": Section.MEMBERS,
    "optional query parameters": Section.PARAMS_QUERY,
    "query parameters": Section.PARAMS_QUERY,
    "path parameters": Section.PARAMS_PATH,
    "parameters": Section.PARAMS,
    "function parameters": Section.PARAMS_FUNCTION,
    "request": Section.REQUEST,
    "derived types": Section.DERIVED,
    "related content": Section.RELATED,
    "see also": Section.RELATED,
    "next steps": Section.RELATED,
}


def heading_text(raw: str) -> str:
    return inline.plain(raw).strip().rstrip(":").strip()


def role_of(text: str) -> Section | None:
    """Role of a heading's plain text, or None when unknown."""
    key = " ".join(text.lower().split())
    role = ROLES.get(key)
    if role:
        return role
    if "(" in key:  # "HTTP request (to upload a new file)"
        role = ROLES.get(" ".join(_PARENS.sub(" ", key).split()))
        if role:
            return role
    if _EXAMPLE.match(key):
        return Section.EXAMPLES
    if _VALUES.match(text):
        return Section.ENUM_VALUES
    if key.endswith(" properties") and len(key.split()) <= 3:
        return Section.PROPERTIES
    if key.endswith(" relationships") and len(key.split()) <= 3:
        return Section.RELATIONSHIPS
    if key.startswith("request headers"):
        return Section.HEADERS
    return None


def enum_name(text: str) -> str | None:
    m = _VALUES.match(text)
    return m.group(1) if m else None
