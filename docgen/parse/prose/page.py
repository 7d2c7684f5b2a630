"""Page-wide facts of prose: the namespace line, paragraphs that are not a description (notes,
boilerplate), a mention of derived types, a shortened example, OData query options named."""

from __future__ import annotations

import re

from .rules import Fact, Rule

NAMESPACE = Fact(
    "namespace",
    (Rule("namespace_line", re.compile(r"^\s*Namespace\s*:\s*([A-Za-z][\w.]*)", re.I), lambda m: m.group(1).rstrip("."), anchored=True),),
)

# paragraphs of the intro that are not the page's description
NOT_DESCRIPTION = Fact(
    "not_description",
    (
        Rule("note", re.compile(r"^\s*(?:\*\*)?(note|notes|important|caution|warning|tip)\b\s*:?", re.I), lambda m: True, anchored=True),
        Rule("boilerplate", re.compile(r"^(this api is available in|global service|namespace:)", re.I), lambda m: True, anchored=True),
    ),
)

DERIVED = Fact("derived_types", (Rule("derived_types", re.compile(r"\bderived\s+types?\b", re.I), lambda m: True),))

SHORTENED = Fact("example_shortened", (Rule("truncated_or_shortened", re.compile(r"\b(?:truncated|shortened)\b", re.I), lambda m: True),))

_ODATA_OPTION = re.compile(
    r"\$(select|expand|filter|orderby|top|skip|count|search|format|skipToken|skiptoken|deltatoken|levels)\b", re.I
)


def namespace(raw: str) -> str | None:
    return NAMESPACE.value(raw)  # type: ignore[no-any-return]


def is_description(text: str) -> bool:
    """False for notes and boilerplate ("This API is available in ...")."""
    return NOT_DESCRIPTION.hit(text) is None


def mentions_derived_types(raw: str) -> bool:
    return DERIVED.hit(raw) is not None


def says_shortened(text: str) -> bool:
    return SHORTENED.hit(text) is not None


def query_options(text: str) -> list[str]:
    """OData system query options a sentence names, ``$select`` form, lower case, in order."""
    return ["$" + o.lower() for o in _ODATA_OPTION.findall(text)]
