"""One fixture pair per rule (tests/fixtures/diff/<case>/{base,rev}): the exact findings, both ways.

Expected values are written by hand here; the fixtures are small Markdown pages (see _generate.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.diff.command import run
from docgen.diff.rules import RULES

FIXTURES = Path(__file__).parent / "fixtures" / "diff"

B, P, N = "breaking", "potentially-breaking", "non-breaking"
GET, PATCH, ARCHIVE = "GET /widgets/{}", "PATCH /widgets/{}", "POST /widgets/{}/archive"
WIDGET, COLOR, GADGET = "microsoft.graph.widget", "microsoft.graph.widgetColor", "microsoft.graph.gadget"
GIZMO = "GET /gizmos/{}"

# case -> findings base -> rev: (rule, level, subject, detail, old, new)
EXPECTED: dict[str, list[tuple]] = {
    "operation-added": [("operation-added", N, "DELETE /widgets/{}", "", None, "DELETE /widgets/{id}")],
    "operation-removed": [("operation-removed", B, "DELETE /widgets/{}", "", "DELETE /widgets/{id}", None)],
    "operation-path-changed": [("operation-path-changed", B, GET, "GET /catalog/widgets/{}", "/widgets/{widget-id}", "/catalog/widgets/{widget-id}")],
    "path-parameter-added": [("path-parameter-added", B, GET, "GET /catalogs/{}/widgets/{}", "/widgets/{widget-id}", "/catalogs/{catalog-id}/widgets/{widget-id}")],
    "path-parameter-removed": [("path-parameter-removed", B, "GET /catalogs/{}/widgets/{}", GET, "/catalogs/{catalog-id}/widgets/{widget-id}", "/widgets/{widget-id}")],
    "permission-scope-removed": [("permission-scope-removed", B, GET, "delegated_work: Widget.ReadWrite.All", "Widget.ReadWrite.All", None)],
    "permission-scope-added": [("permission-scope-added", N, GET, "application: Widget.ReadWrite.All", None, "Widget.ReadWrite.All")],
    "permission-type-unsupported": [("permission-type-unsupported", B, GET, "application", "supported", "not_supported")],
    "permission-type-supported": [("permission-type-supported", N, GET, "application", "not_supported", "supported")],
    "permission-status-changed": [("permission-status-changed", P, GET, "application", "supported", "todo")],
    # today's layout: the two application scopes swap columns (both still accepted)
    "permission-least-privileged-changed": [
        ("permission-least-privileged-changed", N, GIZMO, "application: Gizmo.Read.All", "least privileged", "higher privileged"),
        ("permission-least-privileged-changed", N, GIZMO, "application: Gizmo.ReadWrite.All", "higher privileged", "least privileged"),
    ],
    # "Gizmo.Read" -> "Gizmo.Read and Directory.Read.All": a token with Gizmo.Read alone is refused
    "permission-scopes-required-together": [
        ("permission-scope-added", N, GIZMO, "delegated_work: Directory.Read.All", None, "Directory.Read.All"),
        ("permission-scopes-required-together", B, GIZMO, "delegated_work: Gizmo.Read", "Gizmo.Read", "Directory.Read.All and Gizmo.Read"),
    ],
    "required-header-added": [("required-header-added", B, GET, "header ConsistencyLevel", None, "eventual")],
    "optional-header-added": [("optional-header-added", N, GET, "header Accept-Language", None, "en-US")],
    "header-removed": [("header-removed", N, GET, "header Accept-Language", "en-US", None)],
    "header-became-required": [("header-became-required", B, GET, "header Prefer", "optional", "required")],
    "header-became-optional": [("header-became-optional", N, GET, "header Prefer", "required", "optional")],
    "required-parameter-added": [("required-parameter-added", B, GET, "parameter scope", None, "Edm.String")],
    "optional-parameter-added": [("optional-parameter-added", N, GET, "parameter locale", None, "Edm.String")],
    "parameter-removed": [("parameter-removed", P, GET, "parameter locale", "Edm.String", None)],
    "parameter-became-required": [("parameter-became-required", B, GET, "parameter format", "optional", "required")],
    "parameter-became-optional": [("parameter-became-optional", N, GET, "parameter format", "required", "optional")],
    "parameter-type-changed": [("parameter-type-changed", B, GET, "parameter format", "Edm.String", "Edm.Int32")],
    "query-option-added": [("query-option-added", N, GET, "query option $filter", None, "$filter")],
    "query-option-removed": [("query-option-removed", P, GET, "query option $filter", "$filter", None)],
    "request-body-type-changed": [("request-body-type-changed", B, PATCH, "request body", WIDGET, GADGET)],
    "request-body-no-longer-accepted": [("request-body-no-longer-accepted", B, ARCHIVE, "request body", "accepted", "not accepted")],
    "request-body-now-accepted": [("request-body-now-accepted", N, ARCHIVE, "request body", "not accepted", "accepted")],
    "request-property-required-added": [("request-property-required-added", B, PATCH, "request property owner", None, "Edm.String")],
    "request-property-optional-added": [("request-property-optional-added", N, PATCH, "request property tags", None, "Collection(Edm.String)")],
    "request-property-removed": [("request-property-removed", P, PATCH, "request property tags", "Collection(Edm.String)", None)],
    "request-property-became-required": [("request-property-became-required", B, PATCH, "request property size", "optional", "required")],
    "request-property-became-optional": [("request-property-became-optional", N, PATCH, "request property size", "required", "optional")],
    "request-property-type-changed": [("request-property-type-changed", B, PATCH, "request property size", "Edm.Int32", "Edm.Int64")],
    "success-status-changed": [("success-status-changed", B, PATCH, "status", "204", "200")],
    "success-status-removed": [("success-status-removed", P, PATCH, "status", "204", None)],
    "success-status-added": [("success-status-added", N, PATCH, "status", None, "204")],
    "response-type-changed": [("response-type-changed", B, GET, "response", WIDGET, GADGET)],
    "response-collection-changed": [("response-collection-changed", B, GET, "response", WIDGET, f"Collection({WIDGET})")],
    "response-type-removed": [("response-type-removed", P, GET, "response", WIDGET, None)],
    "response-type-added": [("response-type-added", N, GET, "response", None, WIDGET)],
    "type-added": [("type-added", N, GADGET, "", None, "entity")],
    "type-removed": [("type-removed", B, GADGET, "", "entity", None)],
    # dropping keyProperty makes widget a complex type (its base, entity, is defined by no page here)
    "type-kind-changed": [("type-kind-changed", B, WIDGET, "kind", "entity", "complex"), ("type-key-changed", B, WIDGET, "key", "id", None)],
    "base-type-changed": [("base-type-changed", B, WIDGET, "base", "microsoft.graph.entity", "microsoft.graph.outlookItem")],
    "type-key-changed": [("type-key-changed", B, WIDGET, "key", "id", "displayName")],
    "property-added": [("property-added", N, WIDGET, "property weight", None, "Edm.Double")],
    "property-removed": [("property-removed", B, WIDGET, "property weight", "Edm.Double", None)],
    "property-type-changed": [("property-type-changed", B, WIDGET, "property size", "Edm.Int32", "Edm.Int64")],
    "property-collection-changed": [("property-collection-changed", B, WIDGET, "property tags", "Collection(Edm.String)", "Edm.String")],
    "property-moved-to-relationships": [("property-moved-to-relationships", P, WIDGET, "property owner", "property", "relationship")],
    "relationship-moved-to-properties": [("relationship-moved-to-properties", N, WIDGET, "property owner", "relationship", "property")],
    # a move and a type change at once: both, the type change under the property rule
    "moved-and-retyped": [("relationship-moved-to-properties", N, WIDGET, "property owner", "relationship", "property"),
                          ("property-type-changed", B, WIDGET, "property owner", GADGET, WIDGET)],
    # relationship owner removed, properties Owner and ownerName added: other names (exact match), no move
    "no-move-other-name": [("property-added", N, WIDGET, "property Owner", None, GADGET),
                           ("property-added", N, WIDGET, "property ownerName", None, "Edm.String"),
                           ("relationship-removed", B, WIDGET, "relationship owner", GADGET, None)],
    "relationship-added": [("relationship-added", N, WIDGET, "relationship spares", None, f"Collection({GADGET})")],
    "relationship-removed": [("relationship-removed", B, WIDGET, "relationship spares", f"Collection({GADGET})", None)],
    "relationship-type-changed": [("relationship-type-changed", B, WIDGET, "relationship owner", GADGET, WIDGET)],
    "relationship-collection-changed": [("relationship-collection-changed", B, WIDGET, "relationship parts", f"Collection({GADGET})", GADGET)],
    "enum-member-added": [("enum-member-added", P, COLOR, "member green", None, "green")],
    "enum-member-removed": [("enum-member-removed", B, COLOR, "member green", "green", None)],
    "enum-member-value-changed": [("enum-member-value-changed", B, COLOR, "member blue", "1", "5")],
    "no-change-path-parameter-renamed": [],
    "no-change-scope-order": [],
    "no-change-path-case": [],
    # GET: the generated method takes no body whatever the page says
    "no-change-body-not-supplied-on-get": [],
    # the example that now sends a body keeps the method's body parameter (example-changed is docs-only)
    "no-change-body-not-supplied-example-sends-body": [],
}

# docs-only rules: nothing without --include-docs; exactly this with it
DOCS_EXPECTED: dict[str, list[tuple]] = {
    "operation-description-changed": [("operation-description-changed", N, GET, "", "Read the properties of a widget.", "Read the properties and relationships of a widget.")],
    "operation-detail-description-changed": [("operation-detail-description-changed", N, PATCH, "request property size", "The size of the widget.", "The size of the widget, in millimetres.")],
    "example-changed": [("example-changed", N, GET, "example example1", None, None)],
    "type-description-changed": [("type-description-changed", N, COLOR, "", "Colours a widget can have.", "The colours a widget can be painted in.")],
    "member-description-changed": [("member-description-changed", N, WIDGET, "property displayName", "The name shown to users.", "The name users see.")],
}

# base and revision swapped. Cases whose fixture is another case swapped are checked against that
# case's forward findings; the others are listed here.
SWAPPED = {
    "operation-removed": "operation-added", "path-parameter-removed": "path-parameter-added",
    "permission-type-supported": "permission-type-unsupported", "header-removed": "optional-header-added",
    "permission-scopes-no-longer-required-together": "permission-scopes-required-together",
    "header-became-optional": "header-became-required", "parameter-removed": "optional-parameter-added",
    "parameter-became-optional": "parameter-became-required", "query-option-removed": "query-option-added",
    "request-body-now-accepted": "request-body-no-longer-accepted",
    "request-property-removed": "request-property-optional-added",
    "request-property-became-optional": "request-property-became-required", "success-status-added": "success-status-removed",
    "response-type-added": "response-type-removed", "type-removed": "type-added", "property-removed": "property-added",
    "relationship-removed": "relationship-added", "enum-member-removed": "enum-member-added",
    "property-moved-to-relationships": "relationship-moved-to-properties",
}
REVERSED: dict[str, list[tuple]] = {
    "operation-path-changed": [("operation-path-changed", B, "GET /catalog/widgets/{}", GET, "/catalog/widgets/{widget-id}", "/widgets/{widget-id}")],
    "permission-scope-removed": [("permission-scope-added", N, GET, "delegated_work: Widget.ReadWrite.All", None, "Widget.ReadWrite.All")],
    "permission-scope-added": [("permission-scope-removed", B, GET, "application: Widget.ReadWrite.All", "Widget.ReadWrite.All", None)],
    "permission-status-changed": [("permission-type-supported", N, GET, "application", "todo", "supported")],
    "permission-least-privileged-changed": [
        ("permission-least-privileged-changed", N, GIZMO, "application: Gizmo.Read.All", "higher privileged", "least privileged"),
        ("permission-least-privileged-changed", N, GIZMO, "application: Gizmo.ReadWrite.All", "least privileged", "higher privileged"),
    ],
    "required-header-added": [("header-removed", N, GET, "header ConsistencyLevel", "eventual", None)],
    "required-parameter-added": [("parameter-removed", P, GET, "parameter scope", "Edm.String", None)],
    "parameter-type-changed": [("parameter-type-changed", B, GET, "parameter format", "Edm.Int32", "Edm.String")],
    "request-body-type-changed": [("request-body-type-changed", B, PATCH, "request body", GADGET, WIDGET)],
    "request-property-required-added": [("request-property-removed", P, PATCH, "request property owner", "Edm.String", None)],
    "request-property-type-changed": [("request-property-type-changed", B, PATCH, "request property size", "Edm.Int64", "Edm.Int32")],
    "success-status-changed": [("success-status-changed", B, PATCH, "status", "200", "204")],
    "response-type-changed": [("response-type-changed", B, GET, "response", GADGET, WIDGET)],
    "response-collection-changed": [("response-collection-changed", B, GET, "response", f"Collection({WIDGET})", WIDGET)],
    "type-kind-changed": [("type-kind-changed", B, WIDGET, "kind", "complex", "entity"), ("type-key-changed", B, WIDGET, "key", None, "id")],
    "base-type-changed": [("base-type-changed", B, WIDGET, "base", "microsoft.graph.outlookItem", "microsoft.graph.entity")],
    "type-key-changed": [("type-key-changed", B, WIDGET, "key", "displayName", "id")],
    "property-type-changed": [("property-type-changed", B, WIDGET, "property size", "Edm.Int64", "Edm.Int32")],
    "property-collection-changed": [("property-collection-changed", B, WIDGET, "property tags", "Edm.String", "Collection(Edm.String)")],
    "relationship-type-changed": [("relationship-type-changed", B, WIDGET, "relationship owner", WIDGET, GADGET)],
    "relationship-collection-changed": [("relationship-collection-changed", B, WIDGET, "relationship parts", GADGET, f"Collection({GADGET})")],
    "enum-member-value-changed": [("enum-member-value-changed", B, COLOR, "member blue", "5", "1")],
    "moved-and-retyped": [("property-moved-to-relationships", P, WIDGET, "property owner", "property", "relationship"),
                          ("property-type-changed", B, WIDGET, "property owner", WIDGET, GADGET)],
    "no-move-other-name": [("property-removed", B, WIDGET, "property Owner", GADGET, None),
                           ("property-removed", B, WIDGET, "property ownerName", "Edm.String", None),
                           ("relationship-added", N, WIDGET, "relationship owner", None, GADGET)],
    "no-change-path-parameter-renamed": [],
    "no-change-scope-order": [],
    "no-change-path-case": [],
    "no-change-body-not-supplied-on-get": [],
    "no-change-body-not-supplied-example-sends-body": [],
}
# "Gizmo.Read and Directory.Read.All" -> "Gizmo.Read": Directory.Read.All is no longer named, but every
# token that passed still passes, so no permission-scope-removed
EXPECTED["permission-scopes-no-longer-required-together"] = [
    ("permission-scopes-no-longer-required-together", N, GIZMO, "delegated_work: Gizmo.Read", "Directory.Read.All and Gizmo.Read", "Gizmo.Read"),
]
for _case, _source in SWAPPED.items():
    REVERSED[_case] = EXPECTED[_source]
    REVERSED[_source] = EXPECTED[_case]


def _findings(base: Path, rev: Path, include_docs: bool = False) -> list[tuple]:
    report = run(str(base), str(rev), include_docs=include_docs)
    return [(f.rule, f.level, f.subject, f.detail, f.old, f.new) for f in report.findings]


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_rule_fixture(case: str) -> None:
    assert _findings(FIXTURES / case / "base", FIXTURES / case / "rev") == EXPECTED[case]


@pytest.mark.parametrize("case", sorted(REVERSED))
def test_rule_fixture_reversed(case: str) -> None:
    assert _findings(FIXTURES / case / "rev", FIXTURES / case / "base") == REVERSED[case]


@pytest.mark.parametrize("case", sorted(DOCS_EXPECTED))
def test_docs_rule_fixture(case: str) -> None:
    base, rev = FIXTURES / case / "base", FIXTURES / case / "rev"
    assert _findings(base, rev) == []
    assert _findings(base, rev, include_docs=True) == DOCS_EXPECTED[case]


def test_every_rule_has_a_fixture_and_an_expectation() -> None:
    covered = {f[0] for fs in (*EXPECTED.values(), *DOCS_EXPECTED.values()) for f in fs}
    assert sorted(set(RULES) - covered) == []
    for rule in RULES:
        assert (FIXTURES / rule / "base").is_dir() and (FIXTURES / rule / "rev").is_dir(), rule


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_registry_mirror_matches_reversed_fixture(case: str) -> None:
    """Where the registry names a mirror rule, swapping base and revision reports it."""
    forward, backward = EXPECTED[case], REVERSED[case]
    if len(forward) != 1 or len(backward) != 1:
        return
    mirror = RULES[forward[0][0]].mirror
    if mirror is not None and forward[0][0] != "permission-status-changed":
        assert backward[0][0] == mirror


def test_same_vs_same_on_every_fixture() -> None:
    for case in sorted(p for p in FIXTURES.iterdir() if p.is_dir() and not p.name.startswith("_")):
        for side in ("base", "rev"):
            assert _findings(case / side, case / side, include_docs=True) == [], f"{case.name}/{side}"


def test_levels_in_registry() -> None:
    """Spot checks of the level policy, independent of the fixtures."""
    assert RULES["property-removed"].level == "breaking"
    assert RULES["property-added"].level == "non-breaking"
    assert RULES["request-property-required-added"].level == "breaking"
    assert RULES["request-property-optional-added"].level == "non-breaking"
    assert RULES["permission-scope-removed"].level == "breaking"
    assert RULES["permission-scope-added"].level == "non-breaking"
    assert RULES["permission-type-unsupported"].level == "breaking"
    assert RULES["permission-scopes-required-together"].level == "breaking"
    assert RULES["permission-scopes-no-longer-required-together"].level == "non-breaking"
    assert RULES["permission-least-privileged-changed"].level == "non-breaking"
    assert RULES["property-moved-to-relationships"].level == "potentially-breaking"
    assert RULES["relationship-moved-to-properties"].level == "non-breaking"
    assert RULES["property-moved-to-relationships"].mirror == "relationship-moved-to-properties"
    assert RULES["relationship-moved-to-properties"].mirror == "property-moved-to-relationships"
    assert RULES["request-body-no-longer-accepted"].level == "breaking"
    assert RULES["request-body-now-accepted"].level == "non-breaking"
    assert RULES["request-body-no-longer-accepted"].mirror == "request-body-now-accepted"
    assert RULES["request-body-now-accepted"].mirror == "request-body-no-longer-accepted"
    assert all(r.level == "non-breaking" for r in RULES.values() if r.docs)


def test_docs_list_every_rule_with_its_level() -> None:
    text = (Path(__file__).resolve().parents[1] / "docs" / "diff.md").read_text(encoding="utf-8")
    for r in RULES.values():
        assert f"| `{r.id}` | {r.level} | {r.subject} | {r.direction} | {r.change} |" in text, r.id


def test_an_example_sending_a_body_keeps_the_body_parameter() -> None:
    """The page starts saying "Do not supply a request body" while its example starts sending one: the
    generator keeps the method's body parameter, so only the (docs-only) example change is reported."""
    case = FIXTURES / "no-change-body-not-supplied-example-sends-body"
    example = [("example-changed", N, ARCHIVE, "example example1", None, None)]
    assert _findings(case / "base", case / "rev", include_docs=True) == example
    assert _findings(case / "rev", case / "base", include_docs=True) == example
