"""The real corpus: every page of the Microsoft Graph v1.0 reference (July 2021) parses without an
exception, and the pages the corpus README names as "worth a test" give what they state at the
lines it names. The corpus lives outside the project (/work/shared/corpus/graph-v1.0); the module
is skipped when it is absent. Parsed once per session (~7 s)."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.ir.model import Document, Operation, Type
from docgen.pipeline import find_specs, parse_bytes

CORPUS = Path(__file__).parents[1].parent / "shared/corpus/graph-v1.0"
DOCS = CORPUS / "docs"


@pytest.fixture(scope="module")
def corpus() -> dict[str, object]:
    if not DOCS.is_dir():
        pytest.skip(f"Graph v1.0 corpus not found at {DOCS} (it is test data kept outside the project)")
    results: dict[str, object] = {}
    errors: list[str] = []
    for path in find_specs([DOCS]):
        name = path.relative_to(DOCS).as_posix()
        try:
            results[name] = parse_bytes(path.read_bytes(), name)
        except Exception as e:  # noqa: BLE001 - the point is to count them
            errors.append(f"{name}: {type(e).__name__}: {e}")
    results["__errors__"] = errors
    return results


def _op(corpus: dict, name: str) -> Operation:
    op = corpus[name].operation
    assert op is not None, f"{name}: no operation"
    return op


def _type(corpus: dict, name: str, type_name: str) -> Type:
    found = [t for t in corpus[name].types if t.name == type_name]
    assert found, f"{name}: no type {type_name}: {[t.name for t in corpus[name].types]}"
    return found[0]


def _codes(corpus: dict, name: str) -> list[str]:
    return [d.code for d in corpus[name].diagnostics]


def test_every_page_parses(corpus: dict) -> None:
    assert corpus["__errors__"] == []
    assert len(corpus) - 1 > 3000  # 2,102 API + 1,239 resource pages


def test_every_api_page_gives_an_operation(corpus: dict) -> None:
    missing = [n for n in corpus if n.startswith("api/") and corpus[n].operation is None]
    assert missing == []


def test_table_markdown_it_drops(corpus: dict) -> None:  # api/authentication-list-methods.md:32
    op = _op(corpus, "api/authentication-list-methods.md")
    assert "DG501" in _codes(corpus, "api/authentication-list-methods.md")
    work = [p for p in op.permissions if p.type == "delegated_work" and p.source.line == 34]
    assert work and work[0].scopes == ["UserAuthenticationMethod.Read.All", "UserAuthenticationMethod.ReadWrite.All"]
    assert work[0].context == "Permissions acting on other users"


def test_transposed_permissions(corpus: dict) -> None:  # api/attachment-delete.md:19
    op = _op(corpus, "api/attachment-delete.md")
    contexts = {p.context for p in op.permissions}
    assert {"event", "message", "post"} <= contexts
    post = {p.type: p for p in op.permissions if p.context == "post"}
    assert post["delegated_work"].scopes == ["Group.ReadWrite.All"]
    assert post["delegated_personal"].status == "not_supported"
    assert post["application"].status == "not_supported"


def test_todo_scopes(corpus: dict) -> None:  # api/intune-cirrus-officeclientconfigurationassignment-delete.md:25
    name = "api/intune-cirrus-officeclientconfigurationassignment-delete.md"
    op = _op(corpus, name)
    assert [(p.type, p.status, p.order) for p in op.permissions] == [
        ("delegated_work", "todo", "most_to_least"),
        ("delegated_personal", "not_supported", "most_to_least"),
        ("application", "todo", "most_to_least"),
    ]
    assert _codes(corpus, name).count("DG402") == 2


def test_permissions_as_list(corpus: dict) -> None:  # api/profilephoto-update.md:25
    op = _op(corpus, "api/profilephoto-update.md")
    by_context = {p.context: p.scopes for p in op.permissions}
    assert by_context["Profile photo of the signed-in user"] == ["User.ReadWrite", "User.ReadWrite.All"]
    assert by_context["Profile photo of a group"] == ["Group.ReadWrite.All"]
    assert by_context["Photo of a contact"] == ["Contacts.ReadWrite"]


def test_no_http_request_section(corpus: dict) -> None:  # api/chat-post-members.md
    op = _op(corpus, "api/chat-post-members.md")
    assert [(r.method, r.path) for r in op.requests] == [("POST", "/chats/{chat-id}/members")]
    assert "DG301" not in _codes(corpus, "api/chat-post-members.md")


def test_paths_under_task_headings(corpus: dict) -> None:  # api/site-get.md:36, api/drive-get.md:34
    site = {r.path for r in _op(corpus, "api/site-get.md").requests}
    assert {"/sites/root", "/sites/contoso.sharepoint.com", "/groups/{group-id}/sites/root"} <= site
    drive = {r.path for r in _op(corpus, "api/drive-get.md").requests}
    assert {"/me/drive", "/users/{idOrUserPrincipalName}/drive", "/groups/{groupId}/drive", "/sites/{siteId}/drive", "/drives/{drive-id}"} <= drive


def test_no_leading_slash(corpus: dict) -> None:  # api/activitybasedtimeoutpolicy-list.md:33
    [req] = _op(corpus, "api/activitybasedtimeoutpolicy-list.md").requests
    assert (req.method, req.path, req.source.line) == ("GET", "/policies/activityBasedTimeoutPolicies", 33)


def test_absolute_url(corpus: dict) -> None:  # api/list-get.md:30
    reqs = _op(corpus, "api/list-get.md").requests
    assert [(r.path, r.query) for r in reqs] == [
        ("/sites/{site-id}/lists/{list-id}", None),
        ("/sites/{site-id}/lists/{list-title}", None),
        ("/sites/{site-id}/lists/{list-id}", "expand=columns,items(expand=fields)"),
    ]


def test_id_or_name_and_range_address(corpus: dict) -> None:  # api/formatprotection-get.md:29
    paths = [r.path for r in _op(corpus, "api/formatprotection-get.md").requests]
    assert "/me/drive/items/{id}/workbook/worksheets/{id}/range({address})/format/protection" in paths
    assert "/me/drive/root:/{item-path}:/workbook/tables/{id}/columns/{id}/range/format/protection" in paths


def test_query_with_spaces_and_quotes(corpus: dict) -> None:  # api/alert-list.md:33
    reqs = _op(corpus, "api/alert-list.md").requests
    assert {r.path for r in reqs} == {"/security/alerts"}
    assert "$filter={property} eq '{property-value}'&$top=5" in [r.query for r in reqs]


def test_alternation_outside_braces(corpus: dict) -> None:  # api/chat-get-members.md:41
    paths = [r.path for r in _op(corpus, "api/chat-get-members.md").requests]
    assert paths == ["/chats/{chat-id}/members/{membership-id}", "/users/{user-id}/chats/{chat-id}/members/{membership-id}"]


def test_or_line(corpus: dict) -> None:  # api/user-list-joinedteams.md:35
    reqs = _op(corpus, "api/user-list-joinedteams.md").requests
    assert [r.path for r in reqs] == ["/me/joinedTeams", "/users/{id}/joinedTeams"]
    assert "DG302" not in _codes(corpus, "api/user-list-joinedteams.md")


def test_header_in_request_block(corpus: dict) -> None:  # api/workbook-closesession.md:30
    op = _op(corpus, "api/workbook-closesession.md")
    assert len(op.requests) == 2
    assert ("workbook-session-id", "{session-id}") in [(h.name, h.value) for h in op.headers]
    assert "DG302" not in _codes(corpus, "api/workbook-closesession.md")


def test_http_201_without_version(corpus: dict) -> None:  # api/event-post-attachments.md:124
    op = _op(corpus, "api/event-post-attachments.md")
    resp = [e.response for e in op.examples if e.response and e.response.source.line == 124]
    assert resp and resp[0].status == 201


def test_response_block_holding_request(corpus: dict) -> None:  # api/message-createforward.md:140
    op = _op(corpus, "api/message-createforward.md")
    reqs = [e for e in op.examples if e.request and e.request.source.line == 140]
    assert reqs and reqs[0].request.method == "POST"
    assert reqs[0].response is not None and reqs[0].response.status == 201


def test_unannotated_intune_example(corpus: dict) -> None:  # api/intune-apps-mobileappcategory-get.md:54
    op = _op(corpus, "api/intune-apps-mobileappcategory-get.md")
    [e] = op.examples
    assert e.request.method == "GET" and e.request.path == "/deviceAppManagement/mobileAppCategories/{mobileAppCategoryId}"
    assert e.response.status == 200
    assert e.response.body["value"]["@odata.type"] == "#microsoft.graph.mobileAppCategory"


def test_unquoted_datetime(corpus: dict) -> None:  # api/directory-deleteditems-user-owned.md:98
    op = _op(corpus, "api/directory-deleteditems-user-owned.md")
    bodies = [e.response.body for e in op.examples if e.response and isinstance(e.response.body, dict)]
    assert any(v.get("deletedDateTime") == "2018-04-01T12:39:16Z" for b in bodies for v in b.get("value", []))
    assert "DG601" in _codes(corpus, "api/directory-deleteditems-user-owned.md")


def test_list_marker_inside_json(corpus: dict) -> None:  # api/workforceintegration-update.md:152
    op = _op(corpus, "api/workforceintegration-update.md")
    bodies = [e.request.body for e in op.examples if e.request and isinstance(e.request.body, dict)]
    assert {"protocol": "sharedSecret", "secret": "My Secret"} in [b.get("encryption") for b in bodies]


def test_bytes_placeholder_body(corpus: dict) -> None:  # api/driveitem-createuploadsession.md:158
    op = _op(corpus, "api/driveitem-createuploadsession.md")
    reqs = [e.request for e in op.examples if e.request and e.request.body_text == "<bytes 0-25 of the file>"]
    assert reqs and reqs[0].body is None and reqs[0].method == "PUT"
    assert not [d for d in corpus["api/driveitem-createuploadsession.md"].diagnostics if d.code == "DG602" and d.source.line == 158]


def test_annotation_trailing_comma(corpus: dict) -> None:  # api/b2xidentityuserflow-put-apiconnectorconfiguration.md:104
    name = "api/b2xidentityuserflow-put-apiconnectorconfiguration.md"
    assert 104 in [d.source.line for d in corpus[name].diagnostics if d.code == "DG604"]
    assert [e.response.status for e in _op(corpus, name).examples if e.response][0] == 204


def test_resource_json_representation(corpus: dict) -> None:  # resources/driveitem.md:116
    t = _type(corpus, "resources/driveitem.md", "driveItem")
    assert (t.namespace, t.base, t.key, t.open_type) == ("microsoft.graph", "microsoft.graph.baseItem", "id", True)
    rels = {p.name: p for p in t.relationships}
    assert {"children", "permissions", "thumbnails", "versions", "listItem", "workbook"} <= set(rels)
    assert rels["children"].collection and rels["children"].type == "driveItem"
    assert {"audio", "cTag", "file", "folder", "size", "webDavUrl"} <= {p.name for p in t.properties}


def test_enum_tables_under_one_page(corpus: dict) -> None:  # resources/enums.md:22
    types = {t.name: t for t in corpus["resources/enums.md"].types}
    assert [m.name for m in types["lifecycleEventType"].members] == ["missed", "subscriptionRemoved", "reauthorizationRequired"]
    assert [m.name for m in types["externalEmailOtpState"].members] == ["default", "enabled", "disabled", "unknownFutureValue"]
    assert all(t.kind == "enum" for t in types.values())
    assert len(types) > 20


def test_204_comma_no_content(corpus: dict) -> None:  # api/agreement-delete.md:39
    assert _op(corpus, "api/agreement-delete.md").response.status == 204


def test_misspelt_doc_type(corpus: dict) -> None:  # resources/schedule.md:7
    assert "DG203" in _codes(corpus, "resources/schedule.md")
    t = _type(corpus, "resources/schedule.md", "schedule")
    assert {"enabled", "timeZone"} <= {p.name for p in t.properties}


def test_scenarios_in_one_scopes_cell(corpus: dict) -> None:  # api/profilephoto-get.md:31, `For **x** resource:<br/>`
    perms = {(p.type, p.context): p.scopes for p in _op(corpus, "api/profilephoto-get.md").permissions}
    assert perms[("delegated_work", "group resource")] == ["Group.Read.All", "Group.ReadWrite.All"]
    assert perms[("application", "contact resource")] == ["Contacts.Read", "Contacts.ReadWrite"]


def test_one_response_for_named_requests(corpus: dict) -> None:  # api/drive-get.md:220, "name": [list]
    op = _op(corpus, "api/drive-get.md")
    assert [e.name for e in op.examples] == ["get-drive-default", "get-drive-by-user", "get-drive-by-group", "get-drive-by-site-id", "get-drive-by-id"]
    assert all(e.response is not None and e.response.status == 200 and not e.diagnostics for e in op.examples)


def test_invariants_over_every_page(corpus: dict) -> None:
    """What must hold on every page, whatever it says: normalised request paths, known permission
    types (or a DG403 at that row), scopes only with a 'supported' status, examples with a side."""
    problems: list[str] = []
    known = {"delegated_work", "delegated_personal", "application", "unspecified"}
    for name, result in corpus.items():
        if name == "__errors__" or result.operation is None:
            continue
        op = result.operation
        dg403 = {d.source.line for d in result.diagnostics if d.code == "DG403"}
        for r in op.requests:
            if not r.path.startswith("/") or any(c in r.path for c in " \t<>") or r.path.count("{") != r.path.count("}"):
                problems.append(f"{name}:{r.source.line} request path {r.path!r}")
            if r.path_parameters != [p for p in r.path_parameters if "{" + p + "}" in r.path]:
                problems.append(f"{name}:{r.source.line} parameters {r.path_parameters} not in {r.path!r}")
        for p in op.permissions:
            if p.type not in known and p.source.line not in dg403:
                problems.append(f"{name}:{p.source.line} permission type {p.type!r} without DG403")
            if p.scopes and p.status != "supported":
                problems.append(f"{name}:{p.source.line} scopes {p.scopes} with status {p.status}")
        for e in op.examples:
            if e.request is None and e.response is None:
                problems.append(f"{name}: example {e.name!r} has neither side")
            if e.request is not None and not (e.request.method and e.request.path is not None):
                problems.append(f"{name}: example {e.name!r} request without method/path")
    assert problems == []
