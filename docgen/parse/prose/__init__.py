"""Facts stated in prose, one public function per fact, each backed by a named, ordered rule list
(:mod:`.rules`). :data:`FACTS` lists them all for the sentence fixture harness."""

from __future__ import annotations

from . import base, body, headings, page, required, response
from .base import base_from_prose, says_open_type
from .body import body_is_update_values, body_refusal, body_type
from .headings import is_foreign_subheading
from .page import is_description, mentions_derived_types, namespace, query_options, says_shortened
from .required import required as says_required
from .response import response_body_type, response_status, response_type
from .rules import Fact

FACTS: dict[str, Fact] = {
    f.name: f
    for f in (
        body.REFUSAL,
        body.TYPE,
        body.UPDATE_VALUES,
        response.STATUS,
        response.TYPE,
        response.BODY_TYPE,
        base.BASE,
        base.OPEN,
        page.NAMESPACE,
        page.NOT_DESCRIPTION,
        page.DERIVED,
        page.SHORTENED,
        headings.FOREIGN_SUBHEADING,
        required.REQUIRED,
    )
}

__all__ = [
    "FACTS",
    "base_from_prose",
    "body_is_update_values",
    "body_refusal",
    "body_type",
    "is_description",
    "is_foreign_subheading",
    "mentions_derived_types",
    "namespace",
    "query_options",
    "response_body_type",
    "response_status",
    "says_required",
    "response_type",
    "says_open_type",
    "says_shortened",
]
