"""Facts of a Request body section's prose: whether the method takes a body, the body's type, and
whether the body is "the values of the fields to update"."""

from __future__ import annotations

import re

from .rules import Fact, Rule, not_a_type

_WORD = not_a_type()

# "Do not supply a request body for this method." / "No request body." -- only "do not supply" forbids
# sending one ("no request body is required" allows it)
REFUSAL = Fact(
    "body_refusal",
    (
        Rule("must_not_send", re.compile(r"\bdo\s+not\s+supply\b|\bdon[’']t\s+supply\b", re.I), lambda m: "must_not_send"),
        Rule("not_required", re.compile(r"\bno\s+request\s+body\b", re.I), lambda m: "not_required"),
    ),
)


def _typed(m: re.Match[str]) -> tuple[str, bool]:
    return m.group(2).rstrip("."), bool(m.group(1))


def _single(m: re.Match[str]) -> tuple[str, bool]:
    return m.group(1), False


def _many(m: re.Match[str]) -> tuple[str, bool]:
    return m.group(1), True


# the body's type, (name as written, collection?)
TYPE = Fact(
    "body_type",
    (
        # "a JSON representation of a [user](..) object", "... of a collection of attendee objects"
        Rule(
            "json_representation_of_x_object",
            re.compile(
                r"\bJSON\s+representation\s+(?:of|for)\s+(?:an?\s+|the\s+|that\s+|this\s+|each\s+)?(?:new\s+|updated\s+)?(collection\s+of\s+)?"
                r"(?!(?:resource|object|entity|instance|collection|that|this|these|those|each|the)s?\b)([A-Za-z_][\w.]*)\s+(?:objects?|resources?|entity|entities|collection|instance)\b",
                re.I,
            ),
            _typed,
        ),
        # "A teamsTab."
        Rule("a_x", re.compile(r"^An?\s+" + _WORD + r"([a-z][A-Za-z0-9]*)\.?$"), _single),
        # "a JSON representation for the values contained within a userFlowLanguagePage."
        Rule(
            "json_representation_of_x",
            re.compile(
                r"\bJSON\s+representation\s+(?:of|for)\s+(?:the\s+values\s+contained\s+within\s+)?(?:an?\s+|the\s+)?"
                + _WORD + r"([a-z][A-Za-z0-9]*)(?:\.|\s*$|\s+(?:to|that|specifying|with|for)\b)",
                re.I,
            ),
            _single,
        ),
        # "Provide the new openShift object"
        Rule("provide_the_new_x_object", re.compile(r"\bProvide\s+the\s+new\s+" + _WORD + r"([a-z][A-Za-z0-9]*)\s+object\b", re.I), _single),
        # "a JSON body of an openTypeExtension"
        Rule("json_body_of_x", re.compile(r"\bJSON\s+body\s+of\s+an?\s+" + _WORD + r"([a-z][A-Za-z0-9]*)\b", re.I), _single),
        # "an array of patchContentCommand objects"
        Rule("array_of_x_objects", re.compile(r"\barray\s+of\s+" + _WORD + r"([a-z][A-Za-z0-9]*)\s+objects\b", re.I), _many),
    ),
)

# "supply the values for relevant fields that should be updated": the body is the updated resource
UPDATE_VALUES = Fact(
    "body_update_values",
    (
        Rule(
            "values_of_fields_updated",
            re.compile(r"\bvalues?\s+(?:for|of)\s+(?:the\s+)?(?:relevant\s+)?(?:\w+\s+)?(?:fields|properties)\b.*\bupdated?\b", re.I),
            lambda m: True,
        ),
    ),
)


def body_refusal(text: str) -> str | None:
    """"must_not_send" (the method takes no body), "not_required", or None."""
    return REFUSAL.value(text)  # type: ignore[no-any-return]


def body_type(text: str) -> tuple[str, bool] | None:
    """(type name as written, collection?) of the body a sentence describes."""
    return TYPE.value(text)  # type: ignore[no-any-return]


def body_is_update_values(text: str) -> bool:
    return UPDATE_VALUES.value(text) is True
