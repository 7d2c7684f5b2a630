"""Properties from a resource page's JSON representation, for pages that state no property table.

Values stand for types the docs' way: ``"String"``, ``"String (timestamp)"``, ``1024``, ``true``,
``{"@odata.type": "microsoft.graph.x"}``, ``[ ... ]`` for collections.
"""

from __future__ import annotations

import re
from typing import Any

from .. import diagnostics as dg
from ..ir.model import Property, Source
from . import lenient_json
from .blocks import Code
from .typeref import parse_type, primitive

_PROPERTY_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# a string value names a type when it is a primitive ("String", "Edm.Int32", "String (timestamp)"),
# a qualified name ("microsoft.graph.identitySet", "#microsoft.graph.x") or a camelCase type name
# ("identitySet"); other strings are example values ("onenote", "Moment", "a | b | c")
_QUALIFIED = re.compile(r"^#?(?:[A-Za-z_]\w*\.)+([A-Za-z_]\w*)$")
_CAMEL = re.compile(r"^[a-z][a-z0-9]*[A-Z][A-Za-z0-9]*$")
_HINTS = (("duration", "Edm.Duration"), ("timestamp", "Edm.DateTimeOffset"), ("date-time", "Edm.DateTimeOffset"), ("guid", "Edm.Guid"))


def _type_of(value: Any) -> tuple[str | None, bool]:
    if isinstance(value, list):
        inner = _type_of(value[0])[0] if value else None
        return inner, True
    if isinstance(value, bool):
        return "Edm.Boolean", False
    if isinstance(value, int):
        return "Edm.Int32", False
    if isinstance(value, float):
        return "Edm.Double", False
    if isinstance(value, dict):
        odata = value.get("@odata.type")
        return (odata.lstrip("#") if isinstance(odata, str) else None), False
    if isinstance(value, str):
        if value.lower().startswith("collection("):
            return _named(value.strip())
        head, _, hint = value.partition("(")
        hint = hint.rstrip(") ").lower()
        prim = primitive(head.strip())
        if prim == "Edm.String":
            for word, edm in _HINTS:
                if word in hint:
                    return edm, False
        if prim is not None:
            return prim, False
        return _named(head.strip())
    return None, False


def _named(text: str) -> tuple[str | None, bool]:
    """A type named by a string value, or None when the string is an example value."""
    t, coll = parse_type(text)
    if t is None or t.startswith("Edm.") or t == "microsoft.graph.Json":
        return t, coll
    if text.lower().startswith("collection(") or coll:
        return t, coll  # "Collection(microsoft.graph.x)", "x collection"
    m = _QUALIFIED.match(text)
    if m:
        return (None if m.group(1).lower() in ("collection", "object", "entity", "complextype") else text.lstrip("#")), False
    if _CAMEL.match(text):
        return text, False
    return None, False


def properties_from_json(code: Code, file: str, diags: list, *, fallback: bool = True) -> tuple[list[Property], list[Property]]:
    """(properties, relationships): keys under a ``/* relationships */`` comment are relationships.
    ``fallback``: the page has no property table (DG506); else the caller reports what it adds."""
    value, _ = lenient_json.loads(code.text)
    if not isinstance(value, dict):
        return [], []
    sections = lenient_json.comment_sections(code.text) if "/" in code.text else {}
    out: list[Property] = []
    rels: list[Property] = []
    for name, v in value.items():
        if not isinstance(name, str) or not _PROPERTY_NAME.match(name):
            continue  # "@odata.type", "String-value", GUID keys of a dictionary
        t, coll = _type_of(v)
        if t is not None and t.startswith("Edm.") is False and t.lower().startswith("edm."):
            t = primitive(t) or t
        written = v if isinstance(v, str) else type(v).__name__
        prop = Property(name, t, coll, "", None, Source(file, code.line), f"JSON representation: {written}"[:120], "json_representation")
        (rels if "relationship" in sections.get(name, "") else out).append(prop)
    if fallback and (out or rels):
        diags.append(dg.make("DG506", file, code.line, "no property table; properties read from the JSON representation"))
    return out, rels
