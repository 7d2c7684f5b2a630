"""Tables classified by their header's column shape, and their rows read into IR values.

Shapes: Property/Parameter/Name/Relationship + Type (+ Description, Required); Header + Value;
Member (+ Value, Description); Method + Return type. Plain-text tables arrive *flat* (one string a
row) and are split here per shape, so both readers meet the same row logic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import diagnostics as dg
from ..ir.model import Diagnostic, EnumMember, Header, Method, Property, Source
from . import inline, typeref
from .prose.required import required
from .blocks import Table

# first-column headers of property/parameter tables ("Property", "Parameter name", "Name", ...)
_NAME_COLUMN = re.compile(r"^(propert(y|ies)|parameters?|name|relationships?|field|attribute|key|element|member|setting|column|argument)(\s+name)?$")
# "Bearer {token}. Required." -> "Bearer {token}": the marker is Header.required, not the value
_MARKER = re.compile(r"\b(?:required|optional)\b(?:\.|\s*$)", re.I)  # a sentence of its own only
_SPACES = re.compile(r"\s{2,}")
_IDENT = re.compile(r"^@?[A-Za-z_][\w.@\-]*$")


@dataclass(slots=True)
class Columns:
    name: int = 0
    type: int = -1
    description: int = -1
    required: int = -1
    value: int = -1


def columns(header: list[str]) -> Columns:
    cols = Columns()
    if len(header) > 2 and inline.plain(header[1]).lower() == "value" and "type" not in " ".join(header).lower():
        cols.type = 1  # "Parameter name | Value | Description": the Value column holds the type
    plain_cells = [inline.plain(c).lower() for c in header]
    if plain_cells and not _NAME_COLUMN.match(plain_cells[0]):
        # "Permission Type | Property | Type | Description": the name column is not the first
        cols.name = next((i for i, h in enumerate(plain_cells) if _NAME_COLUMN.match(h)), 0)
    for i, h in enumerate(plain_cells):
        if i == cols.name:
            continue
        if "type" in h and cols.type < 0 and "permission" not in h:
            cols.type = i
        elif "description" in h or h in ("notes", "remarks", "details"):
            cols.description = i if cols.description < 0 else cols.description
        elif h.startswith("required") or h == "optional" or h.startswith("mandatory"):
            cols.required = i
        elif h in ("value", "values") and cols.value < 0:
            cols.value = i
    return cols


def kind_of(header: list[str], *, params: bool = False) -> str:
    """'properties', 'headers', 'members', 'methods', 'permissions' or 'other'. Under a
    parameters heading a Name/Value/Description table lists parameters, Value holding the type."""
    cells = [inline.plain(c).lower() for c in header]
    if not cells:
        return "other"
    first = cells[0]
    rest = " ".join(cells[1:])
    if any(c.startswith("propert") for c in cells[1:]) and "type" in cells[1:]:
        return "properties"  # "Permission Type | Property | Type | Description"
    if first.startswith("permission type") or (len(cells) > 2 and "delegated" in rest and "application" in rest):
        return "permissions"
    if first in ("header", "headers", "request header", "header name") or (first == "name" and rest in ("value", "description", "value description")):
        return "headers"
    if first.startswith("method") and "type" in rest:
        return "methods"
    if params and _NAME_COLUMN.match(first) and cells[1:2] == ["value"]:
        return "properties"
    if first in ("member", "members", "value", "enum value", "name") and "type" not in rest:
        return "members"
    if "type" in rest and _NAME_COLUMN.match(first):
        return "properties"
    return "other"


def _required(text: str) -> bool | None:
    return required(text)


def _clean_name(raw: str) -> tuple[str, bool | None]:
    """The name in a name cell, and what the cell says of required-ness:
    ``displayName (required)``, ``id<br>Read-only``, ``name - optional``."""
    parts = inline.split_br(raw)
    name = inline.plain(parts[0] if parts else raw)
    note = ""
    for sep in (" (", " - "):
        if sep in name:
            name, rest = name.split(sep, 1)
            note += " " + rest
    return name.strip().strip("*`"), (_required(note.strip(" ()")) if note else None)


def _split_flat_property(row: str) -> tuple[str, str, str] | None:
    """``name Type rest-of-description`` -> cells; None for group rows (``On-boarding``)."""
    parts = row.split(None, 2)
    if len(parts) < 2 or not _IDENT.match(parts[0]):
        return None
    name, second = parts[0], parts[1]
    rest = parts[2] if len(parts) > 2 else ""
    if second.lower().startswith("collection(") and ")" not in second:
        close = rest.find(")")
        if close >= 0:
            second, rest = second + " " + rest[: close + 1], rest[close + 1 :].strip()
    if rest.lower().startswith("collection"):
        second += " collection"
        rest = rest[len("collection") :].strip()
    return name, second, rest


def properties(table: Table, file: str, diags: list, *, strict_names: bool = True) -> list[Property]:
    """Rows of a Property/Parameter table. Group rows (one filled cell) and blank rows are skipped."""
    cols = columns(table.header)
    out: list[Property] = []
    for row, line in zip(table.rows, table.row_lines):
        if table.flat:
            split = _split_flat_property(row[0])
            if split is None:
                if out and row[0] and not _IDENT.match(row[0].split()[0]) and len(row[0].split()) > 1:
                    out[-1].description = (out[-1].description + " " + row[0]).strip()
                continue
            name_raw, type_raw, desc_raw = split
            req_raw = ""
        else:
            if not row or not any(c.strip() for c in row):
                continue
            filled = [c for c in row if c.strip()]
            if len(filled) == 1 and len(row) > 1 and cols.type >= 0 and not (cols.type < len(row) and row[cols.type].strip()):
                continue  # group row: "|**On-boarding**|||"
            name_raw = row[cols.name] if cols.name < len(row) else ""
            type_raw = row[cols.type] if 0 <= cols.type < len(row) else ""
            desc_raw = row[cols.description] if 0 <= cols.description < len(row) else ""
            req_raw = row[cols.required] if 0 <= cols.required < len(row) else ""
        name, name_required = _clean_name(name_raw)
        if not name:
            continue
        if name.startswith("@"):
            continue  # an instance annotation (@odata.etag, @microsoft.graph.downloadUrl), not a property
        if not _IDENT.match(name):
            if strict_names:
                diags.append(dg.make("DG505", file, line, f"not a property name: {name[:60]!r}"))
            continue
        description = inline.plain(desc_raw)
        ptype, collection = typeref.parse_type(type_raw) if type_raw else (None, False)
        if ptype is None:
            diags.append(dg.make("DG503", file, line, f"{name}: no type given"))
        if req_raw:
            required = _required(inline.plain(req_raw)) if not inline.plain(req_raw).lower() in ("yes", "true", "no", "false") else inline.plain(req_raw).lower() in ("yes", "true")
        else:
            required = _required(description[:200]) if description else None
            if required is None and type_raw:
                required = _required(inline.plain(type_raw))  # "(Optional) String"
        if name_required is not None:
            required = name_required
        out.append(Property(name, ptype, collection, description, required, Source(file, line), inline.plain(type_raw)))
    return out


# OData enum members are Int64 at most: a wider Value cell is a typo (or junk), read as no value
_INT64 = 2**63


def _member_value(raw: str, file: str, line: int, diags: list[Diagnostic]) -> int | None:
    text = raw.strip()
    if not re.fullmatch(r"-?\d+", text):
        return None
    digits = text.lstrip("-").lstrip("0") or "0"  # int() of more than 4,300 digits raises
    value = int(digits) * (-1 if text.startswith("-") else 1) if len(digits) <= 19 else None
    if value is None or not -_INT64 <= value < _INT64:
        shown = text if len(text) <= 24 else text[:24] + "…"
        diags.append(dg.make("DG509", file, line, f"enum value {shown} ({len(digits)} digits) is beyond 64 bits; read as no value"))
        return None
    return value


def members(table: Table, file: str, diags: list[Diagnostic]) -> list[EnumMember]:
    """Rows of a Member (+ Value, Description) table. A row whose name is not an identifier
    (``JIS B4``) is reported (DG505) and skipped; a Value beyond 64 bits is DG509 and no value."""
    cols = columns(table.header)
    first = inline.plain(table.header[0]).lower() if table.header else ""
    out: list[EnumMember] = []
    for row, line in zip(table.rows, table.row_lines):
        if table.flat:
            parts = row[0].split(None, 2)
            if not parts:
                continue
            cells = [parts[0]]
            if len(parts) > 1 and re.fullmatch(r"-?\d+", parts[1]):
                cells += [parts[1], parts[2] if len(parts) > 2 else ""]
            else:
                cells += ["", " ".join(parts[1:])]
            name, value_raw, desc = cells[0], cells[1], cells[2]
        else:
            if not row:
                continue
            name = inline.plain(row[0])
            value_raw = inline.plain(row[cols.value]) if 0 <= cols.value < len(row) else ""
            desc = inline.plain(row[cols.description]) if 0 <= cols.description < len(row) else ""
            if first == "value" and cols.value < 0 and len(row) > 1 and not cols.description >= 0:
                desc = inline.plain(row[1])
        name = name.strip().strip("`*")
        if not name:
            continue
        if not _IDENT.match(name):
            diags.append(dg.make("DG505", file, line, f"not an enum member name: {name[:60]!r}; row skipped"))
            continue
        value = _member_value(value_raw, file, line, diags)
        out.append(EnumMember(name, value, desc, Source(file, line)))
    return out


def headers(table: Table, file: str) -> list[Header]:
    out: list[Header] = []
    for row, line in zip(table.rows, table.row_lines):
        if table.flat:
            parts = row[0].split(None, 1)
            if not parts:
                continue
            name, value = parts[0], (parts[1] if len(parts) > 1 else "")
        else:
            if not row:
                continue
            name = inline.plain(row[0])
            value = " ".join(inline.plain(c) for c in row[1:])
        if not name or " " in name:
            continue
        clean = _SPACES.sub(" ", _MARKER.sub("", value)).strip(" .")
        out.append(Header(name, clean, _required(value), Source(file, line)))
    return out


def methods(table: Table, file: str) -> list[Method]:
    """Rows of a Methods table: ``[List x](../api/x-list.md) | [x](..) collection | description``."""
    cols = columns(table.header)
    out: list[Method] = []
    for row, line in zip(table.rows, table.row_lines):
        if table.flat:
            continue  # a plain-text copy keeps no links: the row cannot be split reliably
        if not row or not row[0].strip():
            continue
        links = inline.links(row[0])
        name = inline.plain(row[0])
        target = links[0][1] if links else ""
        page = target.split("#", 1)[0]
        operation = page.rsplit("/", 1)[-1][:-3] if page.endswith(".md") else None  # a reference label names no page
        rtype_raw = row[cols.type] if 0 <= cols.type < len(row) else ""
        rtext = inline.plain(rtype_raw).lower()
        rtype, coll = (None, False) if rtext in ("", "none", "no content", "void") else typeref.parse_type(rtype_raw)
        desc = inline.plain(row[cols.description]) if 0 <= cols.description < len(row) else ""
        out.append(Method(name, operation, rtype, coll, desc, Source(file, line)))
    return out
