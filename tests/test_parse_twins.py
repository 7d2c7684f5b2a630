"""Plain text copied from the published site gives the same IR as its Markdown twin."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import SEED_TXT_USERS
from docgen.ir.serialize import to_data
from docgen.parse import plaintext
from docgen.parse.blocks import Heading, Para, Table
from docgen.pipeline import parse_file

TWINS = Path(__file__).parent / "fixtures" / "twins"
# what only Markdown can say (annotations) or that is positional by nature
POSITIONAL = {"source", "sources", "raw", "line"}


def comparable(value):
    if isinstance(value, dict):
        return {k: comparable(v) for k, v in value.items() if k not in POSITIONAL}
    if isinstance(value, list):
        return [comparable(v) for v in value]
    return value


def op_data(path: Path) -> dict:
    result = parse_file(path)
    assert result.operation is not None
    data = to_data(result.operation)
    data.pop("id")  # the file stem
    return data


def test_handwritten_twin_pair_gives_identical_ir():
    md, txt = op_data(TWINS / "update-widget.md"), op_data(TWINS / "update-widget.txt")
    # the example's name comes from the Markdown annotation only; everything else must agree
    assert md["examples"][0].pop("name") == "update_widget"
    assert txt["examples"][0].pop("name") == "example1"
    assert comparable(md) == comparable(txt)


def test_twin_pair_reads_what_the_page_states():
    data = op_data(TWINS / "update-widget.txt")
    assert [(r["method"], r["path"]) for r in data["requests"]] == [
        ("PATCH", "/widgets/{widget-id}"),
        ("PATCH", "/users/{id}/widgets/{widget-id}"),
    ]
    assert [(p["type"], p["context"], p["scopes"]) for p in data["permissions"]] == [
        ("delegated_work", "Gadgets", ["Widget.ReadWrite", "Widget.ReadWrite.All"]),
        ("delegated_work", "Gizmos", ["Gizmo.ReadWrite.All"]),
        ("delegated_personal", None, []),
        ("application", None, ["Widget.ReadWrite.All"]),
    ]
    assert data["query_options"] == ["$select"]
    body = data["request_body"]
    assert body["type"] == "widget"
    assert [(p["name"], p["type"], p["collection"], p["required"]) for p in body["properties"]] == [
        ("displayName", "Edm.String", False, True),
        ("sizes", "Edm.Int32", True, None),
        ("owner", "identitySet", False, False),
    ]
    assert (data["response"]["status"], data["response"]["type"]) == (200, "widget")
    assert data["examples"][0]["response"]["truncated"] is True


def test_seed_003_matches_its_markdown_source_in_the_corpus(corpus):
    """Seed 003 is a later copy of api/user-post-users.md: same method, path, permission rows and
    request-body parameters. (The page gained/lost content between the two versions: the older
    Markdown also lists Directory.AccessAsUser.All, and its example uses other addresses.)"""
    txt = op_data(SEED_TXT_USERS)
    md = op_data(corpus / "docs" / "api" / "user-post-users.md")
    assert comparable(txt["requests"]) == comparable(md["requests"])
    assert [(p["type"], p["context"], p["status"], p["order"]) for p in txt["permissions"]] == [
        (p["type"], p["context"], p["status"], p["order"]) for p in md["permissions"]
    ]
    for t, m in zip(txt["permissions"], md["permissions"]):
        assert t["scopes"] == m["scopes"][: len(t["scopes"])]
    strip = lambda ps: [(p["name"], p["type"], p["collection"]) for p in ps]  # noqa: E731
    assert strip(txt["request_body"]["properties"]) == strip(md["request_body"]["properties"])
    assert txt["request_body"]["type"] == md["request_body"]["type"] == "user"
    assert [e["name"] for e in txt["examples"]] == [e["name"] for e in md["examples"]]
    assert [(e["request"]["method"], e["request"]["path"], e["response"]["status"]) for e in txt["examples"]] == [
        (e["request"]["method"], e["request"]["path"], e["response"]["status"]) for e in md["examples"]
    ]


def test_todays_page_with_includes_and_its_plain_text_give_identical_ir():
    """get-gizmo.md takes its permissions and availability from includes (includes/); the site's
    plain text has them inlined (the availability table, the least/higher privileged table)."""
    md, txt = op_data(TWINS / "get-gizmo.md"), op_data(TWINS / "get-gizmo.txt")
    # annotation-only facts: the example's name and the response's @odata.type
    assert md["examples"][0].pop("name") == "get_gizmo"
    assert txt["examples"][0].pop("name") == "example1"
    assert md["examples"][0]["response"].pop("odata_type") == "microsoft.graph.gizmo"
    assert txt["examples"][0]["response"].pop("odata_type") is None
    assert comparable(md) == comparable(txt)
    assert md["national_clouds"] == ["global"]
    assert [(p["type"], p["status"], [(a["scopes"], a["least_privileged"]) for a in p["alternatives"]]) for p in txt["permissions"]] == [
        ("delegated_work", "supported", [(["Gizmo.Read"], True), (["Gizmo.ReadWrite"], False), (["Gizmo-Admin.Read.All"], False)]),
        ("delegated_personal", "not_supported", []),
        ("application", "supported", [(["Gizmo.Read.All", "Directory.Read.All"], True), (["Gizmo.ReadWrite.All"], False)]),
    ]
    assert md["no_request_body"] is True


def perm_rows(data: dict) -> list[tuple]:
    return [
        (p["type"], p["context"], p["status"], [(a["scopes"], a["least_privileged"]) for a in p["alternatives"]])
        for p in data["permissions"]
    ]


def page_result(tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return parse_file(path)


SPROCKET_SCENARIOS = "Permissions for specific scenarios"


def test_specific_scenarios_list_in_plain_text_gives_the_markdown_ir():
    """get-sprocket.md: a least/higher include, a note of two bullets, and a "Permissions for
    specific scenarios" list (an item ending in ':' with two "In delegated/app-only scenarios"
    sub-items, an "X is the least privileged permission" item, an "A + B" combination). The
    site's copy has the heading as a bare line and the items one a line, without bullets."""
    md, txt = op_data(TWINS / "get-sprocket.md"), op_data(TWINS / "get-sprocket.txt")
    assert md["examples"][0].pop("name") == "get_sprocket"
    assert txt["examples"][0].pop("name") == "example1"
    assert md["examples"][0]["response"].pop("odata_type") == "microsoft.graph.sprocket"
    assert txt["examples"][0]["response"].pop("odata_type") is None
    assert comparable(md) == comparable(txt)
    serial = f"{SPROCKET_SCENARIOS} / To read the serialNumber property"
    assert perm_rows(txt) == [
        ("delegated_work", None, "supported", [(["Sprocket.Read"], True), (["Sprocket.ReadWrite.All"], False)]),
        ("delegated_personal", None, "not_supported", []),
        ("application", None, "supported", [(["Sprocket.Read.All"], True), (["Sprocket.ReadWrite.All"], False)]),
        ("delegated_work", serial, "supported", [(["Sprocket-Serial.Read.All"], False)]),
        ("application", serial, "supported", [(["Sprocket-Serial.Read.All"], False)]),
        ("unspecified", f"{SPROCKET_SCENARIOS} / to read and write the label property of a sprocket the user owns", "supported",
         [(["Sprocket.ReadWrite.Owned"], True)]),
        ("unspecified", f"{SPROCKET_SCENARIOS} / to read and write the angle property", "supported",
         [(["Sprocket.Rotate.All", "Sprocket.Read.All"], True)]),
    ]
    assert {p["order"] for p in txt["permissions"][3:]} == {"unstated"}


