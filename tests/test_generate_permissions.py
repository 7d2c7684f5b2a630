"""The generated method docstrings name the least privileged permission per permission type."""

from __future__ import annotations

from pathlib import Path

from docgen.generate.client import least_privileged_doc
from docgen.parse.includes import MapIncludes
from docgen.pipeline import parse_bytes, parse_file

FIXTURES = Path(__file__).parent / "fixtures"

PAGE = """# Get gizmo

## Permissions

|Permission type|Least privileged permissions|Higher privileged permissions|
|:---|:---|:---|
|Delegated (work or school account)|Gizmo.Read and Directory.Read.All|Gizmo.ReadWrite.All|
|Delegated (personal Microsoft account)|Not supported.|Not supported.|
|Application|Gizmo.Read.All|Gizmo.ReadWrite.All|

## HTTP request

```http
GET /gizmos/{id}
```
"""


def test_todays_table_names_the_least_privileged_column_and_all_required_sets():
    op = parse_bytes(PAGE.encode(), "api/gizmo-get.md", MapIncludes({})).operation
    assert least_privileged_doc(op) == (
        "Least privileged permissions: delegated (work or school account): Gizmo.Read and Directory.Read.All; "
        "application: Gizmo.Read.All."
    )


def test_a_table_with_a_stated_order_names_its_least_privileged_scope():
    op = parse_file(FIXTURES / "parse" / "permissions-most-to-least.md").operation
    # written most to least privileged: the last scope of each row is the least privileged
    assert least_privileged_doc(op) == (
        "Least privileged permissions: delegated (work or school account): Widget.Read; application: Widget.Read.All."
    )


def test_an_unordered_table_names_nothing():
    op = parse_file(FIXTURES / "parse" / "body-type-in-prose.md").operation  # "Permission type | Permissions"
    assert [p.scopes for p in op.permissions] == [["TeamsTab.Create"]]
    assert least_privileged_doc(op) == ""


def test_a_per_resource_table_said_to_be_least_privileged_names_each_resources_scopes():
    # "the permission in this table is the least privileged": each row, for its resource
    op = parse_file(FIXTURES / "parse" / "permissions-transposed.md").operation
    assert least_privileged_doc(op) == (
        "Least privileged permissions: delegated (work or school account), for event: Calendars.ReadWrite; "
        "delegated (personal Microsoft account), for event: Calendars.ReadWrite; application, for event: Calendars.ReadWrite; "
        "delegated (work or school account), for message: Mail.ReadWrite; "
        "delegated (personal Microsoft account), for message: Mail.ReadWrite; application, for message: Mail.ReadWrite; "
        "delegated (work or school account), for post: Group.ReadWrite.All."
    )
