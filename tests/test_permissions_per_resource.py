"""Permission tables with one row per supported resource (today's group-post-members.md,
subscription-*.md, opentypeextension-*.md): the resource is the row's context; the scopes of a
cell are marked least privileged only when the text introducing the table says the table shows
the least privileged permissions, and only when the cell gives one alternative ("A and B": one
alternative needing both). Expected values are written from tests/fixtures/today/gizmo-add-part.md
by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from docgen.generate.client import least_privileged_doc
from docgen.parse.includes import MapIncludes
from docgen.pipeline import parse_bytes, parse_file

PAGE = Path(__file__).parent / "fixtures" / "today" / "gizmo-add-part.md"
BY_REF = "Parts added by reference"


def _rows(op):
    return [
        (p.type, p.context, p.status, p.order, [(a.scopes, a.least_privileged) for a in p.alternatives], p.source.line)
        for p in op.permissions
    ]


def test_rows_of_a_per_resource_table_are_least_privileged_where_the_page_says_so():
    result = parse_file(PAGE)
    assert _rows(result.operation) == [
        # introduced by "This table lists ... the least privileged permission or permissions ..."
        ("delegated_work", f"{BY_REF} / bolt", "supported", "unstated", [(["Gizmo.ReadWrite", "Bolt.Read.All"], True)], 20),
        ("delegated_personal", f"{BY_REF} / bolt", "not_supported", "unstated", [], 20),
        ("application", f"{BY_REF} / bolt", "supported", "unstated", [(["Gizmo.ReadWrite.All", "Bolt.Read.All"], True)], 20),
        ("delegated_work", f"{BY_REF} / nut", "supported", "unstated", [(["Gizmo.ReadWrite"], True)], 21),
        ("delegated_personal", f"{BY_REF} / nut", "supported", "unstated", [(["Gizmo.ReadWrite"], True)], 21),
        # two alternatives: the page does not say which one is the least privileged
        ("application", f"{BY_REF} / nut", "supported", "unstated", [(["Gizmo.Manage.All"], False), (["Gizmo.ReadWrite.All"], False)], 21),
        # no text of its own: the first table's introduction is not this one's
        ("delegated_work", "Parts moved / bolt", "supported", "unstated", [(["Gizmo.ReadWrite"], False)], 27),
        ("delegated_personal", "Parts moved / bolt", "not_supported", "unstated", [], 27),
        ("application", "Parts moved / bolt", "supported", "unstated", [(["Gizmo.ReadWrite.All"], False)], 27),
        # "Choose the permission or permissions marked as least privileged": nothing is marked here
        ("delegated_work", "Parts added by copy / nut", "supported", "unstated", [(["Gizmo.ReadWrite"], False)], 35),
        ("delegated_personal", "Parts added by copy / nut", "not_supported", "unstated", [], 35),
        ("application", "Parts added by copy / nut", "supported", "unstated", [(["Gizmo.ReadWrite.All"], False)], 35),
    ]
    assert [d.code for d in result.diagnostics if d.code.startswith("DG4")] == []


def test_least_privileged_of_a_row_is_its_marked_alternative_or_none():
    op = parse_file(PAGE).operation
    bolt = next(p for p in op.permissions if p.context == f"{BY_REF} / bolt" and p.type == "delegated_work")
    assert [a.scopes for a in bolt.least_privileged()] == [["Gizmo.ReadWrite", "Bolt.Read.All"]]
    moved = next(p for p in op.permissions if p.context == "Parts moved / bolt" and p.type == "delegated_work")
    assert moved.least_privileged() == []  # order unstated, nothing marked
    # the method docstring names the marked rows, each with its context; unmarked rows (nut's
    # application cell has two alternatives; the other tables are not said to be least privileged) not
    assert least_privileged_doc(op) == (
        "Least privileged permissions: delegated (work or school account), for Parts added by reference / bolt: "
        "Gizmo.ReadWrite and Bolt.Read.All; application, for Parts added by reference / bolt: "
        "Gizmo.ReadWrite.All and Bolt.Read.All; delegated (work or school account), for Parts added by reference / nut: "
        "Gizmo.ReadWrite; delegated (personal Microsoft account), for Parts added by reference / nut: Gizmo.ReadWrite."
    )


TABLE = (
    "| Supported resource | Delegated (work or school account) | Delegated (personal Microsoft account) | Application |\n"
    "|:---|:---|:---|:---|\n"
    "| [widget](widget.md) | Widget.Read | Not supported. | Widget.Read.All |\n"
)


@pytest.mark.parametrize(
    "intro, marked",
    [
        ("The following table shows the least privileged permission or permissions required to call this API on each supported resource type.", True),
        ("The following table shows the least privileged permission that's required by each resource type when calling this API.", True),
        ("Depending on the resource and the permission type requested, the permission specified in the following table is the least privileged required to call this API.", True),
        ("Depending on the resource you're reading from, the permission specified in the following table is the minimum required to call this API.", True),
        ("One of the following permissions is required to call this API.", False),
        ("Choose the permission or permissions marked as least privileged for this API.", False),
        ("Use the least privileged permission your app needs. The scopes are listed below.", False),
        # a note is not the table's introduction
        ("> **Note:** The following table shows the least privileged permissions.", False),
    ],
)
def test_what_the_introducing_text_must_say(intro: str, marked: bool):
    page = f"# Get widget\n\n## Permissions\n\n{intro}\n\n{TABLE}\n## HTTP request\n\n```http\nGET /widgets/{{id}}\n```\n"
    op = parse_bytes(page.encode(), "api/widget-get.md", MapIncludes({})).operation
    assert [(p.type, [(a.scopes, a.least_privileged) for a in p.alternatives]) for p in op.permissions] == [
        ("delegated_work", [(["Widget.Read"], marked)]),
        ("delegated_personal", []),
        ("application", [(["Widget.Read.All"], marked)]),
    ]
