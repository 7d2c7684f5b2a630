"""Graph URL paths: segments, the OData conventions the docs use, and the service's path aliases.

One place decides when a documented request (``GET /me/drive/root/children``) is an instance of a
request line (``GET /users/{id}/drive/items/{item-id}/children``): the checker uses it for DG605 and
the generator's navigation tree is built with the same aliases, so an example the checker accepts
can be replayed through the generated client.

What counts as the same path:

* a ``{hole}`` segment of the request line matches any segment; a segment with holes matches
  when its text around the holes does (``range(address='{address}')`` ~ ``range(address='A1')``);
  function arguments the docs write as placeholders are holes (:func:`function_template`:
  ``rowsAbove(count=n)`` ~ ``rowsAbove(count=2)``); any other segment must be equal. So a
  placeholder in the example (``/domains/{domain-name}``) does not match a literal of the request
  line (``/domains/contoso.com``), and ``cell(row=5)`` does not match ``cell``: the generated
  client could not send them as written;
* case is ignored (Graph paths are case-insensitive);
* aliases (:data:`PREFIX_ALIASES`, :data:`DRIVE_ITEM_ALIASES`): ``/me`` (and ``/users/me``) is ``/users/{id}``,
  ``/education/me`` is ``/education/users/{id}``, ``/drive`` is ``/me/drive``, and below a drive
  ``root``, ``root:/{path}:`` and ``items/{id}`` all address an item;
* OData suffixes of a collection: ``/$count`` (the number of items) and a type cast
  (``/microsoft.graph.group``: only the items of that type), alone or together.

A path-addressed item (``root:/Folder/File.txt:``) is one segment: :func:`split_path` keeps the
slashes between the two colons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from ..runtime._urls import call_args
from .model import Operation, RequestLine

HOLE = re.compile(r"\{([^{}]*)\}")
COUNT = "$count"
# A cast segment: a namespace-qualified type name (microsoft.graph.group, microsoft.graph.callRecords.session)
CAST = re.compile(r"microsoft\.graph(?:\.[A-Za-z_][A-Za-z0-9_]*)+", re.IGNORECASE)

# (alias, canonical) at the start of a path; the canonical side ends in a hole.
PREFIX_ALIASES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = (
    (("drive",), ("me", "drive")),
    (("me",), ("users", "{id}")),
    (("education", "me"), ("education", "users", "{id}")),
)
# Spellings the docs use that mean the same, accepted in examples but not offered as navigation.
DOCS_ALIASES: tuple[tuple[tuple[str, ...], tuple[str, ...]], ...] = ((("users", "me"), ("users", "{id}")),)
# Below a drive (``.../drive`` or ``drives/{id}``) these address the same item.
DRIVE_ITEM_ALIASES = ("root", "root:/{path}:")
DRIVE_ITEMS = ("items", "{id}")


def split_path(path: str) -> list[str]:
    """Segments of a path; ``root:/a/b.txt:`` (path-based addressing) stays one segment."""
    raw = [s for s in path.strip().strip("/").split("/") if s != ""]
    out: list[str] = []
    i = 0
    while i < len(raw):
        seg = raw[i]
        if seg.endswith(":") and i + 1 < len(raw):
            j = i + 1
            while j < len(raw) - 1 and not raw[j].endswith(":"):
                j += 1
            out.append("/".join(raw[i : j + 1]))
            i = j + 1
            continue
        out.append(seg)
        i += 1
    return out


def segment_key(seg: str) -> tuple[str, str]:
    """``("param", "")`` for a whole-segment hole, ``("fn", seg)`` for a segment with holes, else ``("lit", seg)``."""
    if HOLE.fullmatch(seg):
        return ("param", "")
    if HOLE.search(seg):
        return ("fn", seg)
    return ("lit", seg)


def is_cast(seg: str) -> bool:
    return CAST.fullmatch(seg) is not None


def is_colon_path(seg: str) -> bool:
    """``root:/{item-path}:`` / ``root:/a/b.txt:``: an item addressed by its path."""
    return ":/" in seg


def _drive_parent(segs: list[str], i: int) -> bool:
    """Whether the segment at ``i`` follows a drive (``.../drive/`` or ``drives/{id}/``)."""
    return (i >= 1 and segs[i - 1] == "drive") or (i >= 2 and segs[i - 2] == "drives")


def canonical(segs: list[str]) -> list[str]:
    """Lower-cased segments with every alias replaced by its canonical form (holes as ``{}``)."""
    out = [s.lower() for s in segs]
    changed = True
    while changed:
        changed = False
        for alias, target in PREFIX_ALIASES + DOCS_ALIASES:
            if tuple(out[: len(alias)]) == alias:
                out = list(target) + out[len(alias) :]
                changed = True
    i = 0
    while i < len(out):
        if _drive_parent(out, i) and (out[i] == "root" or (out[i].startswith("root:") and is_colon_path(out[i]))):
            out[i : i + 1] = list(DRIVE_ITEMS)
        i += 1
    return ["{}" if HOLE.fullmatch(s) else s for s in out]


_CALL = re.compile(r"([^()]*)\((.*)\)", re.DOTALL)
_ARG_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def function_template(seg: str) -> str:
    """Named function arguments the docs write as placeholders become holes:
    ``reminderView(startDateTime=startDateTime-value)`` -> ``reminderView(startDateTime={startDateTime})``,
    ``columnsAfter(count=n)`` -> ``columnsAfter(count={count})`` (quotes kept: ``q='{q}'``).
    A segment that already has holes, or whose arguments are not all ``name=value``, is kept."""
    m = _CALL.fullmatch(seg)
    if m is None or not m.group(2).strip() or HOLE.search(seg):
        return seg
    out = []
    for part in call_args(m.group(2)):
        key, eq, value = (x.strip() for x in part.partition("="))
        if not eq or not _ARG_NAME.fullmatch(key):
            return seg
        quoted = len(value) >= 2 and value[0] == value[-1] == "'"
        out.append(f"{key}='{{{key}}}'" if quoted else f"{key}={{{key}}}")
    return f"{m.group(1)}({','.join(out)})"


@lru_cache(maxsize=4096)
def segment_regex(template: str) -> re.Pattern[str]:
    """A segment template with holes as a case-insensitive regex capturing each hole's value."""
    pieces, pos = [], 0
    for m in HOLE.finditer(template):
        pieces.append(re.escape(template[pos : m.start()]))
        pieces.append("(.+?)")
        pos = m.end()
    pieces.append(re.escape(template[pos:]))
    return re.compile("".join(pieces) + r"\Z", re.DOTALL | re.IGNORECASE)


