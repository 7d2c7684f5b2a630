"""Base types and openness stated in prose: "Inherits from [entity](entity.md)", "derived from
baseItem", "A subclass of educationResource", "This is an _open type_".

A linked name beats a bare word; filler ("the base class") is skipped; ordinary prose that merely
looks like it ("calculated based on the user's ...") states no base.
"""

from __future__ import annotations

import re

from .rules import NOT_A_TYPE, Fact, Rule

_PHRASE = (
    r"\b(?:inherits?\s+(?:all\s+)?(?:(?:of\s+)?the\s+)?(?:properties|members)\s+(?:from|of)|inherits?\s+from"
    r"|(?:is\s+)?derived\s+from|derives\s+from|(?:an?\s+)?subclass\s+(?:of|from)|extends)"
    r"\s+(?:the\s+|an?\s+)?(?:base\s+(?:class|type|entity|resource)\s+)?"
)


def _bare(m: re.Match[str]) -> tuple[str, bool] | None:
    word = m.group(1).rstrip(".")
    return None if word.lower() in NOT_A_TYPE else (word, False)


# on raw Markdown: (base type name, linked?)
BASE = Fact(
    "base_type",
    (
        Rule("phrase_link", re.compile(_PHRASE + r"\[\**`?([A-Za-z_][\w.]*)`?\**\]", re.I), lambda m: (m.group(1).rstrip("."), True)),
        # "Inherited from [domainDnsRecord](domaindnsrecord.md) entity." (linked only: "inherited from a group" is prose)
        Rule(
            "inherited_from_link",
            re.compile(r"\b(?:is\s+)?inherited\s+from\s+(?:the\s+|an?\s+)?\**\[\**`?([A-Za-z_][\w.]*)`?\**\]", re.I),
            lambda m: (m.group(1).rstrip("."), True),
        ),
        Rule("phrase_word", re.compile(_PHRASE + r"\**`?([A-Za-z_][\w.]*)`?\**", re.I), _bare),
    ),
)

OPEN = Fact("open_type", (Rule("is_an_open_type", re.compile(r"\bis\s+an?\s+[_*]*open\s+type(?![a-z])", re.I), lambda m: True),))


def base_from_prose(raw: str) -> tuple[str | None, bool]:
    """(base type name, linked?) stated in a paragraph's raw Markdown, or (None, False)."""
    return BASE.value(raw) or (None, False)  # type: ignore[no-any-return]


def says_open_type(text: str) -> bool:
    return OPEN.value(text) is True
