"""Paths and query strings: percent-encoding, segments with holes, the OData system query options.

Standard library only: docgen imports this module to encode literal segments exactly as the
runtime does, and to know the OData options the builders accept.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Union
from urllib.parse import quote

PATH_SAFE = "-._~!$&'()*+,;=:@"
QUERY_SAFE = "-._~!$'()*,;:@/?"
HOLE = re.compile(r"\{([^{}]*)\}")

StrOrList = Union[str, Sequence[str]]
FunctionArg = Union[str, int, float, bool]  # a function argument in the path: bool as true/false
QueryParams = Union[Mapping[str, str], Sequence[tuple[str, str]]]

# The OData system query options: (query key, keyword argument, annotation in generated code).
ODATA_OPTIONS: tuple[tuple[str, str, str], ...] = (
    ("$select", "select", "StrOrList"),
    ("$expand", "expand", "StrOrList"),
    ("$filter", "filter", "str"),
    ("$orderby", "orderby", "StrOrList"),
    ("$search", "search", "str"),
    ("$top", "top", "int"),
    ("$skip", "skip", "int"),
    ("$count", "count", "bool"),
    ("$skiptoken", "skiptoken", "str"),
    ("$deltatoken", "deltatoken", "str"),
    ("$format", "format", "str"),
    ("$levels", "levels", "str"),
)
# What every GET takes (``_http.EntityQuery``), and what a GET of a collection takes besides
# (``_http.CollectionQuery``).
ENTITY_OPTIONS = ("$select", "$expand", "$skiptoken", "$deltatoken", "$format", "$levels")
COLLECTION_OPTIONS = ("$filter", "$orderby", "$search", "$top", "$skip", "$count")
COUNT_OPTIONS = ("$filter", "$search")  # GET .../$count


def _no_dot_segment(segment: str) -> str:
    # "." and ".." would be removed by URL normalisation: keep them literal.
    return segment.replace(".", "%2E") if segment in (".", "..") else segment


def encode_segment(value: object) -> str:
    """Percent-encode a value for use as one path segment ("/" included)."""
    return _no_dot_segment(quote(str(value), safe=PATH_SAFE))


def encode_literal(text: str) -> str:
    """Encode literal path text from the docs (keeps "/" and existing %-escapes)."""
    return "/".join(_no_dot_segment(s) for s in quote(text, safe=PATH_SAFE + "/%").split("/"))


def fill_segment(template: str, values: Mapping[str, object]) -> str:
    """A path segment with ``{name}`` holes (``range(address='{address}')``), values encoded.

    In a path-addressed segment (``root:/{item-path}:``) a value keeps its slashes."""
    keep_slashes = ":/" in template
    out, i = [], 0
    for hole in HOLE.finditer(template):  # the holes docgen found; a stray brace is literal text
        out.append(encode_literal(template[i : hole.start()]))
        value = str(values[hole.group(1)])
        parts = value.split("/") if keep_slashes else [value]
        out.append("/".join(encode_segment(p) for p in parts))
        i = hole.end()
    out.append(encode_literal(template[i:]))
    return "".join(out)


def call_args(text: str) -> list[str]:
    """Function arguments split on commas outside single quotes (the IR reads the docs' calls
    with this too: docgen/ir/paths.py)."""
    parts: list[str] = []
    cur: list[str] = []
    quoted = False
    for ch in text:
        if ch == "'":
            quoted = not quoted
        if ch == "," and not quoted:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return parts


def _arg_text(value: FunctionArg) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def call_segment(template: str, values: Mapping[str, FunctionArg | None]) -> str:
    """A function call segment ``name(a={a},b='{b?}')``: an argument whose hole ends in ``?`` is
    left out when its value is None; with no argument left the segment is the bare name."""
    name, _, rest = template.partition("(")
    kept = []
    for arg in call_args(rest[:-1]):
        given = {h: values.get(h) for h in HOLE.findall(arg)}
        texts = {h: _arg_text(v) for h, v in given.items() if v is not None}
        if len(texts) < len(given):
            if all(h.endswith("?") for h in given):
                continue
            raise TypeError(f"{name}(): argument {arg.split('=')[0]!r} is required")
        kept.append(fill_segment(arg, texts))
    return encode_literal(name) + ("(" + ",".join(kept) + ")" if kept else "")


def _join(value: StrOrList) -> str:
    return value if isinstance(value, str) else ",".join(value)


def odata_query(
    *,
    select: StrOrList | None = None,
    expand: StrOrList | None = None,
    filter: str | None = None,
    orderby: StrOrList | None = None,
    search: str | None = None,
    top: int | None = None,
    skip: int | None = None,
    count: bool | None = None,
    skiptoken: str | None = None,
    deltatoken: str | None = None,
    format: str | None = None,
    levels: str | None = None,
    params: QueryParams | None = None,
) -> tuple[tuple[str, str], ...]:
    """The query pairs of the OData options given (in :data:`ODATA_OPTIONS` order), then ``params``."""
    query: list[tuple[str, str]] = []
    for key, value in (
        ("$select", None if select is None else _join(select)),
        ("$expand", None if expand is None else _join(expand)),
        ("$filter", filter),
        ("$orderby", None if orderby is None else _join(orderby)),
        ("$search", search),
        ("$top", None if top is None else str(top)),
        ("$skip", None if skip is None else str(skip)),
        ("$count", None if count is None else ("true" if count else "false")),
        ("$skiptoken", skiptoken),
        ("$deltatoken", deltatoken),
        ("$format", format),
        ("$levels", levels),
    ):
        if value is not None:
            query.append((key, value))
    if params:
        items = params.items() if isinstance(params, Mapping) else params
        query.extend((str(k), str(v)) for k, v in items)
    return tuple(query)


def query_string(params: Sequence[tuple[str, str]]) -> str:
    """``k=v&...`` with keys and values percent-encoded (``$`` and ``,`` kept readable)."""
    return "&".join(f"{quote(k, safe=QUERY_SAFE)}={quote(v, safe=QUERY_SAFE)}" for k, v in params)