OPTIONAL = "?"  # a hole named ``{name?}`` is an optional function argument


def is_call_template(seg: str) -> bool:
    """``name(a={a},b='{b?}')``: a function call whose arguments are all named holes."""
    m = _CALL.fullmatch(seg)
    if m is None or not m.group(2).strip():
        return False
    for part in call_args(m.group(2)):
        key, eq, value = part.partition("=")
        if not eq or not _ARG_NAME.fullmatch(key.strip()) or len(HOLE.findall(value)) != 1:
            return False
    return True


def _call_parts(seg: str) -> tuple[str, list[tuple[str, str]]] | None:
    """``name(k=v,...)`` -> ``(name, [(k, 'k=v'), ...])``; a bare name has no arguments."""
    m = _CALL.fullmatch(seg)
    if m is None:
        return (seg, []) if "(" not in seg and ")" not in seg else None
    args = []
    if m.group(2).strip():
        for part in call_args(m.group(2)):
            key, eq, _ = part.partition("=")
            if not eq:
                return None
            args.append((key.strip(), part))
    return m.group(1), args


def call_match(template: str, concrete: str) -> dict[str, str] | None:
    """Hole values when ``concrete`` calls the function of ``template`` (a call template):
    same name, arguments in the template's order, each as the template writes it, every required
    argument given; an optional one (``{name?}``) may be left out. None when it does not."""
    t, c = _call_parts(template), _call_parts(concrete)
    if t is None or c is None or t[0].casefold() != c[0].casefold():
        return None
    if not c[1] and concrete.endswith(")"):
        return None  # the client sends a call without arguments as the bare name
    values: dict[str, str] = {}
    ti = 0
    for key, text in c[1]:
        while ti < len(t[1]) and t[1][ti][0].casefold() != key.casefold():
            if not all(h.endswith(OPTIONAL) for h in HOLE.findall(t[1][ti][1])):
                return None  # a required argument is missing
            ti += 1
        if ti == len(t[1]):
            return None  # an argument the function does not take (or out of order)
        m = segment_regex(t[1][ti][1]).match(text)
        if m is None:
            return None
        values.update(zip(HOLE.findall(t[1][ti][1]), m.groups()))
        ti += 1
    if any(not h.endswith(OPTIONAL) for _, text in t[1][ti:] for h in HOLE.findall(text)):
        return None
    return values


def _segment_matches(template: str, concrete: str) -> bool:
    if template == "{}" or HOLE.fullmatch(template):
        return True
    if is_call_template(template):
        return call_match(template, concrete) is not None
    if "{" in template:
        return segment_regex(template).match(concrete) is not None
    return template == concrete


_NOT_FUNCTIONS = re.compile(r"\$(value|ref|count|batch|metadata)", re.IGNORECASE)


def bind_function(path: str, signature: list[tuple[str, bool, bool]]) -> str:
    """The request line with its last segment calling the function with exactly ``signature``,
    ``[(name, required, quoted)]``: ``GET /me/drive/root/delta`` with ``[("token", False, True)]``
    gives ``/me/drive/root/delta(token='{token?}')`` (an optional argument's hole ends in ``?``).

    Only a last segment that can be a function (an identifier, ``name()`` or a call whose arguments
    are ``name=value``; placeholders count, :func:`function_template`) is changed."""
    segs = split_path(path)
    if not segs or not signature:
        return path
    last = function_template(segs[-1])
    parts = _call_parts(last)
    if parts is None or _NOT_FUNCTIONS.fullmatch(parts[0]) or not _ARG_NAME.fullmatch(parts[0]):
        return path
    if parts[1] and not is_call_template(last):
        return path
    args = []
    for name, required, quoted in signature:
        if _ARG_NAME.fullmatch(name):
            hole = "{" + name + ("" if required else OPTIONAL) + "}"
            args.append(f"{name}='{hole}'" if quoted else f"{name}={hole}")
    prefix = "/" if path.startswith("/") else ""
    return prefix + "/".join(segs[:-1] + [f"{parts[0]}({','.join(args)})"])


