"""Section roles from heading *text*, at any level. A heading docgen does not know keeps the role of
the section it sits under when it is deeper (scenario labels under Permissions, task headings under
HTTP request, "Example 1: ..." under Examples); ``# [HTTP](#tab/http)`` SDK tab lines are ignored."""

from __future__ import annotations

import re

from . import inline

_PARENS = re.compile(r"\([^)]*\)")
TAB_LINE = re.compile(r"^\s*\[[^\]]*\]\(#tab/[^)]*\)\s*$")
_EXAMPLE = re.compile(r"^examples?\b|^example\s*\d|^sample\b", re.I)
_VALUES = re.compile(r"^`?([A-Za-z_][\w.]*)`?\s+(?:enum\s+)?(?:values|members|enumeration)$", re.I)

ROLES = {
    "permissions": "permissions",
    "permission": "permissions",
    "prerequisites": "permissions",
    "http request": "http",
    "http requests": "http",
    "request headers": "headers",
    "request header": "headers",
    "headers": "headers",
    "request body": "body",
    "response": "response",
    "responses": "response",
    "response body": "response",
    "properties": "properties",
    "property": "properties",
    "relationships": "relationships",
    "relationship": "relationships",
    "json representation": "json",
    "methods": "methods",
    "members": "members",
    "enum values": "members",
    "values": "members",
    "optional query parameters": "params_query",
    "query parameters": "params_query",
    "path parameters": "params_path",
    "parameters": "params",
    "function parameters": "params_function",
    "request": "request",
    "derived types": "derived",
}


def heading_text(raw: str) -> str:
    return inline.plain(raw).strip().rstrip(":").strip()


def role_of(text: str) -> str | None:
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
        return "examples"
    if _VALUES.match(text):
        return "enum_values"
    if key.endswith(" properties") and len(key.split()) <= 3:
        return "properties"
    if key.endswith(" relationships") and len(key.split()) <= 3:
        return "relationships"
    if key.startswith("request headers"):
        return "headers"
    return None


def enum_name(text: str) -> str | None:
    m = _VALUES.match(text)
    return m.group(1) if m else None
