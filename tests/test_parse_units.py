"""Unit tests of the small parsers: type cells, inline Markdown, lenient JSON, request lines."""

from __future__ import annotations

import pytest

from docgen.parse import inline, lenient_json
from docgen.parse.http import normalise_path, split_target, version_of
from docgen.parse.typeref import parse_type


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("String", ("Edm.String", False)),
        ("string", ("Edm.String", False)),
        ("Int32", ("Edm.Int32", False)),
        ("DateTimeOffset", ("Edm.DateTimeOffset", False)),
        ("Edm.Guid", ("Edm.Guid", False)),
        ("String collection", ("Edm.String", True)),
        ("String<br/>Read-only", ("Edm.String", False)),
        ("[identitySet](../resources/identityset.md)", ("identitySet", False)),
        ("[identitySet][] resource", ("identitySet", False)),
        ("[assignedLicense](../resources/assignedlicense.md) collection", ("assignedLicense", True)),
        ("Collection([x](y.md))", ("x", True)),
        ("Collection(microsoft.graph.user)", ("microsoft.graph.user", True)),
        ("collection of [attendee](a.md)", ("attendee", True)),
        ("microsoft.graph.user collection", ("microsoft.graph.user", True)),
        ("Int64 (bytes)", ("Edm.Int64", False)),
        ("string array", ("Edm.String", True)),
        ("", (None, False)),
    ],
)
def test_type_cells(cell, expected):
    assert parse_type(cell) == expected


def test_inline_plain_and_links():
    raw = "Create a new [user](../resources/user.md) **object** with `id` &lt;x&gt;<br/>and [more][]."
    assert inline.plain(raw) == "Create a new user object with id <x> and more."
    assert inline.links(raw) == [("user", "../resources/user.md"), ("more", "more")]


def test_inline_block_tags_separate_words_and_split_lines():
    # an HTML list in a cell: items are words apart, inline tags are not
    assert inline.plain("<ul><li>User</li><li>Group</li></ul>") == "User Group"
    assert inline.plain("Gadget.Read.All</li><li>If checking") == "Gadget.Read.All If checking"
    assert inline.plain("<b>bold</b>face and <p>para</p>") == "boldface and para"
    assert inline.split_lines("A<br>In addition:<ul><li>If x: B, C</li><li>If y: D</li></ul>") == [
        "A", "In addition:", "If x: B, C", "If y: D"]
    assert inline.split_br("A<li>B") == ["A<li>B"]  # split_br keeps list items together


@pytest.mark.parametrize(
    "text, value, strict",
    [
        ('{"a": 1}', {"a": 1}, True),
        ('{"a": 1,}', {"a": 1}, False),
        ('{\n  // comment\n  "a": [1, 2,],\n}', {"a": [1, 2]}, False),
        ("{\u201ca\u201d: \u201cb\u201d}", {"a": "b"}, False),
        ('{"when": 2021-07-01T00:00:00Z}', {"when": "2021-07-01T00:00:00Z"}, False),
        ('{"value": [\n - {"a": 1}\n]}', {"value": [{"a": 1}]}, False),
        ('{"a": 1,\n ...\n}', {"a": 1}, False),
        ('{"url": "http://x//y"}', {"url": "http://x//y"}, True),
        ("{broken", None, False),
    ],
)
def test_lenient_json(text, value, strict):
    assert lenient_json.loads(text) == (value, strict)


@pytest.mark.parametrize(
    "target, path, query",
    [
        ("/users/{id}", "/users/{id}", None),
        ("users", "/users", None),
        ("https://graph.microsoft.com/v1.0/sites/{id}/lists", "/sites/{id}/lists", None),
        ("https://graph.microsoft.com/beta/me?$select=id", "/me", "$select=id"),
        ("/security/alerts?$filter=a eq 'b c'", "/security/alerts", "$filter=a eq 'b c'"),
        ("/users HTTP/1.1", "/users", None),
    ],
)
def test_split_target(target, path, query):
    assert split_target(target)[:2] == (path, query)


