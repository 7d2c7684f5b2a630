"""Inline Markdown -> plain text and links, by regular expressions on the raw text.

markdown-it's inline pass is switched off (it is a third of tokenizing time and we need little of
it): headings, cells and paragraphs arrive raw and are read here.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
# [text](href "title"), [text][ref], [text][]; text may hold one level of nested brackets
_LINK = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\](?:\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)|\[([^\]]*)\])")
_OPEN_LINK = re.compile(r"\[((?:[^\[\]]|\[[^\[\]]*\])*)\]\([^()\s]*(?=\s|$)")
# HTML tags only: ``<server>:<port>``, ``Bearer <token>`` are placeholders the docs mean as text
_TAG = re.compile(
    r"</?(?:a|abbr|b|big|blockquote|br|center|code|dd|del|details|div|dl|dt|em|font|h[1-6]|hr|i|iframe|img|ins|"
    r"kbd|li|ol|p|pre|s|small|span|strike|strong|sub|summary|sup|table|tbody|td|th|thead|tr|tt|u|ul|var)\b[^>]*>",
    re.I,
)
_BR = re.compile(r"</?br\s*/?>", re.I)  # also the malformed ``</br>``
# tags that end a line of text: removed, they still separate words (``A</li><li>If`` is "A If")
_BLOCK_TAG = re.compile(r"</?(?:blockquote|center|dd|div|dl|dt|h[1-6]|hr|li|ol|p|pre|summary|table|tbody|td|th|thead|tr|ul)\b[^>]*>", re.I)
# a cell's lines: ``<br>`` and the items of an HTML list (``<ul><li>A</li><li>B</li></ul>``)
_LINE_BREAK = re.compile(r"</?(?:br|li|ul|ol|p)\b\s*/?[^>]*>", re.I)
_EMPH = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])")
# _italic_ (also names in tables: ``| _if-match_ |``); never inside snake_case words
_UNDERSCORE_EMPH = re.compile(r"(?<![\w_`])_(?![\s_])(.+?)(?<![\s_])_(?![\w_`])")
_SPACES = re.compile(r"\s+")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>])")


def links(raw: str) -> list[tuple[str, str]]:
    """(text, target) of every link; a reference link's target is its label (``[user][]`` -> "user")."""
    out = []
    for m in _LINK.finditer(raw):
        text = m.group(1)
        target = m.group(2) if m.group(2) is not None else (m.group(3) or text)
        out.append((plain(text), target))
    return out


@lru_cache(maxsize=65536)
def plain(raw: str) -> str:
    """Raw inline Markdown as the reader sees it: no links, emphasis, code marks, tags or entities."""
    if not raw:
        return ""
    s = raw
    if "!" in s:
        s = _IMAGE.sub("", s)
    if "[" in s:
        s = _LINK.sub(lambda m: m.group(1), s)
        if "](" in s:  # a link never closed: ``[user](user.md``
            s = _OPEN_LINK.sub(lambda m: m.group(1), s)
    if "<" in s:
        s = _outside_code(s, lambda t: _TAG.sub("", _BLOCK_TAG.sub(" ", _BR.sub(" ", t))))
    if "*" in s or "__" in s:
        s = _EMPH.sub(lambda m: m.group(2) if m.group(2) is not None else m.group(3), s)
        s = s.replace("**", "")
    if "_" in s:
        s = _UNDERSCORE_EMPH.sub(r"\1", s)
    if "`" in s:
        s = s.replace("`", "")
    if "\\" in s:
        s = _ESCAPE.sub(r"\1", s)
    if "&" in s:
        s = html.unescape(s)
    return _SPACES.sub(" ", s).strip()


def _outside_code(s: str, fn) -> str:  # type: ignore[no-untyped-def]
    """``fn`` applied to the text outside `code spans` (a tag in code is text: `<at id="1">`)."""
    if "`" not in s:
        return fn(s)
    parts = s.split("`")
    return "`".join(fn(p) if i % 2 == 0 else p for i, p in enumerate(parts))


def split_br(raw: str) -> list[str]:
    """Split a cell on ``<br>``/``<br/>`` (lists inside table cells)."""
    return [p for p in (x.strip() for x in _BR.split(raw)) if p]


def split_lines(raw: str) -> list[str]:
    """Split a cell into its lines: on ``<br>`` and on the items of an HTML list."""
    return [p for p in (x.strip() for x in _LINE_BREAK.split(raw)) if p]
