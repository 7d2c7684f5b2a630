"""Engine and matching on hand-built IR documents: pairing of pages, permission sets, body-only types."""

from __future__ import annotations

import hashlib

from docgen.diff.engine import compare
from docgen.diff.findings import fingerprint
from docgen.diff.match import normalise_path
from docgen.ir.model import Document, Example, HttpMessage, Operation, Permission, Property, RequestBody, RequestLine, Source, Type


def op(id: str, *lines: str, perms: list[Permission] | None = None, body: RequestBody | None = None) -> Operation:
    reqs = [RequestLine(line.split()[0], line.split()[1], source=Source(f"{id}.md", 10 + i)) for i, line in enumerate(lines)]
    return Operation(id=id, title="Get things", source=Source(f"{id}.md", 1), requests=reqs, permissions=perms or [], request_body=body)


def perm(t: str, *scopes: str, status: str = "supported", context: str | None = None) -> Permission:
    return Permission(t, context, list(scopes), status)  # type: ignore[arg-type]


def doc(*ops: Operation, types: list[Type] | None = None) -> Document:
    return Document(operations=sorted(ops, key=lambda o: o.id), types=types or [])


def rules(old: Document, new: Document) -> list[tuple[str, str, str]]:
    return [(f.rule, f.subject, f.detail) for f in compare(old, new)]


def test_normalise_path() -> None:
    assert normalise_path("/users/{user-id}/messages/") == "/users/{}/messages"
    assert normalise_path("/Users/{id}") == "/users/{}"
    assert normalise_path("/reports/getX(period='{period_value}')") == "/reports/getx(period='{}')"
    assert normalise_path("users//{id}") == "/users/{}"


def test_fingerprint_is_sha256_of_rule_subject_detail() -> None:
    expected = hashlib.sha256("property-removed\x1fmicrosoft.graph.user\x1fproperty city".encode()).hexdigest()[:16]
    assert fingerprint("property-removed", "microsoft.graph.user", "property city") == expected


def test_an_alias_dropped_and_a_line_added_is_one_new_endpoint() -> None:
    # /me is /users/{id} (docgen/ir/paths.py): the page still documents that endpoint; /me/profile is new
    old = doc(op("user-get", "GET /users/{id}", "GET /me"))
    new = doc(op("user-get", "GET /users/{user-id}", "GET /me/profile"))
    assert rules(old, new) == [("operation-added", "GET /me/profile", "")]


def test_a_line_moved_between_two_paths_of_one_page_is_paired_by_best_match() -> None:
    old = doc(op("a", "GET /things/{id}/parts", "GET /stuff/{id}/bits"))
    new = doc(op("a", "GET /stuff/{id}/pieces/bits", "GET /things/{id}/all/parts"))
    assert rules(old, new) == [
        ("operation-path-changed", "GET /stuff/{}/bits", "GET /stuff/{}/pieces/bits"),
        ("operation-path-changed", "GET /things/{}/parts", "GET /things/{}/all/parts"),
    ]


def test_endpoint_moved_to_another_page_is_no_change() -> None:
    old = doc(op("a", "GET /things", "GET /stuff", perms=[perm("application", "X.Read")]))
    new = doc(op("a", "GET /things", perms=[perm("application", "X.Read")]), op("b", "GET /stuff", perms=[perm("application", "X.Read")]))
    # only the docs-only finding (hidden unless --include-docs)
    assert rules(old, new) == [("operation-documented-elsewhere", "GET /stuff", "page a")]


def test_duplicate_endpoint_pairs_pages_by_name() -> None:
    old = doc(op("list-1", "GET /items", perms=[perm("application", "A.Read")]), op("list-2", "GET /items", perms=[perm("application", "B.Read")]))
    new = doc(op("list-1", "GET /items", perms=[perm("application", "A.Read")]), op("list-2", "GET /items", perms=[perm("application", "B.Read", "C.Read")]))
    # the endpoint stands for the pair (list-1, list-1); list-2 pairs with list-2 by page name, so its
    # change is reported once, not mixed with list-1's permissions
    assert rules(old, new) == [("permission-scope-added", "GET /items", "application: C.Read")]
    new2 = doc(op("list-1", "GET /items", perms=[perm("application", "A.Read", "Z.Read")]), op("list-2", "GET /items", perms=[perm("application", "B.Read")]))
    assert rules(old, new2) == [("permission-scope-added", "GET /items", "application: Z.Read")]