def test_specific_scenarios_items_may_keep_their_bullets(tmp_path):
    """Some copies keep list markers ("•", "◦", "-", "1."): they are dropped, the items read the same."""
    lines = (TWINS / "get-sprocket.txt").read_text(encoding="utf-8").split("\n")
    start, end = lines.index(SPROCKET_SCENARIOS), lines.index("HTTP request")
    markers = iter(["• ", "◦ ", "◦ ", "- ", "1. "])
    marked = [next(markers) + line if i > start and line else line for i, line in enumerate(lines[:end])] + lines[end:]
    result = page_result(tmp_path, "get-sprocket.txt", "\n".join(marked))
    assert perm_rows(to_data(result.operation)) == perm_rows(op_data(TWINS / "get-sprocket.md"))


@pytest.mark.parametrize("section, blocks", [
    ("Permissions", [(Heading, 3, False), (Para, None, True), (Para, None, True)]),
    ("Request body", [(Para, None, False), (Para, None, False), (Para, None, False)]),  # only Permissions has the sub-heading
])
def test_specific_scenarios_heading_opens_a_list_under_permissions_only(section, blocks):
    text = (
        f"Get thing\n\n{section}\n\nPermissions for specific scenarios\n\n"
        "To read the size property:\n• In app-only scenarios, the app must be granted the Thing.Read.All permission.\n"
    )
    read = plaintext.read_blocks(text, "t.txt", [])[2:]
    assert [(type(b), getattr(b, "level", None), getattr(b, "item", False)) for b in read] == blocks
    assert read[-1].raw.startswith("In app-only" if section == "Permissions" else "• In app-only")


