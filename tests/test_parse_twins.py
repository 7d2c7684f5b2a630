"""Plain text copied from the published site gives the same IR as its Markdown twin."""

from __future__ import annotations

from pathlib import Path

from conftest import SEED_TXT_USERS
from docgen.ir.serialize import to_data
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
