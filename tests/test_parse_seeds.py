"""The four seed pages give the IR the issue names: values read off the seed files by hand."""

from __future__ import annotations

import pytest

from conftest import SEED_MD_73, SEED_MD_INTUNE, SEED_TXT_CONTEXTS, SEED_TXT_USERS
from docgen.pipeline import parse_file


def op_of(path):
    result = parse_file(path)
    assert result.operation is not None, [d.message for d in result.diagnostics]
    return result.operation, result


def test_seed_002_request_body_has_73_typed_properties():
    op, _ = op_of(SEED_MD_73)
    props = op.request_body.properties
    assert len(props) == 73
    by_name = {p.name: p for p in props}
    assert len(by_name) == 73
    # spot checks across the table, types as the table states them
    assert (by_name["id"].type, by_name["id"].collection) == ("Edm.String", False)
    assert by_name["deletedDateTime"].type == "Edm.DateTimeOffset"
    assert by_name["accountEnabled"].type == "Edm.Boolean"
    assert (by_name["assignedLicenses"].type, by_name["assignedLicenses"].collection) == ("assignedLicense", True)
    assert (by_name["businessPhones"].type, by_name["businessPhones"].collection) == ("Edm.String", True)
    assert by_name["deviceEnrollmentLimit"].type == "Edm.Int32"
    assert by_name["passwordProfile"].type == "passwordProfile"
    assert (by_name["skills"].type, by_name["skills"].collection) == ("Edm.String", True)
    assert [p.name for p in props][:3] == ["id", "deletedDateTime", "signInActivity"]
    assert props[-1].name == "skills"
    assert all(p.type for p in props)


def test_seed_002_todo_permissions_are_a_status_and_a_warning():
    op, result = op_of(SEED_MD_73)
    perms = {p.type: p for p in op.permissions}
    assert set(perms) == {"delegated_work", "delegated_personal", "application"}
    assert perms["delegated_work"].status == "todo" and perms["delegated_work"].scopes == []
    assert perms["application"].status == "todo" and perms["application"].scopes == []
    assert perms["delegated_personal"].status == "not_supported"
    assert all(p.order == "most_to_least" for p in op.permissions)
    assert not any("TODO" in s for p in op.permissions for s in p.scopes)
    todo = [d for d in result.diagnostics if d.code == "DG402"]
    assert [(d.level, d.source.line) for d in todo] == [("warning", 21), ("warning", 23)]


def test_seed_002_request_line_and_example():
    op, _ = op_of(SEED_MD_73)
    assert [(r.method, r.path, r.path_parameters) for r in op.requests] == [
        ("POST", "/me/managedDevices/{managedDeviceId}/users", ["managedDeviceId"])
    ]
    assert op.response.status == 201 and op.response.type == "user" and not op.response.collection
    (example,) = op.examples
    assert example.request.method == "POST"
    assert example.request.path == "/me/managedDevices/{managedDeviceId}/users"
    assert example.request.body["deviceEnrollmentLimit"] == 5
    assert example.response.status == 201 and example.response.truncated is True
    assert example.response.body["id"] == "8ab81bff-1bff-8ab8-ff1b-b88aff1bb88a"
    assert example.diagnostics == []


def test_seed_001_plain_text_has_four_permission_contexts():
    op, result = op_of(SEED_TXT_CONTEXTS)
    assert result.operation.title == "Create user"
    contexts = ["Device management", "MAM", "Onboarding", "Troubleshooting"]
    for ptype in ("delegated_work", "application"):
        rows = [p for p in op.permissions if p.type == ptype]
        assert [p.context for p in rows] == contexts
        assert [p.scopes for p in rows] == [
            ["DeviceManagementManagedDevices.ReadWrite.All"],
            ["DeviceManagementApps.ReadWrite.All"],
            ["DeviceManagementServiceConfig.ReadWrite.All"],
            ["DeviceManagementManagedDevices.ReadWrite.All"],
        ]
    personal = [p for p in op.permissions if p.type == "delegated_personal"]
    assert [(p.status, p.context) for p in personal] == [("not_supported", None)]
    assert all(p.order == "most_to_least" for p in op.permissions)


def test_seed_001_plain_text_body_group_row_is_not_a_property():
    op, _ = op_of(SEED_TXT_CONTEXTS)
    assert [(p.name, p.type) for p in op.request_body.properties] == [
        ("id", "Edm.String"),
        ("deviceEnrollmentLimit", "Edm.Int32"),
    ]
    assert op.api_version == "beta"
    assert [(r.method, r.path) for r in op.requests] == [("POST", "/users")]
    (example,) = op.examples
    assert example.request.body == {"@odata.type": "#microsoft.graph.user"}
    assert example.response.status == 201
    assert example.response.body["id"] == "d36894ae-94ae-d368-ae94-68d3ae9468d3"


def test_seed_003_plain_text_has_both_examples():
    op, _ = op_of(SEED_TXT_USERS)
    assert [e.name for e in op.examples] == [
        "Example 1: Create a user",
        "Example 2: Create a user with social and local account identities",
    ]
    first, second = op.examples
    assert first.request.body["displayName"] == "Adele Vance"
    assert first.request.body["passwordProfile"] == {"forceChangePasswordNextSignIn": True, "password": "xWwvJ]6NMw+bWH-d"}
    assert first.response.body["officeLocation"] == "18/2111"
    assert second.request.body["identities"][2]["issuer"] == "facebook.com"
    assert second.response.body["passwordPolicies"] == "DisablePasswordExpiration"
    assert all(e.response.status == 201 and e.response.truncated for e in op.examples)
    assert all(e.diagnostics == [] for e in op.examples)


def test_seed_003_plain_text_body_table_and_continuation_line():
    op, _ = op_of(SEED_TXT_USERS)
    props = op.request_body.properties
    assert [(p.name, p.type) for p in props] == [
        ("accountEnabled", "Edm.Boolean"),
        ("displayName", "Edm.String"),
        ("onPremisesImmutableId", "Edm.String"),
        ("mailNickname", "Edm.String"),
        ("passwordProfile", "PasswordProfile"),
        ("userPrincipalName", "Edm.String"),
    ]
    assert props[-1].description.endswith("see username policies.")  # the NOTE: line continues the row
    assert [h.name for h in op.headers] == ["Authorization", "Content-Type"]
    assert op.headers[0].required is True


def test_seed_000_markdown_intune():
    op, _ = op_of(SEED_MD_INTUNE)
    assert op.title == "Create user" and op.namespace == "microsoft.graph"
    assert op.description == "Create a new user object."
    assert [(p.type, p.status, p.scopes) for p in op.permissions] == [
        ("delegated_work", "supported", ["DeviceManagementManagedDevices.ReadWrite.All"]),
        ("delegated_personal", "not_supported", []),
        ("application", "supported", ["DeviceManagementManagedDevices.ReadWrite.All"]),
    ]
    (example,) = op.examples  # Intune style: no annotations, found by the Request/Response headings
    assert example.request.url == "https://graph.microsoft.com/v1/users"
    assert example.response.status == 201


@pytest.mark.parametrize("seed", [SEED_MD_INTUNE, SEED_TXT_CONTEXTS, SEED_MD_73, SEED_TXT_USERS], ids=lambda p: p.name)
def test_every_element_carries_its_source(seed):
    op, _ = op_of(seed)
    assert op.source.file.endswith(seed.name) and op.source.line >= 1
    for item in [*op.requests, *op.permissions, *op.headers, *op.request_body.properties, *op.examples]:
        assert item.source is not None and item.source.file == op.source.file and item.source.line >= 1
