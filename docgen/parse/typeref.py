"""Type cells -> (type name, collection). ``String collection``, ``Collection(x)``, ``[x](..) collection``,
``microsoft.graph.x``, ``Edm.Int32``, ``x resource``. Named types come back unqualified unless the
docs qualify them; :mod:`docgen.ir.link` resolves them against the types every page defines."""

from __future__ import annotations

import re
from functools import lru_cache

from . import inline

PRIMITIVES = {
    "string": "Edm.String",
    "str": "Edm.String",
    "boolean": "Edm.Boolean",
    "bool": "Edm.Boolean",
    "int32": "Edm.Int32",
    "int": "Edm.Int32",
    "integer": "Edm.Int32",
    "number": "Edm.Int32",
    "int64": "Edm.Int64",
    "long": "Edm.Int64",
    "int16": "Edm.Int16",
    "short": "Edm.Int16",
    "byte": "Edm.Byte",
    "sbyte": "Edm.SByte",
    "double": "Edm.Double",
    "single": "Edm.Single",
    "float": "Edm.Single",
    "decimal": "Edm.Decimal",
    "datetimeoffset": "Edm.DateTimeOffset",
    "datetime": "Edm.DateTimeOffset",
    "timestamp": "Edm.DateTimeOffset",
    "date": "Edm.Date",
    "timeofday": "Edm.TimeOfDay",
    "time": "Edm.TimeOfDay",
    "duration": "Edm.Duration",
    "timespan": "Edm.Duration",
    "guid": "Edm.Guid",
    "uuid": "Edm.Guid",
    "binary": "Edm.Binary",
    "stream": "Edm.Stream",
    "json": "microsoft.graph.Json",
    "untyped": "microsoft.graph.Json",
    "url": "Edm.String",
    "uri": "Edm.String",
}

_COLLECTION_OF = re.compile(r"^(?:collection|array|list)\s*(?:\(\s*(.+?)\s*\)|of\s+(.+))$", re.I)
_X_COLLECTION = re.compile(r"^(.+?)\s+(?:collection|array|list)s?\b.*$", re.I)
_ARRAY = re.compile(r"^(.+?)\s*\[\s*\]$")
_SUFFIX = re.compile(r"\s+(?:resource|object|entity|enum|enumeration|type|value)s?$", re.I)
_LEADING_PAREN = re.compile(r"^\([^)]*\)\s*")
_PAREN = re.compile(r"\s*\([^)]*\)\s*$")
_UNCLOSED_LINK = re.compile(r"\[([^\]]*)\]\([^)]*$")
_NAME = re.compile(r"^[A-Za-z_][\w.]*$")
_BARE_BRACKETS = re.compile(r"\[\s*([A-Za-z_][\w.]*)\s*\]")  # "[teamSpecialization]": a link with no target


def primitive(name: str) -> str | None:
    key = name.lower()
    if key.startswith("edm."):
        key = key[4:]
    return PRIMITIVES.get(key)


@lru_cache(maxsize=16384)
def parse_type(raw: str) -> tuple[str | None, bool]:
    """(type, collection). Type is ``Edm.X``, a (possibly qualified) type name, or None."""
    if "[" in raw and "](" in raw and ")" not in raw.split("](", 1)[1]:
        raw = _UNCLOSED_LINK.sub(r"\1", raw)  # "[x](x.md" with the ")" missing
    links = inline.links(raw) if "[" in raw else []
    text = inline.plain(raw)
    if "[" in text:
        text = " ".join(_BARE_BRACKETS.sub(r" \1 ", text).split())  # "[x]collection" -> "x collection"
    if not text:
        return None, False
    collection = False
    m = _COLLECTION_OF.match(text)
    if m:
        text, collection = (m.group(1) or m.group(2)).strip(), True
    else:
        m = _X_COLLECTION.match(text)
        if m:
            text, collection = m.group(1).strip(), True
        else:
            m = _ARRAY.match(text)
            if m:
                text, collection = m.group(1).strip(), True
    if len(links) == 1 and links[0][0] and links[0][0].lower() in text.lower():
        text = links[0][0]
    text = _SUFFIX.sub("", text)
    text = _PAREN.sub("", text).strip()
    text = _LEADING_PAREN.sub("", text).strip()  # "(Optional) String"
    if text.lower().startswith("collection(") and text.endswith(")"):
        text, collection = text[11:-1].strip(), True
    text = text.strip("`*_ ")
    if not text:
        return None, collection
    prim = primitive(text)
    if prim:
        return prim, collection
    # first word that looks like a name: "identitySet (optional)" -> identitySet
    word = text.split()[0].rstrip(".,;:")
    if not _NAME.match(word):
        return None, collection
    return primitive(word) or word, collection