def test_permission_sets_ignore_order_case_and_split_rows() -> None:
    old = doc(op("a", "GET /a", perms=[perm("delegated_work", "User.Read", "User.Read.All"), perm("delegated_personal", status="not_supported")]))
    new = doc(op("a", "GET /a", perms=[perm("delegated_work", "user.read.all"), perm("delegated_work", "User.Read")]))
    assert rules(old, new) == []


def test_permission_contexts_are_separate_sets() -> None:
    old = doc(op("a", "GET /a", perms=[perm("application", "X.Read", context="Device management"), perm("application", "Y.Read", context="Mail")]))
    new = doc(op("a", "GET /a", perms=[perm("application", "X.Read", context="device management"), perm("application", "X.Read", context="Mail")]))
    assert rules(old, new) == [
        ("permission-scope-removed", "GET /a", "application (Mail): Y.Read"),
        ("permission-scope-added", "GET /a", "application (Mail): X.Read"),
    ]


def test_types_match_case_insensitively_and_body_only_types_are_skipped() -> None:
    body = RequestBody(type="microsoft.graph.input", properties=[Property("x", "Edm.String")], source=Source("a.md", 30))
    body2 = RequestBody(type="microsoft.graph.input", properties=[Property("x", "Edm.String"), Property("y", "Edm.Int32")], source=Source("a.md", 30))
    user = Type("user", "microsoft.graph", "entity", properties=[Property("city", "Edm.String")], source=Source("user.md", 1))
    User = Type("User", "Microsoft.Graph", "entity", properties=[Property("city", "Edm.String")], source=Source("user.md", 1))
    weak_old = Type("input", "microsoft.graph", "complex", properties=[Property("x", "Edm.String")], source=Source("a.md", 30))
    weak_new = Type("input", "microsoft.graph", "complex", properties=[Property("x", "Edm.String"), Property("y", "Edm.Int32")], source=Source("a.md", 30))
    old = doc(op("a", "POST /a", body=body), types=[user, weak_old])
    new = doc(op("a", "POST /a", body=body2), types=[User, weak_new])
    # the type's name changed case only: one non-breaking finding, no property findings
    assert rules(old, new) == [("request-property-optional-added", "POST /a", "request property y"),
                               ("type-name-case-changed", "Microsoft.Graph.User", "name")]


def test_self_comparison_of_one_object() -> None:
    d = doc(op("a", "GET /a", perms=[perm("application", "X.Read")]), op("b", "GET /a"))
    assert compare(d, d) == []


def widget(props: list[Property], rels: list[Property]) -> Type:
    return Type("widget", "microsoft.graph", "entity", properties=props, relationships=rels, source=Source("widget.md", 1))


def test_a_move_reports_the_moved_members_changes_under_the_property_rules() -> None:
    old = doc(types=[widget([Property("parts", "microsoft.graph.gadget", True, "Parts.")], [])])
    new = doc(types=[widget([], [Property("parts", "microsoft.graph.gadget", False, "The parts.")])])
    assert [(f.rule, f.detail, f.old, f.new) for f in compare(old, new)] == [
        ("property-moved-to-relationships", "property parts", "property", "relationship"),
        ("property-collection-changed", "property parts", "Collection(microsoft.graph.gadget)", "microsoft.graph.gadget"),
        ("member-description-changed", "property parts", "Parts.", "The parts."),
    ]


def test_a_name_in_both_tables_is_not_a_move() -> None:
    # base states `owner` as a property and as a relationship; the revision keeps the relationship only
    both = widget([Property("owner", "Edm.String")], [Property("owner", "microsoft.graph.gadget")])
    rel_only = widget([], [Property("owner", "microsoft.graph.gadget")])
    assert rules(doc(types=[both]), doc(types=[rel_only])) == [("property-removed", "microsoft.graph.widget", "property owner")]
    assert rules(doc(types=[rel_only]), doc(types=[both])) == [("property-added", "microsoft.graph.widget", "property owner")]


def test_moves_both_ways_in_one_type_are_sorted() -> None:
    old = doc(types=[widget([Property("b", "Edm.String"), Property("c", "Edm.String")], [Property("a", "microsoft.graph.gadget")])])
    new = doc(types=[widget([Property("a", "microsoft.graph.gadget"), Property("c", "Edm.String")], [Property("b", "Edm.String")])])
    assert rules(old, new) == [
        ("property-moved-to-relationships", "microsoft.graph.widget", "property b"),
        ("relationship-moved-to-properties", "microsoft.graph.widget", "property a"),
    ]