@dataclass(frozen=True, slots=True)
class Suffix:
    """OData suffixes found after the request line's path."""

    cast: str | None = None  # the cast segment as written (microsoft.graph.group)
    count: bool = False


def strip_suffixes(segs: list[str]) -> tuple[list[str], Suffix]:
    """Remove a trailing ``$count`` and/or type cast: ``(the rest, what was removed)``."""
    rest = list(segs)
    count = bool(rest) and rest[-1].lower() == COUNT
    if count:
        rest.pop()
    cast = rest.pop() if rest and is_cast(rest[-1]) else None
    return rest, Suffix(cast, count)


def _same(template: list[str], concrete: list[str]) -> bool:
    return len(template) == len(concrete) and all(_segment_matches(a, b) for a, b in zip(template, concrete))


def path_matches(template: str, concrete: str) -> Suffix | None:
    """How ``concrete`` is an instance of ``template``: ``Suffix()`` when exactly, a :class:`Suffix`
    naming the OData suffixes added to it, or None when it is not."""
    t = canonical([function_template(s) for s in split_path(template)])
    raw = split_path(concrete)
    if _same(t, canonical(raw)):
        return Suffix()
    rest, suffix = strip_suffixes(raw)
    if suffix != Suffix() and rest and _same(t, canonical(rest)):
        return suffix
    return None


def request_matches(method: str, template: str, concrete_method: str | None, concrete: str | None) -> bool:
    """Whether a documented request (method and path) is an instance of a request line."""
    if concrete is None or (concrete_method or "").upper() != method.upper():
        return False
    suffix = path_matches(template, concrete)
    if suffix is None:
        return False
    return suffix == Suffix() or method.upper() == "GET"  # $count and casts are read-only


def _loose(name: str) -> str:
    return re.sub(r"[^0-9a-z]", "", name.casefold())


def function_parameters(op: Operation) -> list[tuple[str, bool, bool]]:
    """``[(name, required, quoted)]`` of the function parameters a page documents: its
    "Function parameters", "path" parameters that are no hole of any request line (the docs'
    label for ``cell(row=..,column=..)``), or, on a page whose requests are all GET, the
    request-body table (Intune pages list a function's parameters there). Strings are quoted."""
    holes = {_loose(h) for r in op.requests for h in HOLE.findall(r.path)}
    out = [
        (p.name, p.required is True, p.type == "Edm.String")
        for p in op.parameters
        if p.location == "function" or (p.location == "path" and p.required is not True and _loose(p.name) not in holes)
    ]
    body = op.request_body
    if not out and body is not None and body.properties and op.requests and all(r.method.upper() == "GET" for r in op.requests):
        out = [(p.name, False, p.type == "Edm.String") for p in body.properties]
    return out


def _function_name(path: str) -> str:
    segs = split_path(path)
    parts = _call_parts(function_template(segs[-1])) if segs else None
    return parts[0].casefold() if parts else ""


def bound_requests(op: Operation) -> list[RequestLine]:
    """The operation's request lines with its function parameters bound (:func:`bind_function`).

    Only when every request line ends in the same name: one function reached by several paths
    (``.../range/cell``). A page whose lines end in different names (``/me/messages``,
    ``/me/events``) documents something else with its parameter table.

    The lines of one function get one signature: every argument any line writes (in order of first
    appearance), then the table's; an argument some lines write and others leave out is optional
    (``getX(period='{p}')`` and ``getX(date={d})`` are ``getX(period='{period?}',date={date?})``)."""
    params = function_parameters(op)
    if not params or len({_function_name(r.path) for r in op.requests}) != 1:
        return list(op.requests)
    calls = []
    for r in op.requests:
        segs = split_path(r.path)
        last = function_template(segs[-1]) if segs else ""
        calls.append(_call_parts(last) if is_call_template(last) or "(" not in last else None)
    table = {n.casefold(): (n, required, quoted) for n, required, quoted in params}
    written: dict[str, tuple[str, bool, bool]] = {}
    for parts in calls:
        for key, text in parts[1] if parts else []:
            folded = key.casefold()
            if folded not in written:
                required = table[folded][1] if folded in table else True
                written[folded] = (key, required, text.partition("=")[2].strip().startswith("'"))
    for folded, (key, required, quoted) in list(written.items()):
        if required and any(parts is None or folded not in {k.casefold() for k, _ in parts[1]} for parts in calls):
            written[folded] = (key, False, quoted)  # an alternative form: some lines leave it out
    signature = list(written.values()) + [t for f, t in table.items() if f not in written]
    return [replace(r, path=bind_function(r.path, signature)) for r in op.requests]
