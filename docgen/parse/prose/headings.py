"""Facts of heading text: whether a sub-heading of Properties or Relationships names something
other than the page's type (its tables then list that thing's properties, not the type's)."""

from __future__ import annotations

import re

from .rules import Fact, Rule

_YES = lambda m: True  # noqa: E731

FOREIGN_SUBHEADING = Fact(
    "foreign_subheading",
    (
        # "Properties of a token lifetime policy definition"
        Rule("properties_of_x", re.compile(r"^(?:propert(?:y|ies)|relationships?|members?|fields?|settings?)\s+(?:of|for|in)\s+(?:an?|the)\b", re.I), _YES),
        Rule("definition", re.compile(r"\bdefinitions?\s*$", re.I), _YES),
        # "Instance attributes": @-annotations with special behaviour, not members
        Rule("instance_attributes", re.compile(r"^instance\s+attributes?\b", re.I), _YES),
        # "Supported property data types", "Supported values"
        Rule("supported_x", re.compile(r"^supported\b", re.I), _YES),
        Rule("example", re.compile(r"^(?:examples?|sample)\b", re.I), _YES),
        Rule("remarks", re.compile(r"^(?:remarks|notes?|limitations|filtering|sorting)\b", re.I), _YES),
    ),
)


def is_foreign_subheading(text: str) -> bool:
    return FOREIGN_SUBHEADING.hit(text) is not None
