"""OData conventions in the generated client: /$count, type casts and Graph's path aliases.

The fixture (tests/fixtures/odata) has 10 examples: 8 use a convention the checker accepts
(/$count, a cast, cast + /$count, /me for /users/{id}, /me/drive/root for an item, /drive + a
path-addressed item, a function called bare and with the optional argument its page documents),
one is an action whose page says "Do not supply a request body", and one matches no request line
(DG605)."""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "odata"


@pytest.fixture(scope="module")
def sdk(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("odata")
    shutil.copytree(FIXTURE, work / "specs")
    (work / "pyproject.toml").write_text('[tool.docgen]\nspecs = "specs"\noutput = "out"\npackage = "odata_sdk"\n')
    proc = subprocess.run(
        ["docgen", "build", "--no-cache", "-j", "1"],
        cwd=work, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    return work / "out"


def test_examples_using_odata_conventions_pass(sdk: Path) -> None:
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
                         cwd=sdk, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "9 passed, 1 xfailed" in run.stdout, run.stdout
    tests = "\n".join(p.read_text(encoding="utf-8") for p in sorted((sdk / "tests").glob("test_*.py")))
    for call in [
        'client.groups.by_id("42").members.count.get_with_response(',
        ".members.of_type(_m.User)",
        "client.me.check_member_groups.post(",
        "client.me.drive.root.children.get(",
        'client.drive.root_path("Documents/2024").children.get(',
        "client.me.drive.root.delta(None).get(",
        "client.me.drive.root.delta(\"1230919asd190410jlka\").get(",
    ]:
        assert call in tests, call


@pytest.fixture(scope="module")
def client_and_models(sdk: Path):  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(sdk))
    try:
        pkg = importlib.import_module("odata_sdk")
        yield pkg.GraphClient(transport=httpx.MockTransport(lambda r: httpx.Response(200, text="12"))), pkg.models
    finally:
        sys.path.remove(str(sdk))


def test_aliases_share_one_builder(client_and_models) -> None:  # type: ignore[no-untyped-def]
    client, _ = client_and_models
    assert type(client.me) is type(client.users.by_id("1"))
    assert type(client.drive) is type(client.me.drive)
    item = type(client.me.drive.items.by_id("x"))
    assert type(client.me.drive.root) is item and type(client.drive.root_path("a/b")) is item
    assert client.drive.root_path("a b/c.txt").children.build_get_request().path == "/drive/root:/a%20b/c.txt:/children"


def test_count_and_cast_builders(client_and_models) -> None:  # type: ignore[no-untyped-def]
    client, models = client_and_models
    members = client.groups.by_id("g/1").members
    assert members.count.build_get_request().path == "/groups/g%2F1/members/$count"
    cast = members.of_type(models.User)
    spec = cast.count.build_get_request(filter="x eq 1")
    assert spec.path == "/groups/g%2F1/members/microsoft.graph.user/$count" and spec.params == (("$filter", "x eq 1"),)
    assert members.count.get() == 12  # the mock answers "12" as text/plain
    open_model = importlib.import_module("odata_sdk._types").GraphModel
    with pytest.raises(ValueError, match="no @odata.type name"):
        members.of_type(open_model)  # no type name: no cast segment


def test_function_arguments(client_and_models) -> None:  # type: ignore[no-untyped-def]
    client, _ = client_and_models
    root = client.me.drive.root
    assert root.delta().build_get_request().path == "/me/drive/root/delta"
    assert root.delta(token="a b'c").build_get_request().path == "/me/drive/root/delta(token='a%20b'c')"
    assert client.drives.by_id("d").root.delta(token=True).build_get_request().path == "/drives/d/root/delta(token='true')"


def test_a_value_response_is_raw_content_unless_declared_json() -> None:
    from docgen.generate.examples import _is_json
    from docgen.ir.model import HttpMessage

    assert not _is_json(HttpMessage(body_text="{Raw bytes of the file}"), media=True)
    # a bracketed phrase is content everywhere (the parser keeps it as text): replayed as bytes
    assert not _is_json(HttpMessage(body_text="{Raw bytes of the file}"), media=False)
    assert not _is_json(HttpMessage(body_text='{"a": 1}', body={"a": 1}), media=True)
    assert _is_json(HttpMessage(body_text='{"a": 1}', body={"a": 1}), media=False)
    assert _is_json(HttpMessage([("Content-Type", "application/json")], {"a": 1}, '{"a": 1}'), media=True)
    assert _is_json(HttpMessage(body_text='{"a": 1,, }'), media=False)  # meant as JSON, unreadable (DG602)


def test_an_action_without_a_body_takes_no_body(client_and_models) -> None:  # type: ignore[no-untyped-def]
    import inspect

    client, _ = client_and_models
    renew = client.groups.by_id("1").renew
    assert "body" not in inspect.signature(renew.post).parameters
    assert "body" in inspect.signature(client.me.check_member_groups.post).parameters