def test_two_scope_columns_in_plain_text_give_the_markdown_ir():
    """list-sprocket-keys.md: ``Permission type | Permissions acting on self (...) | Permissions
    acting on others (...)``, an "A and B" alternative, a short row (one cell of two) and a
    "Not applicable." cell. The copy joins header and cells with spaces; the header parts at
    each "Permissions" outside parentheses, a row where two items (scopes, "Not ..." tokens)
    stand apart with white space only."""
    md, txt = op_data(TWINS / "list-sprocket-keys.md"), op_data(TWINS / "list-sprocket-keys.txt")
    assert comparable(md) == comparable(txt)
    assert perm_rows(txt) == [
        ("delegated_work", "acting on self", "supported", [(["SprocketKey.Read"], False), (["SprocketKey.ReadWrite"], False)]),
        ("delegated_work", "acting on others", "supported",
         [(["SprocketKey.Read.All", "Directory.Read.All"], False), (["SprocketKey.ReadWrite.All"], False)]),
        ("delegated_personal", "acting on self", "not_supported", []),
        ("delegated_personal", "acting on others", "unspecified", []),  # the cell the row lacks
        ("application", "acting on self", "not_applicable", []),
        ("application", "acting on others", "supported", [(["SprocketKey-Audit.Read.All"], False)]),
    ]
    assert {p["order"] for p in txt["permissions"]} == {"least_to_most"}
    diags = parse_file(TWINS / "list-sprocket-keys.txt").diagnostics
    assert [(d.code, d.source.line) for d in diags if d.code.startswith(("DG4", "DG5"))] == [("DG502", 13)]


def test_transposed_table_in_plain_text_gives_the_markdown_ir():
    """delete-sprocket-attachment.md: ``Supported resource | Delegated (work or school account) |
    Delegated (personal Microsoft account) | Application``, rows per resource, one cell empty.
    The copy kept tabs, so even the empty cell is where it was. The text before the table says
    its permission "is the least privileged required", so a cell of one alternative is marked
    least privileged (of two, the page does not say which)."""
    md, txt = op_data(TWINS / "delete-sprocket-attachment.md"), op_data(TWINS / "delete-sprocket-attachment.txt")
    assert comparable(md) == comparable(txt)
    assert perm_rows(txt) == [
        ("delegated_work", "sprocket", "supported", [(["Sprocket.ReadWrite"], True)]),
        ("delegated_personal", "sprocket", "supported", [(["Sprocket.ReadWrite"], True)]),
        ("application", "sprocket", "supported", [(["Sprocket.ReadWrite.All"], True)]),
        ("delegated_work", "gear", "supported", [(["Gear.ReadWrite.All"], True)]),
        ("delegated_personal", "gear", "unspecified", []),
        ("application", "gear", "not_supported", []),
        ("delegated_work", "gear set", "supported", [(["GearSet-Admin.ReadWrite.All"], False), (["Gear.ReadWrite.All"], False)]),
        ("delegated_personal", "gear set", "not_supported", []),
        ("application", "gear set", "not_supported", []),
    ]
    assert {p["order"] for p in txt["permissions"]} == {"unstated"}