def action(*lines: str, no_body: bool, body: RequestBody | None = None, example_body: str = "") -> Operation:
    o = op("widget-archive", *lines, body=body)
    o.no_request_body = no_body
    o.examples = [Example("example1", HttpMessage(body_text=example_body, method="POST", url="/widgets/1/archive"))]
    return o


def test_no_request_body_flips_on_body_verbs_only() -> None:
    for line in ("POST /widgets/{id}/archive", "PATCH /widgets/{id}", "PUT /widgets/{id}/content"):
        subject = line.split()[0] + " " + normalise_path(line.split()[1])
        accepts, refuses = doc(action(line, no_body=False)), doc(action(line, no_body=True))
        assert rules(accepts, refuses) == [("request-body-no-longer-accepted", subject, "request body")]
        assert rules(refuses, accepts) == [("request-body-now-accepted", subject, "request body")]
    # a GET or DELETE page: its method takes no body either way
    for line in ("GET /widgets/{id}", "DELETE /widgets/{id}"):
        assert rules(doc(action(line, no_body=False)), doc(action(line, no_body=True))) == []
        assert rules(doc(action(line, no_body=True)), doc(action(line, no_body=False))) == []
    # a page stating GET and POST counts (its POST method loses the body)
    both = ("GET /widgets/{id}/state", "POST /widgets/{id}/state")
    assert rules(doc(action(*both, no_body=False)), doc(action(*both, no_body=True))) == [
        ("request-body-no-longer-accepted", "GET /widgets/{}/state", "request body")]


def test_no_request_body_flip_is_judged_on_the_side_that_refuses_a_body() -> None:
    line = "POST /widgets/{id}/archive"
    body = RequestBody(properties=[Property("reason", "Edm.String")], source=Source("widget-archive.md", 30))
    # an example sending a body keeps the generated body parameter (as generate/client.py _takes_body)
    sends = action(line, no_body=True, example_body='{"reason": "x"}')
    assert rules(doc(action(line, no_body=False)), doc(sends)) == [("example-changed", "POST /widgets/{}/archive", "example example1")]
    assert rules(doc(sends), doc(action(line, no_body=False))) == [("example-changed", "POST /widgets/{}/archive", "example example1")]
    # an IR that says "do not supply" and also states body properties (the parser never writes one)
    both = action(line, no_body=True, body=body)
    assert rules(doc(action(line, no_body=False, body=body)), doc(both)) == []
    # the accepting side's body table is compared as usual; the method loses its body parameter
    assert rules(doc(action(line, no_body=False, body=body)), doc(action(line, no_body=True))) == [
        ("request-body-no-longer-accepted", "POST /widgets/{}/archive", "request body"),
        ("request-property-removed", "POST /widgets/{}/archive", "request property reason"),
    ]


def test_fields_newer_than_the_older_ir_are_not_compared() -> None:
    """An IR 1.1 file (stored by an older docgen) has no no_request_body: it reads as False, which
    must not report every body-less action as a change."""
    line = "POST /widgets/{id}/archive"
    old, new = doc(action(line, no_body=False)), doc(action(line, no_body=True))
    old.ir_version = "1.1.0"
    assert rules(old, new) == []
    old.ir_version = "1.2.0"
    assert rules(old, new) == [("request-body-no-longer-accepted", "POST /widgets/{}/archive", "request body")]


def test_an_inferred_relationship_is_compared_by_name_only() -> None:
    """A relationship docgen inferred from a request URL (``origin`` request_url) has the type and
    collection-ness docgen read off a response; a table row stating it later is no change."""
    src = Source("resources/widget.md", 5)
    inferred = Property("parts", "microsoft.graph.part", False, "", source=Source("api/widget-list-parts.md", 9), origin="request_url")
    stated = Property("parts", "microsoft.graph.part", True, "The parts.", source=src)
    old = doc(types=[Type("widget", "microsoft.graph", "entity", source=src, relationships=[inferred])])
    new = doc(types=[Type("widget", "microsoft.graph", "entity", source=src, relationships=[stated])])
    assert rules(old, new) == []
    assert rules(new, old) == []
    # a stated row whose collection-ness changes is still reported
    flipped = doc(types=[Type("widget", "microsoft.graph", "entity", source=src, relationships=[Property("parts", "microsoft.graph.part", False, "The parts.", source=src)])])
    assert rules(new, flipped) == [("relationship-collection-changed", "microsoft.graph.widget", "relationship parts")]