@pytest.mark.parametrize(
    "path, template, names",
    [
        ("/users/{id | userPrincipalName}/photo", "/users/{id}/photo", ["id"]),
        ("/me/drive/items/{id}/workbook/worksheets/{id|name}/range(address=<address>)", "/me/drive/items/{id}/workbook/worksheets/{id}/range(address={address})", ["id", "id", "address"]),
        ("/reports/getEmailActivityCounts(period='{period_value}')", "/reports/getEmailActivityCounts(period='{period_value}')", ["period_value"]),
        ("/education/classes/acdefc6b-2dc6-4e71-b1e9-6d9810ab1793/members", "/education/classes/{id}/members", ["id"]),
        ("/teams/{team-id}/", "/teams/{team-id}", ["team-id"]),
    ],
)
def test_normalise_path(path, template, names):
    assert normalise_path(path) == (template, names)


def test_version_of():
    assert version_of("https://graph.microsoft.com/v1.0/me") == "v1.0"
    assert version_of("https://graph.microsoft.com/beta/me") == "beta"
    assert version_of("https://graph.microsoft.com/localtest/me") is None
    assert version_of("/me") is None


@pytest.mark.parametrize(
    "cell, name, required",
    [
        ("notes<br/>Read-only", "notes", None),
        ("id (required)", "id", True),
        ("**displayName** (optional)", "displayName", False),
        ("`onPremisesImmutableId`", "onPremisesImmutableId", None),
    ],
)
def test_name_cells(cell, name, required):
    from docgen.parse.tables import _clean_name

    assert _clean_name(cell) == (name, required)


def test_methods_table(tmp_path):
    from docgen.pipeline import parse_bytes

    page = b"""---
doc_type: resourcePageType
---
# widget resource type

Namespace: microsoft.graph

## Methods

|Method|Return Type|Description|
|:---|:---|:---|
|[List widgets](../api/widget-list.md)|[widget](widget.md) collection|List them.|
|[Delete widget](../api/widget-delete.md#section)|None|Delete one.|
|[Get analytics][]|[itemAnalytics][]|Analytics.|

## Properties

|Property|Type|Description|
|:---|:---|:---|
|id|String|Key.|
"""
    (widget,) = parse_bytes(page, "widget.md").types
    assert [(m.name, m.operation, m.return_type, m.collection, m.source.line) for m in widget.methods] == [
        ("List widgets", "widget-list", "widget", True, 12),
        ("Delete widget", "widget-delete", None, False, 13),
        ("Get analytics", None, "itemAnalytics", False, 14),
    ]


def test_rows_cut_off_by_a_blank_line_rejoin_their_table_with_a_warning():
    from docgen.pipeline import parse_bytes

    page = b"""---
doc_type: apiPageType
---
# Create widget

## HTTP request

```http
POST /widgets
```

## Request body

|Property|Type|Description|
|:---|:---|:---|
|id|String|Key.|

|name|String|Name.|
|size|Int32|Size.|
"""
    result = parse_bytes(page, "widget.md")
    assert [(p.name, p.type, p.source.line) for p in result.operation.request_body.properties] == [
        ("id", "Edm.String", 16),
        ("name", "Edm.String", 18),
        ("size", "Edm.Int32", 19),
    ]
    assert [(d.code, d.source.line) for d in result.diagnostics if d.code == "DG507"] == [("DG507", 17)]


def test_request_block_with_headers_or_a_second_url_after_a_blank_line_has_no_body():
    from docgen.parse.blocks import Code
    from docgen.parse.examples import read_message

    header_after_blank = Code("http", "GET https://graph.microsoft.com/v1.0/me/events/delta\n\nPrefer: odata.maxpagesize=2\n", 10)
    msg = read_message(header_after_blank, "f.md", [], [])
    assert msg.headers == [("Prefer", "odata.maxpagesize=2")] and msg.body_text == ""
    two_urls = Code("http", "GET https://graph.microsoft.com/v1.0/me/x\n\nGET https://graph.microsoft.com/v1.0/users/1/x\n", 10)
    msg = read_message(two_urls, "f.md", [], [])
    assert msg.path == "/me/x" and msg.body_text == "" and msg.body is None