def test_transposed_table_joined_by_spaces_reads_the_same_but_cannot_place_an_empty_cell(tmp_path):
    """Without tabs the header still parts at its permission types and the rows at their items;
    the row whose empty cell vanished gives its cells in order, the missing one last, and says so
    (DG502) instead of guessing which one it was."""
    text = (TWINS / "delete-sprocket-attachment.txt").read_text(encoding="utf-8").replace("\t\t", "\t").replace("\t", " ")
    result = page_result(tmp_path, "delete-sprocket-attachment.txt", text)
    rows = perm_rows(to_data(result.operation))
    expected = perm_rows(op_data(TWINS / "delete-sprocket-attachment.md"))
    assert rows[:3] == expected[:3] and rows[6:] == expected[6:]
    assert rows[3:6] == [
        ("delegated_work", "gear", "supported", [(["Gear.ReadWrite.All"], True)]),
        ("delegated_personal", "gear", "not_supported", []),
        ("application", "gear", "unspecified", []),
    ]
    gear_line = text.split("\n").index("gear Gear.ReadWrite.All Not supported") + 1
    assert [(d.code, d.source.line) for d in result.diagnostics if d.code.startswith(("DG4", "DG5"))] == [("DG502", gear_line)]


PLAIN_PAGE = """Get thing

Namespace: microsoft.graph

Read a thing.

Permissions

{table}

HTTP request

GET /things/{{id}}
"""


def test_a_row_with_more_scope_groups_than_columns_is_a_diagnostic(tmp_path):
    """Three scopes apart by white space under two columns: where the cells part is not known;
    the last column keeps the rest and DG405 says so."""
    table = (
        "Permission type Permissions (acting on self) Permissions (acting on others)\n"
        "Delegated (work or school account) Thing.Read Thing.Read.All Thing.ReadWrite.All\n"
        "Application Not supported. Thing.Read.All"
    )
    result = page_result(tmp_path, "get-thing.txt", PLAIN_PAGE.format(table=table))
    assert perm_rows(to_data(result.operation)) == [
        ("delegated_work", "acting on self", "supported", [(["Thing.Read"], False)]),
        ("delegated_work", "acting on others", "supported", [(["Thing.Read.All"], False), (["Thing.ReadWrite.All"], False)]),
        ("application", "acting on self", "not_supported", []),
        ("application", "acting on others", "supported", [(["Thing.Read.All"], False)]),
    ]
    assert [(d.code, d.source.line) for d in result.diagnostics if d.code.startswith(("DG4", "DG5"))] == [("DG405", 10)]


@pytest.mark.parametrize(
    "line, cells",
    [
        ("Permission type Permissions (from least to most privileged)", ["Permission type", "Permissions (from least to most privileged)"]),
        ("Permission type Permissions (acting on self) Permissions (acting on others)",
         ["Permission type", "Permissions (acting on self)", "Permissions (acting on others)"]),
        ("Permission type Permissions acting on self (from least to most privileged) Permissions acting on others (from most to least privileged)",
         ["Permission type", "Permissions acting on self (from least to most privileged)", "Permissions acting on others (from most to least privileged)"]),
        ("Permission type\tPermissions (for the owner)\tPermissions (for other users)",
         ["Permission type", "Permissions (for the owner)", "Permissions (for other users)"]),
        ("Permission type Least privileged permissions Higher privileged permissions",
         ["Permission type", "Least privileged permissions", "Higher privileged permissions"]),
        ("Calendar Delegated (work or school account) Delegated (personal Microsoft account) Application",
         ["Calendar", "Delegated (work or school account)", "Delegated (personal Microsoft account)", "Application"]),
        ("Supported resource Delegated Application", ["Supported resource", "Delegated", "Application"]),
        ("Use a Delegated or Application", None),  # "or" is no cell of a header
        ("Delegated Application", None),  # no first cell
        ("The app needs Applications Delegated", None),
    ],
)
def test_plain_permissions_header_parts_into_its_known_cells(line, cells):
    blocks = plaintext.read_blocks(f"Get thing\n\nPermissions\n\n{line}\nApplication Thing.Read.All\n", "t.txt", [])
    tables = [b for b in blocks if isinstance(b, Table)]
    assert (tables[0].header if tables else None) == cells


