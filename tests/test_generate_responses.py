"""Which page decides a method's result and body (docgen/generate/responses.py), on small pages
(tests/fixtures/responses): the user-update page (204) against an Intune page sharing its path
(200 + user), an action whose body is only a parameter table (sendMail, 202), a content download."""

from __future__ import annotations

from pathlib import Path

from docgen.generate.build import Options, generate
from docgen.generate.navigation import build_tree, find_node
from docgen.generate.responses import body_type, request_body_types, result
from docgen.ir.paths import segment_key
from docgen.pipeline import parse_paths

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "responses"


def _doc():  # type: ignore[no-untyped-def]
    return parse_paths([str(FIXTURE)], jobs=1)


def _node(root, path: str):  # type: ignore[no-untyped-def]
    node = find_node(root, [segment_key(s) for s in path.strip("/").split("/")])
    assert node is not None, path
    return node


def test_the_page_about_the_resource_decides_and_204_is_none() -> None:
    doc = _doc()
    root, _ = build_tree(doc)
    types = {t.qualified_name: t for t in doc.types}
    got = result(_node(root, "/users/{id}"), "PATCH", types)
    assert got.kind == "none" and got.op is not None and got.op.id == "user-update"


def test_202_without_a_type_is_none_and_content_is_bytes() -> None:
    doc = _doc()
    root, _ = build_tree(doc)
    types = {t.qualified_name: t for t in doc.types}
    assert result(_node(root, "/users/{id}/sendMail"), "POST", types).kind == "none"
    assert result(_node(root, "/me/drive/items/{id}/content"), "GET", types).kind == "bytes"


def test_an_action_body_table_becomes_a_request_body_model() -> None:
    doc = _doc()
    tree = build_tree(doc)
    made = request_body_types(doc, *tree)
    body = made["user-sendmail"]
    assert body.name == "SendMailPostRequestBody"
    assert [p.name for p in body.properties] == ["subject", "saveToSentItems"]  # camelCased
    types = {t.qualified_name: t for t in doc.types}
    assert body_type(_node(tree[0], "/users/{id}/sendMail"), "POST", types, made) == body.qualified_name
    # an update with a property table takes the resource's own model
    assert body_type(_node(tree[0], "/users/{id}"), "PATCH", types, made) == "microsoft.graph.user"


def test_generated_methods() -> None:
    files = generate(_doc(), Options(package="resp_sdk"))
    users = files["resp_sdk/builders/users.py"]
    assert "def patch(\n" not in users or ") -> None:" in users
    patch = users[users.index("    def patch("): users.index("    def patch_with_response(")]
    assert patch.rstrip().endswith("return (self.patch_with_response(body=body, content=content, params=params, headers=headers, timeout=timeout)).parse()")
    assert ") -> None:" in patch and "body: _m.User | dict[str, Any] | None = None" in patch
    assert "class SendMailPostRequestBody(" in "".join(v for k, v in files.items() if "/models/" in k)


def test_a_typed_result_allows_none_where_another_page_documents_no_body() -> None:
    from docgen.generate.navigation import Node
    from docgen.ir.model import Operation, RequestLine, Response, Type

    line = RequestLine("PATCH", "/users/{id}")
    typed = Operation(id="user-update", title="Update user", requests=[line], response=Response(200, "microsoft.graph.user"))
    empty = Operation(id="intune-x-user-update", title="Update user", requests=[line], response=Response(204))
    node = Node((("lit", "users"), ("param", "")), ops={"PATCH": [(empty, line), (typed, line)]})
    types = {"microsoft.graph.user": Type(name="user", namespace="microsoft.graph", kind="entity")}
    got = result(node, "PATCH", types)
    assert (got.kind, got.type, got.op) == ("model_or_none", "microsoft.graph.user", typed)


def test_method_docstrings_link_the_deciding_page() -> None:
    from docgen.generate.client import page_link

    assert page_link("../corpus/docs/api/user-update.md", "../corpus/docs", None) == "api/user-update.md"
    assert page_link("../corpus/docs/api/user-update.md", "../corpus/docs", "https://learn.microsoft.com/graph/") == (
        "https://learn.microsoft.com/graph/api/user-update"
    )
    files = generate(_doc(), Options(package="resp_sdk", docs_url="https://docs.example/graph"))
    users = files["resp_sdk/builders/users.py"]
    doc = users[users.index('"""Update user.'):]
    doc = doc[: doc.index('"""', 3) + 3]
    assert "Update the properties of a user object." in doc and "(Intune)" not in doc
    assert doc.endswith('Docs: https://docs.example/graph/user-update"""')


def test_201_with_no_type_on_a_collection_is_the_item_created() -> None:
    from docgen.generate.navigation import Node
    from docgen.ir.model import Operation, RequestLine, Response, Type

    get, post = RequestLine("GET", "/chats"), RequestLine("POST", "/chats")
    listing = Operation(id="chat-list", title="List chats", requests=[get], response=Response(200, "microsoft.graph.chat", collection=True))
    create = Operation(id="chat-post", title="Create chat", requests=[post], response=Response(201))
    node = Node((("lit", "chats"),), ops={"GET": [(listing, get)], "POST": [(create, post)]})
    types = {"microsoft.graph.chat": Type(name="chat", namespace="microsoft.graph", kind="entity")}
    assert (result(node, "POST", types).kind, result(node, "POST", types).type) == ("model", "microsoft.graph.chat")
    assert result(Node((("lit", "x"),), ops={"POST": [(create, post)]}), "POST", types).kind == "json"


def test_a_page_the_deciding_page_overrules_gets_dg703() -> None:
    from docgen.generate.responses import conflicts

    doc = _doc()
    root, groups = build_tree(doc)
    types = {t.qualified_name: t for t in doc.types}
    found = conflicts(root, groups, types)
    assert [(d.code, d.level, d.source.file.rsplit("/", 1)[-1]) for d in found] == [("DG705", "info", "intune-devices-user-update.md")]
    assert found[0].message == "PATCH /users/{usersId}: this page documents a microsoft.graph.user; user-update decides (no body)"


def test_a_page_naming_a_type_no_page_defines_decides_only_when_no_other_can() -> None:
    doc = parse_paths([str(FIXTURE.parent / "responses-unknown-type")], jobs=1)
    root, _ = build_tree(doc)
    types = {t.qualified_name: t for t in doc.types}
    got = result(_node(root, "/widgets/{id}/knobs/{id}"), "GET", types)
    # widget-get-knob.md lists fewer paths but answers "a [knob] object", a type no page defines
    assert got.op is not None and got.op.id == "gadgetknob-get"
    assert got.kind == "model" and got.type == "microsoft.graph.gadgetKnob"
