"""The block model both readers produce: Markdown (markdown.py) and plain text (plaintext.py).

Everything after reading works on these blocks only, which is how a plain-text page and its
Markdown twin end up with the same IR. Cell and heading text is kept *raw* (inline Markdown left
in); :mod:`docgen.parse.inline` turns it into plain text and links when an extractor needs that.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Union


@dataclass(slots=True)
class Heading:
    level: int
    raw: str
    line: int


@dataclass(slots=True)
class Para:
    raw: str
    line: int
    item: bool = False  # a list item
    quote: bool = False  # inside a blockquote (notes)


@dataclass(slots=True)
class Table:
    header: list[str]
    rows: list[list[str]]
    line: int
    row_lines: list[int]
    recovered: bool = False  # rebuilt from a paragraph markdown-it would not read as a table
    # plain-text tables: cells of a row could not be split reliably and stand as one string in rows
    flat: bool = False
    indents: list[int] = field(default_factory=list)  # plain text: leading spaces of each row


@dataclass(slots=True)
class Code:
    lang: str
    text: str
    line: int  # line of the first content line
    annotation: dict[str, Any] | None = None
    annotation_line: int = 0


Block = Union[Heading, Para, Table, Code]


@dataclass(slots=True)
class Page:
    """A read file: front matter, blocks, and problems met while reading."""

    file: str
    front: dict[str, str]
    blocks: list[Block]
    diagnostics: list[Any] = field(default_factory=list)
    plain_text: bool = False
    national_clouds: list[str] = field(default_factory=list)  # from an availability include or table
    # includes expanded: (file, line) of each line of the text the blocks were read from
    origin: list[tuple[str, int]] | None = None
    include_diagnostics: list[Any] = field(default_factory=list)  # at the include lines themselves
