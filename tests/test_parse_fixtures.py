"""Parser unit tests: one small fixture page per oddity of the real corpus.

Each ``tests/fixtures/parse/<name>.md`` (or ``.bin``) has a hand-written sibling
``<name>.expected.json``:

``note``
    what corpus construct the page reproduces (free text, not checked);
``diagnostics``
    the diagnostic codes the page must give, as a multiset (order does not matter);
``operation``
    ``null`` when the page gives no operation, else a *partial* view of the operation;
``types``
    a list of partial views of the types the page defines, in page order (exact count);
``xfail``
    optional: the reason the page is a known parser bug outside this test's owner's modules.

Partial views: a dict checks only the keys it names; a list must have the same length and match
element by element; scalars must be equal. Values come from reading the fixture, not from the
parser's output.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from docgen.parse import http, lenient_json, permissions
from docgen.parse.blocks import Para
from docgen.pipeline import parse_bytes

FIXTURES = Path(__file__).parent / "fixtures" / "parse"


def _cases() -> list[Any]:
    out = []
    for exp in sorted(FIXTURES.glob("*.expected.json")):
        name = exp.name[: -len(".expected.json")]
        page = next((p for p in FIXTURES.glob(name + ".*") if not p.name.endswith(".expected.json")), None)
        assert page is not None, f"{exp.name}: no fixture page beside it"
        spec = json.loads(exp.read_text(encoding="utf-8"))
        marks = [pytest.mark.xfail(strict=True, reason=spec["xfail"])] if spec.get("xfail") else []
        out.append(pytest.param(page, spec, id=name, marks=marks))
    return out


def _plain(value: Any) -> Any:
    """Dataclasses -> dicts, tuples -> lists (the shape of the JSON IR)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _match(expected: Any, actual: Any, where: str = "$") -> list[str]:
    """Differences between a partial expectation and an actual value."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        errs: list[str] = []
        for key, value in expected.items():
            if key not in actual:
                errs.append(f"{where}.{key}: missing")
            else:
                errs.extend(_match(value, actual[key], f"{where}.{key}"))
        return errs
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return [f"{where}: expected {len(expected)} items, got {len(actual)}: {json.dumps(actual, default=str)[:600]}"]
        errs = []
        for i, (e, a) in enumerate(zip(expected, actual)):
            errs.extend(_match(e, a, f"{where}[{i}]"))
        return errs
    if expected != actual:
        return [f"{where}: expected {expected!r}, got {actual!r}"]
    return []


def test_every_fixture_has_expectations() -> None:
    pages = {p.name.split(".")[0] for p in FIXTURES.iterdir() if not p.name.endswith(".expected.json")}
    expected = {p.name[: -len(".expected.json")] for p in FIXTURES.glob("*.expected.json")}
    assert pages == expected


@pytest.mark.parametrize(("page", "spec"), _cases())
def test_fixture(page: Path, spec: dict[str, Any]) -> None:
    result = parse_bytes(page.read_bytes(), page.name)
    errs: list[str] = []
    codes = sorted(d.code for d in result.diagnostics)
    if codes != sorted(spec.get("diagnostics", [])):
        errs.append(f"diagnostics: expected {sorted(spec.get('diagnostics', []))}, got {codes}: "
                    + "; ".join(f"{d.source.line} {d.code} {d.message}" for d in result.diagnostics))
    for d in result.diagnostics:
        if d.source.file != page.name or d.source.line < 1:
            errs.append(f"diagnostic {d.code} has a bad source {d.source}")
    if "operation" in spec:
        if spec["operation"] is None:
            if result.operation is not None:
                errs.append(f"operation: expected none, got {result.operation.id}")
        elif result.operation is None:
            errs.append("operation: expected one, got none")
        else:
            errs.extend(_match(spec["operation"], _plain(result.operation), "operation"))
    if "types" in spec:
        errs.extend(_match(spec["types"], _plain(result.types), "types"))
    assert not errs, "\n".join(errs)


# --- module-level checks that read better as code than as fixtures ------------------------------


@pytest.mark.parametrize(
    ("line", "method", "path", "query", "params"),
    [
        ("GET policies/activityBasedTimeoutPolicies", "GET", "/policies/activityBasedTimeoutPolicies", None, []),
        ("GET https://graph.microsoft.com/v1.0/sites/{site-id}/lists?expand=columns", "GET", "/sites/{site-id}/lists", "expand=columns", ["site-id"]),
        ("GET /users/{id | userPrincipalName}/photo/$value", "GET", "/users/{id}/photo/$value", None, ["id"]),
        ("GET /me/drive/items/{id}/workbook/worksheets/{id|name}/range(<address>)", "GET", "/me/drive/items/{id}/workbook/worksheets/{id}/range({address})", None, ["id", "id", "address"]),
        ("GET /security/alerts?$filter={property} eq '{property-value}'", "GET", "/security/alerts", "$filter={property} eq '{property-value}'", []),
        ("GET /users/{user-id} | user-principal-name/chats/{chat-id}", "GET", "/users/{user-id}/chats/{chat-id}", None, ["user-id", "chat-id"]),
        ("get /me HTTP/1.1", "GET", "/me", None, []),
        ("GET ../onenote/pages/{id}/content", "GET", "/onenote/pages/{id}/content", None, ["id"]),
        ("GET /groups?$filter=a eq 'x' or b eq 'y'", "GET", "/groups", "$filter=a eq 'x' or b eq 'y'", []),
    ],
)
def test_request_line(line: str, method: str, path: str, query: str | None, params: list[str]) -> None:
    diags: list = []
    reqs, headers = http.parse_block(line, 1, "x.md", diags)
    assert [(r.method, r.path, r.query, r.path_parameters) for r in reqs] == [(method, path, query, params)]
    assert headers == []
    assert not [d for d in diags if d.code == "DG302"]


def test_whole_path_alternatives() -> None:
    reqs, _ = http.parse_block("GET /me/events | /users/{id | userPrincipalName}/events?$top=5", 3, "x.md", [])
    assert [(r.path, r.query, r.path_parameters) for r in reqs] == [("/me/events", None, []), ("/users/{id}/events", "$top=5", ["id"])]


def test_request_block_headers_or_lines_and_junk() -> None:
    diags: list = []
    text = "GET /me/joinedTeams\nor\nGET /users/{id}/joinedTeams\nworkbook-session-id: {session-id}\nthis is not a request\n"
    reqs, headers = http.parse_block(text, 10, "x.md", diags)
    assert [(r.path, r.source.line) for r in reqs] == [("/me/joinedTeams", 10), ("/users/{id}/joinedTeams", 12)]
    assert headers == [("workbook-session-id", "{session-id}", 13)]
    assert [(d.code, d.source.line) for d in diags] == [("DG302", 14)]


def test_version_of() -> None:
    assert http.version_of("https://graph.microsoft.com/v1.0/me") == "v1.0"
    assert http.version_of("https://graph.microsoft.com/beta/me") == "beta"
    assert http.version_of("/me") is None


@pytest.mark.parametrize(
    ("text", "value", "strict"),
    [
        ('{"a": 1}', {"a": 1}, True),
        ('{"a": 1,}', {"a": 1}, False),
        ('{"a": [1, 2,],\n}', {"a": [1, 2]}, False),
        ('{\n  "when": 2018-04-01T12:39:16Z,\n  "n": null\n}', {"when": "2018-04-01T12:39:16Z", "n": None}, False),
        ('{\n  "e": {\n    - "protocol": "sharedSecret",\n    "secret": "s"\n  }\n}', {"e": {"protocol": "sharedSecret", "secret": "s"}}, False),
        ('{\n  "a": "x", /* relationships */\n  "b": [{"@odata.type": "t"}] // c\n}', {"a": "x", "b": [{"@odata.type": "t"}]}, False),
        ('{\u201ca\u201d: \u201cb\u201d}', {"a": "b"}, False),
        ('{\n  "a": 1,\n  ...\n}', {"a": 1}, False),
        ('{"url": "http://x/y", "p": "a/*b*/c"}', {"url": "http://x/y", "p": "a/*b*/c"}, True),
        ('{\n  "id": "x"\n  "ok": true\n}', {"id": "x", "ok": True}, False),
        ("[{'t': '#p', 'c': '<img src=\"u\" />'},]", [{"t": "#p", "c": '<img src="u" />'}], False),
        ('{"code": ""internalError", "n": 1}', {"code": "internalError", "n": 1}, False),
        ('{"id": "users(\'a\')/messages\n(\'b\')"}', {"id": "users('a')/messages\n('b')"}, False),
        ("<bytes 0-25 of the file>", None, False),
        ('{"a": ', None, False),
    ],
)
def test_lenient_json(text: str, value: Any, strict: bool) -> None:
    assert lenient_json.loads(text) == (value, strict)


def test_lenient_json_never_raises_on_deep_nesting() -> None:
    assert lenient_json.loads("[" * 100000)[0] is None


@pytest.mark.parametrize(
    ("cell", "order", "scopes", "status"),
    [
        ("User.Read, User.ReadWrite.All", "least_to_most", ["User.Read", "User.ReadWrite.All"], "supported"),
        ("User.ReadWrite.All, User.Read", "most_to_least", ["User.Read", "User.ReadWrite.All"], "supported"),
        ("Not supported.", "least_to_most", [], "not_supported"),
        ("Not supported", "least_to_most", [], "not_supported"),
        ("Not applicable", "least_to_most", [], "not_applicable"),
        ("None.", "least_to_most", [], "not_applicable"),
        ("n/a", "least_to_most", [], "not_applicable"),
        ("None of the above: User.Read", "least_to_most", ["User.Read"], "supported"),
        ("**TODO: Determine scopes **", "most_to_least", [], "todo"),
        ("", "least_to_most", [], "unspecified"),
    ],
)
def test_scopes_of(cell: str, order: str, scopes: list[str], status: str) -> None:
    assert permissions.scopes_of(cell, order) == (scopes, status)  # type: ignore[arg-type]


def test_permission_list_item() -> None:
    diags: list = []
    reader = permissions.PermissionReader("x.md", diags)
    reader.list_item(Para("Profile photo of a **group** - Group.ReadWrite.All", 7, item=True))
    [p] = reader.out
    assert (p.context, p.scopes, p.status, p.source.line) == ("Profile photo of a group", ["Group.ReadWrite.All"], "supported", 7)


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("User.Read, User.ReadWrite", [(None, "User.Read, User.ReadWrite")]),
        ("User.Read<br/>User.ReadWrite", [(None, "User.Read<br/>User.ReadWrite")]),
        ("**TODO: Determine scopes **", [(None, "**TODO: Determine scopes **")]),
        ("For **user** resource:<br/>User.Read<br /><br />For **group** resource:<br />Group.Read.All",
         [("user resource", "User.Read"), ("group resource", "Group.Read.All")]),
        ("In teams: TeamMember.ReadWrite.All<br/>In channels:  ChannelMember.ReadWrite.All",
         [("teams", "TeamMember.ReadWrite.All"), ("channels", "ChannelMember.ReadWrite.All")]),
    ],
)
def test_permission_scenarios(cell: str, expected: list) -> None:
    assert permissions.scenarios(cell) == expected


@pytest.mark.parametrize("page", sorted(p for p in FIXTURES.iterdir() if not p.name.endswith(".expected.json")), ids=lambda p: p.stem)
def test_every_prefix_of_a_fixture_parses(page: Path) -> None:
    """Truncated anywhere (mid-line, mid-fence, mid-annotation, mid-character), a page still gives
    a result and diagnostics with a real source line, never an exception."""
    data = page.read_bytes()
    for cut in sorted({len(data) * k // 12 for k in range(12)} | {1, 2, 3}):
        result = parse_bytes(data[:cut], page.name)
        assert all(d.source.line >= 1 and d.source.file == page.name for d in result.diagnostics)


def test_comment_sections() -> None:
    text = '{\n  "a": "String", // own\n  "b": 1,\n  /* relationships */\n  "c": {"d": 1, /* inner */ "e": 2},\n  "f": "http://x//y",\n  // inherited from baseItem\n  "id": "String"\n}'
    assert lenient_json.comment_sections(text) == {"c": "relationships", "f": "relationships", "id": "inherited from baseitem"}
