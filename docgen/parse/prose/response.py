"""Facts of a Response section's prose: the status code and the type of the body."""

from __future__ import annotations

import re

from .rules import Fact, Rule

_ADJ = r"(?:(?:new|requested|specified|corresponding|matching|resulting|single|[a-z]+ed)\s+)?"  # "the restored x object"
_COLLECTION_NOUNS = ("collection", "objects", "entities", "resources", "instances")

STATUS = Fact(
    "response_status",
    (Rule("code_and_reason", re.compile(r"\b([1-5]\d\d)(?:,)?\s+(?:[A-Z][A-Za-z\-]*(?:\s+[A-Z][A-Za-z\-]*)*)"), lambda m: int(m.group(1))),),
)


def _typed(m: re.Match[str]) -> tuple[str, bool]:
    return m.group(2), bool(m.group(1)) or m.group(3).lower() in _COLLECTION_NOUNS


# read on the text after the status code: "... response code and a collection of user objects"
TYPE = Fact(
    "response_type",
    (
        Rule(
            "and_x_object",
            re.compile(
                r"\b(?:and|returns|return|with)\s+(?:an?\s+|the\s+)?(?:JSON\s+representation\s+of\s+(?:the\s+|an?\s+)?)?" + _ADJ
                + r"((?:collection|list|array|set)\s+of\s+)?(?:an?\s+|the\s+)?" + _ADJ
                + r"(?!(?:response|JSON|the|an?|empty|no|object|collection|anything|nothing|content|body|data|value|values)\b)([A-Za-z_][\w.]*)"
                r"\s+(objects?|collection|resources?|entity|entities|instances?|(?=in\s+the\s+response\s+body))",
                re.I,
            ),
            _typed,
        ),
    ),
)


# a later sentence of the Response section, once the status is known: "If you're getting the
# properties of an attachment, the response body includes an [attachment] object." (only this
# shape: "with the matching [x] object" in such sentences names something else)
BODY_TYPE = Fact(
    "response_body_type",
    (
        Rule(
            "body_includes_x",  # "..., the response body includes an [attachment] object."
            re.compile(
                r"\bresponse\s+body\s+(?:includes|contains)\s+(?:an?\s+|the\s+)?" + _ADJ
                + r"((?:collection|list|array|set)\s+of\s+)?(?:an?\s+|the\s+)?"
                + r"(?!(?:response|JSON|the|an?|empty|no|object|collection|raw|value|values)\b)([A-Za-z_][\w.]*)"
                r"\s+(objects?|collection|resources?|entity|entities|instances?)\b",
                re.I,
            ),
            _typed,
        ),
    ),
)


def response_status(text: str) -> tuple[int, int] | None:
    """(status code, end of the status phrase in ``text``)."""
    h = STATUS.hit(text)
    return None if h is None else (h.value, h.match.end())


def response_type(after_status: str) -> tuple[str, bool] | None:
    """(type name as written, collection?) of the body, from the prose after the status code."""
    return TYPE.value(after_status)  # type: ignore[no-any-return]


def response_body_type(text: str) -> tuple[str, bool] | None:
    """(type name as written, collection?) a later Response sentence says the body holds."""
    return BODY_TYPE.value(text)  # type: ignore[no-any-return]
