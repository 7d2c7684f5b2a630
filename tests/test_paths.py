"""The one request-line matcher (docgen.ir.paths): holes, functions, aliases, $count and casts."""

from __future__ import annotations

import pytest

from docgen.ir.paths import Suffix, call_match, canonical, path_matches, request_matches, split_path


@pytest.mark.parametrize(
    "path, segments",
    [
        ("/users/{id}/drive", ["users", "{id}", "drive"]),
        ("/me/drive/root:/{item-path}:/content", ["me", "drive", "root:/{item-path}:", "content"]),
        ("/me/drive/root:/FolderA/FileB.txt:/content", ["me", "drive", "root:/FolderA/FileB.txt:", "content"]),
        ("/drives/{drive-id}/root:/{item-path}", ["drives", "{drive-id}", "root:/{item-path}"]),
        # a colon inside a segment (chat ids) is not path addressing
        ("/chats/19:abc@thread.v2/members", ["chats", "19:abc@thread.v2", "members"]),
        ("/", []),
    ],
)
def test_split_path(path, segments):
    assert split_path(path) == segments


def test_canonical_aliases():
    assert canonical(["me", "messages"]) == ["users", "{}", "messages"]
    assert canonical(["drive", "root", "children"]) == ["users", "{}", "drive", "items", "{}", "children"]
    assert canonical(["Education", "Me", "classes"]) == ["education", "users", "{}", "classes"]
    assert canonical(["drives", "b!x", "root:/a/b.txt:", "content"]) == ["drives", "b!x", "items", "{}", "content"]
    # "root" is an item only below a drive
    assert canonical(["sites", "root"]) == ["sites", "root"]


@pytest.mark.parametrize(
    "template, concrete, expected",
    [
        ("/users/{id}", "/users/42", Suffix()),
        ("/users/{id}/assignLicense", "/me/assignLicense", Suffix()),
        ("/me/messages/{id}", "/users/jdoe@contoso.com/messages/AAMk=", Suffix()),
        ("/users/me/messages/{id}/replyAll", "/me/messages/AAMk/replyAll", Suffix()),
        ("/me/drive/items/{id}/workbook/comments", "/drive/items/01ABC/workbook/comments", Suffix()),
        ("/me/drive/items/{item-id}/children", "/me/drive/root/children", Suffix()),
        ("/drives/{drive-id}/items/{item-id}/children", "/drives/b!x/root:/docs/a:/children", Suffix()),
        ("/me/drive/root:/{item-path}:/content", "/me/drive/items/01ABC/content", Suffix()),
        ("/users/{id}/calendarView", "/USERS/42/CALENDARVIEW", Suffix()),
        ("/users/{id}/reminderView(startDateTime=s,endDateTime=e)", "/me/reminderView(startDateTime='1',endDateTime='2')", Suffix()),
        ("/users", "/users/$count", Suffix(count=True)),
        ("/groups/{id}/members", "/groups/1/members/microsoft.graph.user", Suffix(cast="microsoft.graph.user")),
        ("/groups/{id}/members", "/groups/1/members/microsoft.graph.user/$count", Suffix("microsoft.graph.user", True)),
        # not the same request
        ("/me/messages/{id}/attachments", "/me/events/1/attachments", None),
        ("/groups/{id}/memberOf", "/devices/1/memberOf/microsoft.graph.group/$count", None),
        ("/users/{id}", "/users/1/photo", None),
        ("/me/drive/root/search(q='{q}')", "/me/drive/search(q='x')", None),
        ("/users", "/users/microsoft.graph.nosuch.thing.$count", None),
    ],
)
def test_path_matches(template, concrete, expected):
    assert path_matches(template, concrete) == expected


def test_suffixes_are_read_only():
    assert request_matches("GET", "/users", "GET", "/users/$count")
    assert not request_matches("DELETE", "/groups/{id}/members", "DELETE", "/groups/1/members/microsoft.graph.user")
    assert request_matches("POST", "/users/{id}/checkMemberGroups", "POST", "/me/checkMemberGroups")
    assert not request_matches("POST", "/users", "GET", "/users")
    assert not request_matches("GET", "/users", "GET", None)


