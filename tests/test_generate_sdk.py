"""The generated seed SDK works: its example tests pass, mypy --strict accepts it, and the runtime
(models, errors, retries, paging, async) behaves as docs/generate.md says."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[1]
GENERATED = ROOT / "generated"
sys.path.insert(0, str(GENERATED))

from graph_sdk import (  # noqa: E402
    AsyncGraphClient,
    BadRequestError,
    GraphClient,
    NotFoundError,
    RateLimitError,
    ServiceUnavailableError,
    models,
)
from graph_sdk import _runtime as rt  # noqa: E402

SEED_002 = ROOT / "specs" / "002_976bccd5a68a4223.txt"


def _seed_002_response() -> dict[str, Any]:
    """The 201 response body of seed 002, cut straight from the page (not via docgen)."""
    text = SEED_002.read_text(encoding="utf-8")
    start = text.index("HTTP/1.1 201 Created")
    body = text[text.index("{", start) : text.index("```", start)]
    data: dict[str, Any] = json.loads(body)
    return data


def test_generated_example_tests_pass() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests"],
        cwd=GENERATED, capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # one test per seed example (000, 001, 002, 003 x2 at the time of writing), none failing
    passed = int(proc.stdout.strip().splitlines()[-1].split(" passed")[0].split()[-1])
    assert passed >= 4 and "failed" not in proc.stdout and "xpass" not in proc.stdout.lower(), proc.stdout


def test_mypy_strict_accepts_the_generated_sdk(tmp_path: Path) -> None:
    proc = subprocess.run(  # its cache goes to tmp: the committed output folder stays as built
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--cache-dir", str(tmp_path), "graph_sdk"],
        cwd=GENERATED, capture_output=True, text=True, timeout=600,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_seed_002_user_round_trips_exactly() -> None:
    doc = _seed_002_response()
    user = models.User.model_validate(doc)
    assert type(user).__name__ == "User"
    assert user.model_dump(mode="json", by_alias=True, exclude_unset=True) == doc
    # typed fields: 7-digit fractions parse to datetime and are written back as written
    assert user.deleted_date_time is not None and user.deleted_date_time.year == 2016
    assert user.account_enabled is True
    assert user.device_enrollment_limit == 5
    # signInActivity is defined by no page: kept as an open model, not an error
    assert user.sign_in_activity is not None
    assert user.sign_in_activity.additional_data["lastSignInRequestId"] == "Last Sign In Request Id value"


def test_odata_type_picks_the_subclass_and_unknown_fields_are_kept() -> None:
    parsed = models.GraphModel.model_validate({"@odata.type": "#microsoft.graph.user", "city": "Oslo", "zzz": 1})
    assert isinstance(parsed, models.User)
    assert parsed.city == "Oslo"
    assert parsed.additional_data["zzz"] == 1


def test_value_of_wrong_type_is_kept_not_coerced() -> None:
    user = models.User.model_validate({"deviceEnrollmentLimit": "5", "city": 3})
    assert user.device_enrollment_limit is None
    assert user.to_json_dict() == {"deviceEnrollmentLimit": "5", "city": 3}


def _client(handler: Any, **kw: Any) -> GraphClient:
    return GraphClient(token_provider=lambda: "tok", transport=httpx.MockTransport(handler), **kw)


def test_request_building_is_pure_and_encodes_path_parameters() -> None:
    client = _client(lambda r: httpx.Response(500))
    spec = client.me.managed_devices.by_id("a/b c").users.build_post_request({"city": "x"}, params={"k": "v w"})
    assert spec.method == "POST" and spec.path == "/me/managedDevices/a%2Fb%20c/users"
    assert spec.json == {"city": "x"} and spec.params == (("k", "v w"),)
    assert spec.url("https://h/v1.0") == "https://h/v1.0/me/managedDevices/a%2Fb%20c/users?k=v%20w"


def test_typed_errors_parse_the_graph_error_body() -> None:
    body = {"error": {"code": "Request_BadRequest", "message": "nope", "innerError": {"request-id": "1"}}}
    client = _client(lambda r: httpx.Response(400, json=body))
    with pytest.raises(BadRequestError) as caught:
        client.users.post({"city": "x"})
    assert caught.value.error is not None
    assert (caught.value.error.code, caught.value.error.message) == ("Request_BadRequest", "nope")
    assert caught.value.error.inner_error == {"request-id": "1"}
    with pytest.raises(NotFoundError):
        _client(lambda r: httpx.Response(404)).users.post({})


def test_retries_honour_retry_after_then_succeed() -> None:
    answers = [httpx.Response(429, headers={"Retry-After": "7"}), httpx.Response(503), httpx.Response(201, json={"city": "x"})]
    slept: list[float] = []
    # a POST: the 503 is retried only because the caller opted in (429 is retried for every method)
    client = _client(lambda r: answers.pop(0), sleep=slept.append, backoff=0.25, retry_non_idempotent=True)
    user = client.users.post({"city": "x"})
    assert user.city == "x"
    assert slept[0] == 7.0 and 0.125 <= slept[1] <= 0.5 and answers == []


def test_retries_give_up_with_a_typed_error() -> None:
    client = _client(lambda r: httpx.Response(429), sleep=lambda s: None, max_retries=2)
    with pytest.raises(RateLimitError):
        client.users.post({})
    client = _client(lambda r: httpx.Response(503), sleep=lambda s: None, max_retries=0)
    with pytest.raises(ServiceUnavailableError):
        client.users.post({})


def test_iter_items_follows_next_link() -> None:
    pages = {
        "/v1.0/users": {"value": [{"city": "a"}], "@odata.nextLink": "https://graph.microsoft.com/v1.0/users?$skiptoken=2"},
        "/v1.0/users?$skiptoken=2": {"value": [{"city": "b"}]},
    }
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        key = request.url.raw_path.decode()
        seen.append(key)
        return httpx.Response(200, json=pages[key])

    client = _client(handler, api_version="v1.0")
    items = list(client.transport.iter_items(rt.RequestSpec("GET", "/users"), models.User))
    assert [u.city for u in items] == ["a", "b"]
    assert seen == ["/v1.0/users", "/v1.0/users?$skiptoken=2"]


def test_async_client_with_async_token_provider() -> None:
    async def token() -> str:
        return "async-tok"

    def handler(request: httpx.Request) -> httpx.Response:
        assert request.headers["Authorization"] == "Bearer async-tok"
        return httpx.Response(201, json={"@odata.type": "#microsoft.graph.user", "city": "z"})

    async def main() -> Any:
        async with AsyncGraphClient(token_provider=token, transport=httpx.MockTransport(handler)) as client:
            return await client.me.managed_devices.by_id("1").users.post(models.User(city="z"))

    user = asyncio.run(main())
    assert isinstance(user, models.User) and user.city == "z"


def test_raw_response_access() -> None:
    client = _client(lambda r: httpx.Response(201, json={"city": "q"}, headers={"request-id": "r1"}))
    raw = client.users.post_with_response({"city": "q"})
    assert raw.status_code == 201 and raw.headers["request-id"] == "r1"
    assert raw.parse().city == "q"


def test_import_is_lazy() -> None:
    code = "import sys, graph_sdk; print(sorted(m for m in ('httpx', 'pydantic', 'graph_sdk.models') if m in sys.modules))"
    proc = subprocess.run([sys.executable, "-c", code], cwd=GENERATED, capture_output=True, text=True, timeout=60)
    assert proc.stdout.strip() == "[]", proc.stdout + proc.stderr


def test_every_model_of_the_seed_sdk_builds() -> None:
    from graph_sdk.testing import build_all_models

    # the seeds define one model, User
    assert build_all_models(models) == (1, [])