def test_marked_list_items_under_permissions_are_items_and_a_notes_items_stay_notes(tmp_path):
    """Under Permissions a line that kept its list marker is an item, read as a Markdown list item
    is (``<context> - <scopes>``); an unmarked line is a paragraph (nothing tells it from one).
    The marked items right after a note's mark belong to the note: no permission, even where
    they say "requires the X permission"."""
    table = "\n".join([
        "- Photo of the signed-in user - Photo.ReadWrite",
        "• Photo of a group - Group.ReadWrite.All",
        "Photo of a contact - Contacts.ReadWrite",
        "",
        "Note",
        "- Updating a photo of another user requires the Photo.ReadWrite.All permission.",
        "- A group photo requires the Group.ReadWrite.All permission.",
    ])
    result = page_result(tmp_path, "update-photo.txt", PLAIN_PAGE.format(table=table))
    assert perm_rows(to_data(result.operation)) == [
        ("unspecified", "Photo of the signed-in user", "supported", [(["Photo.ReadWrite"], False)]),
        ("unspecified", "Photo of a group", "supported", [(["Group.ReadWrite.All"], False)]),
    ]


def test_sub_headings_above_permission_tables_in_plain_text_are_their_labels():
    """get-sprocket-setting.md has an H3 over each permission table ("Permissions acting on self",
    "For gadgets:"); the site's copy keeps each as a bare line above the table, which labels it the
    same way."""
    md, txt = op_data(TWINS / "get-sprocket-setting.md"), op_data(TWINS / "get-sprocket-setting.txt")
    assert comparable(md) == comparable(txt)
    assert [(p["type"], p["context"], p["scopes"]) for p in txt["permissions"] if p["status"] == "supported"] == [
        ("delegated_work", "Permissions acting on self", ["SprocketSetting.Read", "SprocketSetting.ReadWrite"]),
        ("delegated_work", "Permissions acting on other users", ["SprocketSetting.Read.All"]),
        ("application", "Permissions acting on other users", ["SprocketSetting.Read.All"]),
        ("delegated_work", "For gadgets", ["Gadget.Read.All"]),
        ("application", "For gadgets", ["Gadget.Read.All"]),
    ]


def test_a_lead_in_sentence_above_a_plain_text_table_is_no_label(tmp_path):
    table = ("Permission type\tPermissions (from least to most privileged)\n"
             "Delegated (work or school account)\tThing.Read\nApplication\tThing.Read.All")
    for lead in ("One of the following permissions is required to call this API.",
                 "The following table lists the permissions you need for each kind of thing:"):
        result = page_result(tmp_path, "get-thing.txt", PLAIN_PAGE.format(table=f"{lead}\n\n{table}"))
        assert [p.context for p in result.operation.permissions] == [None, None], lead


EXAMPLE_PAGE = """List things

Namespace: microsoft.graph

List the things.

HTTP request

GET things/{id}/parts

Example

HTTP request

GET https://graph.microsoft.com/v1.0/things/7/parts

Response

HTTP/1.1 200 OK
Content-type: application/json

{"value": []}
"""


