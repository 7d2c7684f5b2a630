"""The rule registry: every kind of change ``docgen diff`` reports, with a stable id and a level.

Ids are stable: never rename or reuse one (allow-lists and CI logs refer to them). Levels:

* ``breaking`` – existing clients that follow the old docs stop working;
* ``potentially-breaking`` – some clients may stop working (depends on what they send or read);
* ``non-breaking`` – nothing an existing client does stops working.

``direction`` says which side of the wire the rule judges: tightening what a request may carry
breaks clients (``request``), widening what a response may carry breaks clients (``response``);
``both`` is used where the IR does not separate the two (type properties describe request and
response bodies alike), ``none`` for docs-only changes. ``change`` files the rule in the changelog
(added / changed / removed / deprecated). ``mirror`` is the rule the same edit reports when base and revision are
swapped, where that is a single rule (the benchmark and tests use it). ``docs`` rules are hidden
unless ``--include-docs``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

DiffLevel = Literal["breaking", "potentially-breaking", "non-breaking"]
LEVELS: tuple[DiffLevel, ...] = ("breaking", "potentially-breaking", "non-breaking")
LEVEL_RANK: dict[str, int] = {"non-breaking": 0, "potentially-breaking": 1, "breaking": 2}
Direction = Literal["request", "response", "both", "none"]
Change = Literal["added", "changed", "removed", "deprecated"]
Subject = Literal["operation", "type"]


@dataclass(frozen=True, slots=True)
class Rule:
    id: str
    level: DiffLevel
    subject: Subject
    direction: Direction
    change: Change
    title: str
    mirror: str | None = None
    docs: bool = False


B: DiffLevel = "breaking"
P: DiffLevel = "potentially-breaking"
N: DiffLevel = "non-breaking"

_RULES = [
    # --- operations (subject: "METHOD /normalised/{}/path") ------------------------------------
    Rule("operation-added", N, "operation", "request", "added", "Operation added", "operation-removed"),
    Rule("operation-removed", B, "operation", "request", "removed", "Operation removed", "operation-added"),
    Rule("operation-path-changed", B, "operation", "request", "changed", "Operation path changed", "operation-path-changed"),
    Rule("path-parameter-added", B, "operation", "request", "changed", "Path parameter added", "path-parameter-removed"),
    Rule("path-parameter-removed", B, "operation", "request", "changed", "Path parameter removed", "path-parameter-added"),
    # the same endpoints written another way: relative -> absolute, /me <-> /users/{id}, root:/{path}: <-> items/{id}
    Rule("request-line-notation-changed", N, "operation", "request", "changed", "Request lines rewritten, same endpoints (notation only)", "request-line-notation-changed"),
    Rule("request-query-added", N, "operation", "request", "added", "Query parameter shown in a request line", "request-query-removed"),
    Rule("request-query-removed", P, "operation", "request", "removed", "Query parameter no longer shown in the request lines", "request-query-added"),
    Rule("operation-deprecated", N, "operation", "none", "deprecated", "Operation (or one of its parameters or request-body properties) stated deprecated"),
    Rule("permission-scope-removed", B, "operation", "request", "removed", "Permission scope removed", "permission-scope-added"),
    Rule("permission-scope-added", N, "operation", "request", "added", "Permission scope added", "permission-scope-removed"),
    Rule("permission-type-unsupported", B, "operation", "request", "removed", "Permission type no longer supported", "permission-type-supported"),
    Rule("permission-type-supported", N, "operation", "request", "added", "Permission type now supported", "permission-type-unsupported"),
    Rule("permission-status-changed", P, "operation", "request", "changed", "Permission status changed (to be determined, not applicable, unstated)"),
    # one alternative now needs more scopes at once ("A" -> "A and B"): a token with A alone is refused
    Rule("permission-scopes-required-together", B, "operation", "request", "changed", "Permission scopes now required together", "permission-scopes-no-longer-required-together"),
    Rule("permission-scopes-no-longer-required-together", N, "operation", "request", "changed", "Permission scopes no longer required together", "permission-scopes-required-together"),
    # a scope still accepted moves between the least and the higher privileged column: what a token
    # carries is accepted as before; apps (and the SDK docstrings) following the docs ask for another scope
    Rule("permission-least-privileged-changed", N, "operation", "request", "changed", "Permission scope moved between least and higher privileged", "permission-least-privileged-changed"),
    Rule("required-header-added", B, "operation", "request", "added", "Required request header added", "header-removed"),
    Rule("optional-header-added", N, "operation", "request", "added", "Optional request header added", "header-removed"),
    Rule("header-removed", N, "operation", "request", "removed", "Request header removed"),
    Rule("header-became-required", B, "operation", "request", "changed", "Request header became required", "header-became-optional"),
    Rule("header-became-optional", N, "operation", "request", "changed", "Request header became optional", "header-became-required"),
    Rule("required-parameter-added", B, "operation", "request", "added", "Required parameter added", "parameter-removed"),
    Rule("optional-parameter-added", N, "operation", "request", "added", "Optional parameter added", "parameter-removed"),
    Rule("parameter-removed", P, "operation", "request", "removed", "Parameter removed"),
    Rule("parameter-became-required", B, "operation", "request", "changed", "Parameter became required", "parameter-became-optional"),
    Rule("parameter-became-optional", N, "operation", "request", "changed", "Parameter became optional", "parameter-became-required"),
    Rule("parameter-type-changed", B, "operation", "request", "changed", "Parameter type changed", "parameter-type-changed"),
    Rule("query-option-added", N, "operation", "request", "added", "OData query option supported", "query-option-removed"),
    Rule("query-option-removed", P, "operation", "request", "removed", "OData query option no longer listed", "query-option-added"),
    Rule("request-body-type-changed", B, "operation", "request", "changed", "Request body type changed", "request-body-type-changed"),
    # Operation.no_request_body flipping on a POST/PATCH/PUT page: the generated method loses (gains) its
    # body parameter (Operation.refuses_body, as the generator); GET/DELETE pages say it too and keep no body anyway
    Rule("request-body-no-longer-accepted", B, "operation", "request", "removed", "Request body no longer accepted (the page says not to supply one)", "request-body-now-accepted"),
    Rule("request-body-now-accepted", N, "operation", "request", "added", "Request body now accepted", "request-body-no-longer-accepted"),
    Rule("request-property-required-added", B, "operation", "request", "added", "Required request-body property added", "request-property-removed"),
    Rule("request-property-optional-added", N, "operation", "request", "added", "Optional request-body property added", "request-property-removed"),
    Rule("request-property-removed", P, "operation", "request", "removed", "Request-body property removed"),
    Rule("request-property-became-required", B, "operation", "request", "changed", "Request-body property became required", "request-property-became-optional"),
    Rule("request-property-became-optional", N, "operation", "request", "changed", "Request-body property became optional", "request-property-became-required"),
    Rule("request-property-type-changed", B, "operation", "request", "changed", "Request-body property type changed", "request-property-type-changed"),
    Rule("success-status-changed", B, "operation", "response", "changed", "Success status changed", "success-status-changed"),
    Rule("success-status-removed", P, "operation", "response", "removed", "Success status no longer stated", "success-status-added"),
    Rule("success-status-added", N, "operation", "response", "added", "Success status now stated", "success-status-removed"),
    Rule("response-type-changed", B, "operation", "response", "changed", "Response type changed", "response-type-changed"),
    Rule("response-collection-changed", B, "operation", "response", "changed", "Response changed between single object and collection", "response-collection-changed"),
    Rule("response-type-removed", P, "operation", "response", "removed", "Response body type no longer stated", "response-type-added"),
    Rule("response-type-added", N, "operation", "response", "added", "Response body type now stated", "response-type-removed"),
    # --- types (subject: "namespace.name") -----------------------------------------------------
    Rule("type-added", N, "type", "both", "added", "Type added", "type-removed"),
    Rule("type-removed", B, "type", "both", "removed", "Type removed", "type-added"),
    Rule("type-namespace-changed", B, "type", "both", "changed", "Type moved to another namespace (its qualified name changes)", "type-namespace-changed"),
    Rule("type-name-case-changed", N, "type", "none", "changed", "Type name written in another case (names are case-insensitive)", "type-name-case-changed"),
    Rule("type-deprecated", N, "type", "none", "deprecated", "Type (or one of its members) stated deprecated"),
    Rule("type-kind-changed", B, "type", "both", "changed", "Type kind changed (entity, complex, enum)", "type-kind-changed"),
    Rule("base-type-changed", B, "type", "both", "changed", "Base type changed", "base-type-changed"),
    Rule("type-key-changed", B, "type", "both", "changed", "Key property changed", "type-key-changed"),
    Rule("property-added", N, "type", "both", "added", "Property added", "property-removed"),
    Rule("property-removed", B, "type", "both", "removed", "Property removed", "property-added"),
    # a name leaving the Properties table for the Relationships table or back (its type changes are
    # property-*): Graph returns a navigation property only on $expand; the SDK models both as fields
    Rule("property-moved-to-relationships", P, "type", "response", "changed", "Property moved to relationships (returned only with $expand)", "relationship-moved-to-properties"),
    Rule("relationship-moved-to-properties", N, "type", "response", "changed", "Relationship moved to properties", "property-moved-to-relationships"),
    Rule("property-type-changed", B, "type", "both", "changed", "Property type changed", "property-type-changed"),
    Rule("property-collection-changed", B, "type", "both", "changed", "Property changed between single value and collection", "property-collection-changed"),
    Rule("relationship-added", N, "type", "both", "added", "Relationship added", "relationship-removed"),
    Rule("relationship-removed", B, "type", "both", "removed", "Relationship removed", "relationship-added"),
    Rule("relationship-type-changed", B, "type", "both", "changed", "Relationship type changed", "relationship-type-changed"),
    Rule("relationship-collection-changed", B, "type", "both", "changed", "Relationship changed between single value and collection", "relationship-collection-changed"),
    Rule("enum-member-added", P, "type", "response", "added", "Enum member added (clients with exhaustive matches may break)", "enum-member-removed"),
    Rule("enum-member-removed", B, "type", "both", "removed", "Enum member removed", "enum-member-added"),
    Rule("enum-member-value-changed", B, "type", "both", "changed", "Enum member value changed", "enum-member-value-changed"),
    # --- docs-only (hidden unless --include-docs) ----------------------------------------------
    Rule("operation-description-changed", N, "operation", "none", "changed", "Operation title or description changed", "operation-description-changed", docs=True),
    Rule("operation-detail-description-changed", N, "operation", "none", "changed", "Description of a parameter, header or request-body property changed", "operation-detail-description-changed", docs=True),
    Rule("operation-documented-elsewhere", N, "operation", "none", "removed", "Endpoint no longer documented on a page, still documented on another", "operation-documented-elsewhere", docs=True),
    Rule("example-changed", N, "operation", "none", "changed", "Example changed, added or removed", "example-changed", docs=True),
    Rule("type-description-changed", N, "type", "none", "changed", "Type description changed", "type-description-changed", docs=True),
    Rule("member-description-changed", N, "type", "none", "changed", "Description of a property, relationship or enum member changed", "member-description-changed", docs=True),
]

RULES: dict[str, Rule] = {r.id: r for r in _RULES}
RULE_ORDER: dict[str, int] = {r.id: i for i, r in enumerate(_RULES)}