@pytest.mark.parametrize(
    "template, concrete",
    [
        ("/domains/contoso.com/serviceConfigurationRecords", "/domains/{domain-name}/serviceConfigurationRecords"),
        ("/me/drive/items/{id}/workbook/names/{name}/range/cell", "/me/drive/items/1/workbook/names/n/range/cell(row=5,column=6)"),
        ("/me/drive/root/delta", "/me/drive/root/delta(token='abc')"),
        ("/x/resizedRange(deltaRows={n},deltaColumns={n})", "/x/resizedRange(deltaRows=1, deltaColumns=2)"),
    ],
)
def test_what_the_client_cannot_send_as_written_does_not_match(template, concrete):
    """A placeholder against a literal, arguments the request line lacks, different spacing."""
    assert path_matches(template, concrete) is None


def test_placeholder_arguments_are_holes():
    assert path_matches("/x/rowsAbove(count=n)", "/x/rowsAbove(count=2)") == Suffix()
    assert path_matches("/x/range(address='{address}')", "/x/RANGE(address='A1:B2')") == Suffix()
    assert path_matches("/x/rowsAbove(count=n)", "/x/rowsAbove") is None


@pytest.mark.parametrize(
    "path, params, bound",
    [
        ("/me/drive/root/delta", [("token", False, True)], "/me/drive/root/delta(token='{token?}')"),
        ("/x/cell", [("row", True, False), ("column", False, False)], "/x/cell(row={row},column={column?})"),
        ("/x/rowsAbove(count=n)", [("count", False, False)], "/x/rowsAbove(count={count?})"),
        ("/x/rowsAbove(count=n)", [("count", True, False)], "/x/rowsAbove(count={count})"),
        ("/x/{id}", [("a", False, False)], "/x/{id}"),  # a key, not a function
        ("/x/photo/$value", [("a", False, False)], "/x/photo/$value"),
        ("/x/delta", [], "/x/delta"),
    ],
)
def test_bind_function(path, params, bound):
    """A page's function parameters (name, required, a string?) bound into its one request line."""
    from docgen.ir.model import Operation, Parameter, RequestLine
    from docgen.ir.paths import bound_requests

    parameters = [Parameter(n, "function", "Edm.String" if q else "Edm.Int32", required=r) for n, r, q in params]
    op = Operation(id="x", title="x", requests=[RequestLine("GET", path)], parameters=parameters)
    assert [r.path for r in bound_requests(op)] == [bound]


@pytest.mark.parametrize(
    "concrete, values",
    [
        ("getJobs(groupId='g',start=<t>)", {"groupId": "g", "start?": "<t>"}),
        ("getJobs(groupId='g')", {"groupId": "g"}),
        ("GETJOBS(groupId='g',end=2)", {"groupId": "g", "end?": "2"}),
        ("getJobs(start=1)", None),  # the required argument is missing
        ("getJobs(groupId='g',other=1)", None),  # an argument the function does not take
        ("getJobs(start=1,groupId='g')", None),  # out of order: the client would send another path
        ("getJobs", None),
        ("getOther(groupId='g')", None),
    ],
)
def test_call_match(concrete, values):
    assert call_match("getJobs(groupId='{groupId}',start={start?},end={end?})", concrete) == values


def test_bare_and_empty_calls():
    assert call_match("delta(token='{token?}')", "delta") == {}
    assert call_match("delta(token='{token?}')", "delta()") is None  # the client sends the bare name


def test_alternative_lines_of_one_function_share_one_signature():
    from docgen.ir.model import Operation, Parameter, RequestLine
    from docgen.ir.paths import bound_requests

    op = Operation(
        id="x",
        title="x",
        requests=[
            RequestLine("GET", "/reports/getX(period='{period_value}')"),
            RequestLine("GET", "/reports/getX(date={date_value})"),
        ],
        parameters=[
            Parameter("period", "function", "Edm.String", required=True),
            Parameter("date", "function", "Edm.Date", required=True),
            Parameter("format", "function", "Edm.String", required=False),
        ],
    )
    expected = "/reports/getX(period='{period?}',date={date?},format='{format?}')"
    assert [r.path for r in bound_requests(op)] == [expected, expected]
    # pages whose lines end in different names document something else with the table
    op.requests.append(RequestLine("GET", "/reports/getY"))
    assert [r.path for r in bound_requests(op)][:2] == ["/reports/getX(period='{period_value}')", "/reports/getX(date={date_value})"]