def test_plain_text_request_line_without_slash_and_an_examples_http_request_heading(tmp_path):
    """The HTTP request section's ``GET things/{id}/parts`` (no leading slash; the Markdown reader
    normalises it, DG303) is its request line; an example's "HTTP request" sub-heading heads the
    example's request, not a second HTTP request section."""
    op = page_result(tmp_path, "list-things.txt", EXAMPLE_PAGE).operation
    assert [(r.method, r.path) for r in op.requests] == [("GET", "/things/{id}/parts")]
    assert [(e.request.path, e.response.status) for e in op.examples] == [("/things/7/parts", 200)]


def test_the_http_request_answered_in_the_response_section_is_an_example_in_plain_text_too():
    """list-recent-sprockets.md (the OneDrive pages' shape, drive-recent.md): the HTTP request
    section's one request and the Response section's sample are an example because their
    annotations say so; the site's copy has no annotations, and the pair is the same example."""
    md, txt = op_data(TWINS / "list-recent-sprockets.md"), op_data(TWINS / "list-recent-sprockets.txt")
    assert md["examples"][0].pop("name") == "list-recent-sprockets"
    assert txt["examples"][0].pop("name") == "example1"
    assert md["examples"][0]["response"].pop("odata_type") == "Collection(microsoft.graph.sprocket)"
    assert txt["examples"][0]["response"].pop("odata_type") is None
    assert md["examples"][0]["response"].pop("truncated") is True  # annotation-only too
    assert txt["examples"][0]["response"].pop("truncated") is False
    assert comparable(md) == comparable(txt)
    assert [(e["request"]["path"], e["response"]["status"]) for e in txt["examples"]] == [("/me/sprockets/recent", 200)]
    assert (txt["response"]["status"], txt["response"]["type"], txt["response"]["collection"]) == (200, "sprocket", True)


def test_a_plain_text_table_ends_at_a_section_heading_right_below_it(tmp_path):
    """A copy with no blank line between a table and the next heading (message-update.md's
    Request headers table, then "Request body"): the heading ends the table, so the body's
    properties table is read as one."""
    text = (
        "Update widget\n\nNamespace: microsoft.graph\n\nUpdate a widget.\n\nHTTP request\n\nPATCH /widgets/{id}\n\n"
        "Request headers\n\nName Description\nAuthorization Bearer {token}. Required.\nRequest body\n"
        "In the request body, supply the values for relevant fields that should be updated.\n\n"
        "Property Type Description\ncolor String The color.\nsize Int32 The size.\n\n"
        "Response\n\nIf successful, this method returns a 200 OK response code and an updated widget object in the response body.\n"
    )
    op = page_result(tmp_path, "update-widget.txt", text).operation
    assert [h.name for h in op.headers] == ["Authorization"]
    assert op.request_body is not None and [(p.name, p.type) for p in op.request_body.properties] == [
        ("color", "Edm.String"), ("size", "Edm.Int32")]


def test_scenario_items_whose_bullets_the_copy_dropped(tmp_path):
    """attachment-get.md (2021-01) lists "* If accessing attachments in messages: Mail.Read." items;
    a copy without the bullets keeps each as a line, still an item: a scenario and scope names."""
    items = ("If accessing attachments in messages: Mail.Read.\nIf accessing attachments in events: Calendars.Read.\n\n"
             "If you need help: see the permissions reference.")
    md = ("---\ndoc_type: apiPageType\n---\n# Get thing\n\nNamespace: microsoft.graph\n\nRead a thing.\n\n## Permissions\n\n"
          + "\n".join(f"* {x}" for x in items.split("\n")[:2]) + "\n\n## HTTP request\n\n```http\nGET /things/{id}\n```\n")
    want = [("unspecified", "If accessing attachments in messages", ["Mail.Read"]),
            ("unspecified", "If accessing attachments in events", ["Calendars.Read"])]
    got_md = page_result(tmp_path, "get-thing.md", md).operation
    assert [(p.type, p.context, p.scopes) for p in got_md.permissions] == want
    got_txt = page_result(tmp_path, "get-thing.txt", PLAIN_PAGE.format(table=items)).operation
    # the last line is a sentence with no scope names after its colon: no item
    assert [(p.type, p.context, p.scopes) for p in got_txt.permissions] == want
