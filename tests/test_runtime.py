"""docgen/runtime on its own: the modules copied into every generated SDK are formatted as the
build formats (so they are copied byte for byte), type-check under mypy --strict, and behave."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import black
import httpx
import pydantic
import pytest

from docgen import runtime
from docgen.generate.fmt import mode
from docgen.runtime import _batch, _builders, _errors, _http, _paging, _retry, _transport, _types, _urls

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", runtime.COPIED)
def test_runtime_module_is_black_formatted(name: str) -> None:
    text = (runtime.HERE / name).read_text(encoding="utf-8")
    assert black.format_str(text, mode=mode()) == text


def test_every_runtime_module_is_copied() -> None:
    on_disk = {p.name for p in runtime.HERE.glob("*.py")} - {"__init__.py", "_config.py"}
    assert on_disk == set(runtime.COPIED)


def test_runtime_passes_mypy_strict() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "docgen/runtime"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_config_module_is_valid_python_with_the_values() -> None:
    ns: dict[str, object] = {}
    exec(runtime.config_module("https://x.example/'\"", "beta"), ns)
    assert ns["DEFAULT_BASE_URL"] == "https://x.example/'\"" and ns["DEFAULT_API_VERSION"] == "beta"


def test_the_urls_module_imports_no_third_party_code() -> None:
    code = "import sys, docgen.runtime._urls; print(sorted(m for m in ('httpx', 'pydantic') if m in sys.modules))"
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip() == "[]", proc.stdout + proc.stderr


def test_segments_are_encoded() -> None:
    assert _urls.encode_segment("a/b c") == "a%2Fb%20c"
    assert _urls.encode_segment("..") == "%2E%2E"
    assert _urls.encode_literal("microsoft.graph.user/x%20y") == "microsoft.graph.user/x%20y"
    assert _urls.fill_segment("root:/{p}:", {"p": "a b/c.txt"}) == "root:/a%20b/c.txt:"
    assert _urls.fill_segment("range(address='{a}')", {"a": "A1:B2"}) == "range(address='A1:B2')"
    assert _urls.call_segment("delta(token='{token?}')", {"token": None}) == "delta"
    assert _urls.call_segment("f(a={a},b={b?})", {"a": True, "b?": 2}) == "f(a=true,b=2)"
    with pytest.raises(TypeError):
        _urls.call_segment("f(a={a})", {})


def test_odata_query_in_a_fixed_order_then_params() -> None:
    q = _urls.odata_query(top=5, select=["id", "displayName"], count=True, filter="a eq 'b'", params={"x": "1"})
    assert q == (("$select", "id,displayName"), ("$filter", "a eq 'b'"), ("$top", "5"), ("$count", "true"), ("x", "1"))
    assert _urls.query_string(q) == "$select=id,displayName&$filter=a%20eq%20'b'&$top=5&$count=true&x=1"
    assert [k for k, _, _ in _urls.ODATA_OPTIONS][:2] == ["$select", "$expand"]


def test_retry_delay_prefers_retry_after() -> None:
    assert _retry.retry_delay(httpx.Response(429, headers={"Retry-After": "3"}), 0, 0.5, 60) == 3.0
    assert _retry.retry_delay(httpx.Response(429, headers={"Retry-After": "300"}), 0, 0.5, 60) == 60
    assert 1.0 <= _retry.retry_delay(None, 2, 0.5, 60) <= 2.0


def test_error_for_maps_statuses_and_reads_the_graph_error() -> None:
    req = httpx.Request("GET", "https://h/x")
    err = _errors.error_for(httpx.Response(404, json={"error": {"code": "NotFound", "message": "m"}}, request=req))
    assert type(err) is _errors.NotFoundError and err.error == _errors.ErrorBody("NotFound", "m")
    assert type(_errors.error_for(httpx.Response(502, request=req))) is _errors.InternalServerError
    assert type(_errors.error_for(httpx.Response(418, request=req))) is _errors.APIStatusError
    binary = _errors.error_for(httpx.Response(500, content=b"\xff\xfe", request=req))
    assert binary.body_json is None and binary.error is None


class _Thing(_types.GraphModel):
    odata_type_name = "microsoft.graph.thing"
    name: _types.String | None = None


def test_transport_sends_builds_and_pages() -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if "$skiptoken" in str(request.url):
            return httpx.Response(200, json={"value": [{"name": "b"}]})
        return httpx.Response(200, json={"value": [{"name": "a"}], "@odata.nextLink": "https://h/v1.0/things?$skiptoken=1"})

    t = _transport.SyncTransport(token_provider=lambda: "tok", base_url="https://h", transport=httpx.MockTransport(handler))
    spec = _http.build_request("GET", "/things", top=1, headers={"ConsistencyLevel": "eventual"})
    assert [x.name for x in t.iter_items(spec, _Thing)] == ["a", "b"]
    assert str(seen[0].url) == "https://h/v1.0/things?$top=1"
    assert seen[0].headers["Authorization"] == "Bearer tok" and seen[1].headers["ConsistencyLevel"] == "eventual"
    cast = _builders.SyncCollection(t, ("things",)).of_type(_Thing)
    assert cast.build_get_request(top=2).url("https://h") == "https://h/things/microsoft.graph.thing?$top=2"


def test_retry_policy_retries_429_always_and_5xx_only_when_idempotent() -> None:
    p = _retry.RetryPolicy(max_retries=2)
    assert p.should_retry("POST", 429, 0) and p.should_retry("GET", 503, 1) and p.should_retry("DELETE", None, 0)
    assert not p.should_retry("POST", 503, 0) and not p.should_retry("PATCH", None, 0)
    assert not p.should_retry("GET", 429, 2) and not p.should_retry("GET", 404, 0)
    assert _retry.RetryPolicy(retry_non_idempotent=True).should_retry("POST", 503, 0)


def test_claims_are_read_from_the_challenge() -> None:
    header = 'Bearer realm="", error="insufficient_claims", claims="eyJhIjoxfQ=="'
    assert _transport.challenge_claims(httpx.Response(401, headers={"WWW-Authenticate": header})) == '{"a":1}'
    assert _transport.challenge_claims(httpx.Response(401)) is None
    assert _transport.challenge_claims(httpx.Response(403, headers={"WWW-Authenticate": header})) is None


def test_models_built_in_code_are_strict_and_wire_data_tolerant() -> None:
    with pytest.raises(pydantic.ValidationError):
        _Thing(name=5)
    with pytest.raises(pydantic.ValidationError, match="nmae"):
        _Thing(nmae="x")
    assert _Thing(name="x").to_json_dict() == {"name": "x"}
    wire = _Thing.model_validate({"name": 5, "extra": True})
    assert wire.name is None and wire.to_json_dict() == {"name": 5, "extra": True}


def test_page_iterates_its_items_and_has_its_links() -> None:
    page = _paging.Page[_Thing].model_validate({"value": [{"name": "a"}], "@odata.deltaLink": "d", "@odata.count": 7})
    assert [t.name for t in page] == ["a"] and len(page) == 1
    assert (page.next_link, page.delta_link, page.count) == (None, "d", 7)


def test_batch_body_and_responses() -> None:
    b = _batch.Batch()
    one = b.add(_http.build_request("GET", "/me", select=["id"]), _Thing)
    two = b.add(_http.build_request("POST", "/users", body={"a": 1}), depends_on=[one])
    base = "https://h/v1.0"
    assert b.to_json(base) == {"requests": [
        {"id": "1", "method": "GET", "url": "/me?$select=id"},
        {"id": "2", "method": "POST", "url": "/users", "body": {"a": 1}, "headers": {"Content-Type": "application/json"}, "dependsOn": ["1"]},
    ]}
    answer = {"responses": [{"id": "2", "status": 404, "body": {"error": {"code": "NotFound"}}}, {"id": "1", "status": 200, "body": {"name": "me"}}]}
    b.apply(httpx.Response(200, json=answer), base)
    assert one.result().name == "me"
    with pytest.raises(_errors.NotFoundError):
        two.result()
    for _ in range(18):
        b.add(_http.build_request("GET", "/me"))
    with pytest.raises(ValueError):
        b.add(_http.build_request("GET", "/me"))


def test_authorization_goes_only_to_the_graph_hosts() -> None:
    t = _transport.SyncTransport(base_url="https://graph.example", trusted_hosts=["files.example"])
    spec = _http.build_request("GET", "/me", headers={"X-Custom": "1"})
    assert t.to_httpx(spec, "tok").headers["Authorization"] == "Bearer tok"
    elsewhere = _http.RequestSpec("GET", "", headers=(("Authorization", "Bearer mine"),), absolute_url="https://evil.example/x")
    assert "Authorization" not in t.to_httpx(elsewhere, "tok").headers
    trusted = _http.RequestSpec("GET", "", absolute_url="https://files.example/x")
    assert t.to_httpx(trusted, "tok").headers["Authorization"] == "Bearer tok"
    assert t.to_httpx(spec, "tok", "rid").headers["client-request-id"] == "rid"
