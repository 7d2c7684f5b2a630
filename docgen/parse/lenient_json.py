"""JSON as the docs write it: strict first, then leniently (trailing commas, comments, smart quotes,
ellipses, stray list markers, unquoted scalar values). The caller keeps the strict failure as a
diagnostic; this module never raises."""

from __future__ import annotations

import json
import re
from typing import Any

_SMART = str.maketrans({"\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2018": "'", "\u2019": "'", "\u00a0": " "})
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")
_ELLIPSIS_LINE = re.compile(r"^\s*(\.\.\.|…)\s*,?\s*$", re.M)
_LIST_MARKER = re.compile(r"^(\s*)[-*+]\s+(?=[\"{\[])", re.M)
# "key": value-without-quotes, up to a comma/brace at end of line
_UNQUOTED = re.compile(r'("\s*:\s*)(?!true\b|false\b|null\b|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\s*[,}\]\n]|[\"{\[])([^\s,{}\[\]"][^,\n{}\[\]]*?)(\s*)(?=,|\n|}|])')
# ``"code": ""word"`` (a doubled opening quote)
_DOUBLED_QUOTE = re.compile(r'(:\s*)""(?=[A-Za-z{])')
# a value at the end of a line and a member on the next one, with no comma between
_MISSING_COMMA = re.compile(r'("|\d|\btrue|\bfalse|\bnull|[}\]])([ \t]*\n\s*)(?=["{\[])')
_FAILED = object()
# Deeper JSON is not read: real example bodies nest at most 11 levels (graph-v1.0), Python's json
# and the generated tests' literals recurse (a 10,000-deep body raised RecursionError, whose depth
# limit also varies with the caller's stack), and Python source allows 200 nested brackets.
MAX_DEPTH = 64


def strip_comments(text: str) -> str:
    """Remove // and /* */ comments outside strings."""
    if "/" not in text:
        return text
    out: list[str] = []
    i, n = 0, len(text)
    in_str = False
    while i < n:
        c = text[i]
        if in_str:
            out.append(c)
            if c == "\\" and i + 1 < n:
                out.append(text[i + 1])
                i += 2
                continue
            if c == '"':
                in_str = False
            i += 1
        elif c == '"':
            in_str = True
            out.append(c)
            i += 1
        elif text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            i = n if j < 0 else j + 2
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _closing_quote(text: str, i: int) -> int:
    """Index of the '"' closing the string opened at ``text[i]`` (``len(text)`` when unclosed)."""
    j, n = i + 1, len(text)
    while j < n and text[j] != '"':
        j += 2 if text[j] == "\\" else 1
    return min(j, n)


def single_quotes(text: str) -> str:
    """``'key': 'value'`` -> ``"key": "value"`` (strings in double quotes are left alone)."""
    if "'" not in text:
        return text
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = _closing_quote(text, i)
            out.append(text[i : j + 1])
            i = j + 1
        elif c == "'":
            j = text.find("'", i + 1)
            if j < 0:
                out.append(text[i:])
                break
            out.append(json.dumps(text[i + 1 : j]))
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


_STRING_OR_BRACKET = re.compile(r'"(?:[^"\\]|\\.)*"?|[{}\[\]]')


def _depth(text: str) -> int:
    """How deep ``{``/``[`` nest in ``text``; brackets inside (double-quoted) strings do not count."""
    deepest = depth = 0
    for m in _STRING_OR_BRACKET.finditer(text):
        c = m.group()
        if c in ("{", "["):
            depth += 1
            deepest = max(deepest, depth)
        elif c in ("}", "]"):
            depth = max(0, depth - 1)
    return deepest


def too_deep(text: str) -> bool:
    """Whether ``text`` nests deeper than :data:`MAX_DEPTH` (cheap when it cannot)."""
    return text.count("{") + text.count("[") > MAX_DEPTH and _depth(text) > MAX_DEPTH


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")  # Python's json reads NaN and Infinity; RFC 8259 does not


def _finite(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"{text[:20]} is beyond a double")  # 1e999: a test could not write it back
    return value


def _parse(s: str, strict: bool = False) -> Any:
    """json.loads (allowing raw control characters, a line break inside a string, unless ``strict``);
    :data:`_FAILED` when it fails. Numbers must be finite and integers under 4,300 digits."""
    try:
        return json.loads(s, strict=strict, parse_constant=_no_constant, parse_float=_finite)
    except (ValueError, RecursionError):
        return _FAILED


def loads(text: str) -> tuple[Any, bool]:
    """Parse ``text``. Returns (value, strict): strict is True when plain ``json.loads`` accepted it.
    Value is ``None`` with strict False when even the lenient reading failed.

    Repairs are tried from the least to the most invasive, each on top of the ones before.
    Text nesting deeper than :data:`MAX_DEPTH` is not read (``None``); see :func:`too_deep`."""
    if too_deep(text):
        return None, False
    value = _parse(text, strict=True)
    if value is not _FAILED:
        return value, True
    s = text.translate(_SMART)
    s = strip_comments(s)
    s = _ELLIPSIS_LINE.sub("", s)
    s = _LIST_MARKER.sub(r"\1", s)
    s = _TRAILING_COMMA.sub(r"\1", s)
    repairs = (
        lambda s: s,
        lambda s: _TRAILING_COMMA.sub(r"\1", _UNQUOTED.sub(lambda m: m.group(1) + json.dumps(m.group(2).strip()) + m.group(3), s)),
        lambda s: _DOUBLED_QUOTE.sub(r'\1"', s),
        lambda s: _MISSING_COMMA.sub(r"\1,\2", s),
    )
    for repair in repairs:
        s = repair(s)
        value = _parse(s)
        if value is not _FAILED:
            return value, False
    if "'" in text:
        value = _parse(_TRAILING_COMMA.sub(r"\1", single_quotes(strip_comments(text.translate(_SMART)))))
        if value is not _FAILED:
            return value, False
    return None, False


def comment_sections(text: str) -> dict[str, str]:
    """The comment each top-level key of an object stands under, as the docs group a resource's
    JSON representation: ``/* relationships */``, ``// inherited from baseItem`` on lines of their own
    (a comment after a value on its line is a note on that value). Keys before any section are absent. Comment text is trimmed and lower-cased."""
    sections: dict[str, str] = {}
    current: str | None = None
    depth = 0
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == '"':
            j = _closing_quote(text, i)
            key = text[i + 1 : j]
            k = j + 1
            while k < n and text[k] in " \t\r\n":
                k += 1
            if depth == 1 and k < n and text[k] == ":" and current is not None:
                sections[key] = current
            i = j + 1
        elif text.startswith("//", i) or text.startswith("/*", i):
            end = text.find("\n", i) if text[i + 1] == "/" else text.find("*/", i + 2)
            end = n if end < 0 else end
            line_start = text.rfind("\n", 0, i) + 1
            if depth == 1 and not text[line_start:i].strip():  # on a line of its own: a section
                current = " ".join(text[i + 2 : end].split()).lower() or current
            i = end + (2 if text[i + 1] == "*" else 0)
        else:
            if c in "{[":
                depth += 1
            elif c in "}]":
                depth -= 1
            i += 1
    return sections
