"""Base types and openness stated in prose: "Inherits from [entity](entity.md)", "derived from
baseItem", "A subclass of educationResource", "This is an _open type_".

A linked name beats a bare word; filler ("the base class") is skipped; ordinary prose that merely
looks like it ("calculated based on the user's ...") states no base.
"""

from __future__ import annotations

import re

_PHRASE = (
    r"\b(?:inherits?\s+(?:all\s+)?(?:(?:of\s+)?the\s+)?(?:properties|members)\s+(?:from|of)|inherits?\s+from"
    r"|(?:is\s+)?derived\s+from|derives\s+from|(?:an?\s+)?subclass\s+(?:of|from)|extends)"
    r"\s+(?:the\s+|an?\s+)?(?:base\s+(?:class|type|entity|resource)\s+)?"
)
_LINKED = re.compile(_PHRASE + r"\[\**`?([A-Za-z_][\w.]*)`?\**\]", re.I)
_BARE = re.compile(_PHRASE + r"\**`?([A-Za-z_][\w.]*)`?\**", re.I)
_OPEN = re.compile(r"\bis\s+an?\s+[_*]*open\s+type(?![a-z])", re.I)
# words that follow the phrase in prose without naming a type
_NOT_A_TYPE = frozenset(
    "a an the this that these those it its base other different associated any all each some one type types "
    "class resource resources object objects entity metadata containers http here there which them".split()
)


def base_from_prose(raw: str) -> tuple[str | None, bool]:
    """(base type name, linked?) stated in a paragraph's raw Markdown, or (None, False)."""
    m = _LINKED.search(raw)
    if m:
        return m.group(1).rstrip("."), True
    m = _BARE.search(raw)
    if m:
        word = m.group(1).rstrip(".")
        if word.lower() not in _NOT_A_TYPE:
            return word, False
    return None, False


def says_open_type(text: str) -> bool:
    return _OPEN.search(text) is not None
