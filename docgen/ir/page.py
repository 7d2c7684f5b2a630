"""What one page states, before linking: the parser's output and :func:`docgen.ir.link.link`'s input.

It lives in ``ir`` (not ``parse``) because linking, the parse cache and the diff read it; the
parser only fills it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .model import Operation, Type


@dataclass(slots=True)
class PageResult:
    operation: Operation | None = None
    types: list[Type] = field(default_factory=list)  # from resource and enum pages
    body_types: list[Type] = field(default_factory=list)  # known only from a request-body table
    json_typed: set[str] = field(default_factory=set)  # types whose properties came from a JSON representation
    derived: dict[str, list[str]] = field(default_factory=dict)  # type name -> names the page says derive from it
    diagnostics: list = field(default_factory=list)
