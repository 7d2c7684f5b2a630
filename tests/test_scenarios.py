"""The generated SDKs against a server that answers as Graph does (tests/protocol_server.py), over
real sockets, sync and async.

* the seeds' SDK (``seed_sdk``, built from specs/ for the session): everything the seeds document
  (create a user) and the runtime around it: auth, throttling, retry policy, errors, claims
  challenges, request ids, the event hook;
* the v1.0 corpus SDK (``corpus_sdk``, tests/sdk_builds.py): the everyday jobs of
  tests/scenario_jobs.py. Skipped, saying so, when the corpus is absent.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pydantic
import pytest

from protocol_server import CLAIMS_TOKEN, TOKEN, GraphState, serve
from sdk_builds import CORPUS, corpus_sdk, seed_sdk


def _import(folder: Path, name: str) -> ModuleType:
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))
    return importlib.import_module(name)


@pytest.fixture(scope="session")
def seed(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return _import(seed_sdk(tmp_path_factory.mktemp("sdk")), "seed_sdk")


@pytest.fixture(scope="session")
def v1() -> ModuleType:
    folder = corpus_sdk()
    if folder is None:
        pytest.skip(f"the v1.0 corpus is not at {CORPUS}: the corpus scenarios need it")
    return _import(folder, "corpus_sdk")


@pytest.fixture
def server() -> Iterator[GraphState]:
    with serve() as state:
        yield state


def _client(sdk: ModuleType, server: GraphState, **kw: Any) -> Any:
    kw.setdefault("token_provider", lambda: TOKEN)
    kw.setdefault("sleep", lambda s: None)
    return sdk.GraphClient(base_url=server.graph_url, api_version="v1.0", **kw)


def _async_client(sdk: ModuleType, server: GraphState, **kw: Any) -> Any:
    async def no_sleep(s: float) -> None:
        return None

    kw.setdefault("sleep", no_sleep)
    return sdk.AsyncGraphClient(base_url=server.graph_url, api_version="v1.0", **kw)


NEW_USER = {"accountEnabled": True, "displayName": "Ada", "mailNickname": "ada", "userPrincipalName": "ada@contoso.com"}


# --- the seeds' SDK ---------------------------------------------------------------------------


def test_seed_create_user_201_and_headers(seed: ModuleType, server: GraphState) -> None:
    events: list[str] = []
    client = _client(seed, server, on_event=lambda e: events.append(e.kind))
    user = client.users.post(seed.models.User.model_validate(NEW_USER))
    assert isinstance(user, seed.models.User) and user.id in server.users
    assert server.users[user.id]["displayName"] == "Ada"
    sent = server.requests_to("/v1.0/users", "POST")[0]
    assert sent.headers["Authorization"] == f"Bearer {TOKEN}"
    assert len(sent.headers["client-request-id"]) == 36 and sent.headers["User-Agent"].startswith("seed_sdk/")
    assert json.loads(sent.body) == NEW_USER
    assert events == ["request", "response"]


def test_seed_models_built_in_code_are_strict(seed: ModuleType) -> None:
    with pytest.raises(pydantic.ValidationError):
        seed.models.User(display_name=5)
    with pytest.raises(pydantic.ValidationError, match="job_titel"):
        seed.models.User(job_titel="x")
    ok = seed.models.User(display_name="Ada", city="Oslo")
    assert ok.to_json_dict() == {"displayName": "Ada", "city": "Oslo"}
    wire = seed.models.User.model_validate({"displayName": "Ada", "futureField": 1})
    assert wire.additional_data == {"futureField": 1}


def test_seed_throttling_retried_after_retry_after(seed: ModuleType, server: GraphState) -> None:
    slept: list[float] = []
    server.fail_next(429, "2")
    client = _client(seed, server, sleep=slept.append)
    user = client.users.post(NEW_USER)
    assert user.display_name == "Ada" and slept == [2.0]
    assert len(server.requests_to("/v1.0/users", "POST")) == 2


def test_seed_503_on_post_is_not_retried_unless_opted_in(seed: ModuleType, server: GraphState) -> None:
    server.fail_next(503, "1")
    with pytest.raises(seed.ServiceUnavailableError) as caught:
        _client(seed, server).users.post(NEW_USER)
    assert caught.value.error.code == "serviceNotAvailable"
    assert len(server.requests_to("/v1.0/users", "POST")) == 1
    server.fail_next(503, "1")
    user = _client(seed, server, retry_non_idempotent=True).users.post(NEW_USER)
    assert user.id is not None and len(server.requests_to("/v1.0/users", "POST")) == 3


def test_seed_graph_error_body(seed: ModuleType, server: GraphState) -> None:
    with pytest.raises(seed.BadRequestError) as caught:
        _client(seed, server).users.post({"displayName": "no upn"})
    assert caught.value.status_code == 400 and caught.value.error.code == "Request_BadRequest"
    with pytest.raises(seed.AuthenticationError):
        _client(seed, server, token_provider=lambda: "expired").users.post(NEW_USER)


def test_seed_claims_challenge_goes_to_the_token_provider(seed: ModuleType, server: GraphState) -> None:
    server.claims_paths.add("/v1.0/users")
    asked: list[str | None] = []

    def token(*, claims: str | None = None) -> str:
        asked.append(claims)
        return CLAIMS_TOKEN if claims else TOKEN

    user = _client(seed, server, token_provider=token).users.post(NEW_USER)
    assert user.id is not None
    assert asked[0] is None and asked[1] is not None and json.loads(asked[1])["access_token"]["nbf"]["essential"]
    with pytest.raises(seed.AuthenticationError):  # a provider that cannot take claims: the 401 is raised
        _client(seed, server).users.post(NEW_USER)


def test_seed_async_client_and_async_token_provider(seed: ModuleType, server: GraphState) -> None:
    async def token() -> str:
        return TOKEN

    async def main() -> Any:
        server.fail_next(429, "1")
        async with _async_client(seed, server, token_provider=token) as client:
            return await client.users.post(NEW_USER)

    user = asyncio.run(main())
    assert user.id in server.users and len(server.requests_to("/v1.0/users", "POST")) == 2


# --- the v1.0 corpus SDK ----------------------------------------------------------------------

@pytest.fixture
def jobs(v1: ModuleType) -> ModuleType:
    return importlib.import_module("scenario_jobs")


@pytest.mark.corpus
def test_corpus_get_me(v1: ModuleType, jobs: ModuleType, server: GraphState) -> None:
    me = jobs.get_me(_client(v1, server))
    assert isinstance(me, v1.models.User) and me.id == "u000"
    assert server.seen[-1].query == {"$select": "displayName,mail"}


@pytest.mark.corpus
def test_corpus_list_users_every_page(v1: ModuleType, jobs: ModuleType, server: GraphState) -> None:
    count, names, sizes = jobs.list_users(_client(v1, server))
    expected = sorted(u["displayName"] for u in server.users.values() if u["displayName"].startswith("A"))
    assert names == expected and count == len(expected) and sizes[:-1] == [3] * (len(sizes) - 1)
    assert server.seen[0].headers["ConsistencyLevel"] == "eventual"
    assert server.seen[0].query["$orderby"] == "displayName" and server.seen[0].query["$top"] == "3"
    assert jobs.count_users(_client(v1, server)) == len(server.users)


@pytest.mark.corpus
def test_corpus_create_update_204_delete_204(v1: ModuleType, jobs: ModuleType, server: GraphState) -> None:
    uid = jobs.create_update_delete(_client(v1, server))  # a None-returning patch: no EmptyResponseError
    assert server.users[uid]["jobTitle"] == "Analyst" and uid in server.deleted
    patch = server.requests_to(f"/v1.0/users/{uid}", "PATCH")[0]
    assert json.loads(patch.body) == {"jobTitle": "Analyst"}


@pytest.mark.corpus
def test_corpus_send_mail_typed_body(v1: ModuleType, jobs: ModuleType, server: GraphState) -> None:
    jobs.send_mail(_client(v1, server))
    assert server.mail == [
        {
            "message": {
                "subject": "Lunch?",
                "body": {"contentType": "text", "content": "At noon."},
                "toRecipients": [{"emailAddress": {"address": "bob@contoso.com"}}],
            },
            "saveToSentItems": False,
        }
    ]
    with pytest.raises(pydantic.ValidationError, match="save_to_sent_item"):
        v1.models.SendMailPostRequestBody(save_to_sent_item=False)


@pytest.mark.corpus
def test_corpus_upload_and_download_by_path(v1: ModuleType, jobs: ModuleType, server: GraphState) -> None:
    data = bytes(range(256)) * 40  # not text: must not be decoded
    item, downloaded, streamed = jobs.upload_download(_client(v1, server), data)
    assert isinstance(item, v1.models.DriveItem) and item.size == len(data)
    assert downloaded == data and streamed == data
    fetched = [s for s in server.seen if s.host == "content"]
    assert len(fetched) == 2 and all("Authorization" not in s.headers for s in fetched)
    assert server.seen[0].path == "/v1.0/me/drive/root:/Reports/q3.bin:/content"


@pytest.mark.corpus
def test_corpus_group_members_cast_to_users(v1: ModuleType, jobs: ModuleType, server: GraphState) -> None:
    upns, every = jobs.group_users(_client(v1, server))
    assert upns == [server.users[u]["userPrincipalName"] for u in ("u001", "u002", "u003")]
    assert every == ["u001", "u002", "u003"]
    assert server.seen[0].path == "/v1.0/groups/g1/members/microsoft.graph.user"


@pytest.mark.corpus
def test_corpus_not_found_and_throttling(v1: ModuleType, jobs: ModuleType, server: GraphState) -> None:
    assert jobs.not_found(_client(v1, server)) == "Request_ResourceNotFound"
    slept: list[float] = []
    server.fail_next(429, "3")
    server.fail_next(503, "1")
    me = jobs.get_me(_client(v1, server, sleep=slept.append))  # GET: 503 retried too
    assert me.id == "u000" and slept == [3.0, 1.0]


@pytest.mark.corpus
def test_corpus_delta_resumes_from_the_delta_link(v1: ModuleType, jobs: ModuleType, server: GraphState) -> None:
    def change() -> None:
        server.users["u004"]["jobTitle"] = "Changed"
        server.changed_since_delta.add("u004")

    total, changed, link = jobs.delta(_client(v1, server), change)
    assert total == len(server.users) and changed == ["u004"]
    assert link is not None and "$deltatoken=round2" in link


@pytest.mark.corpus
def test_corpus_batch(v1: ModuleType, jobs: ModuleType, server: GraphState) -> None:
    me, count, missing_code, after = jobs.batch(_client(v1, server))
    assert me.id == "u000" and count == len(server.users) and missing_code == "Request_ResourceNotFound"
    assert after.id == "u002"
    batches = server.requests_to("/v1.0/$batch", "POST")
    assert len(batches) == 1 and json.loads(batches[0].body)["requests"][3]["dependsOn"] == ["1"]


@pytest.mark.corpus
def test_corpus_token_only_to_graph_hosts(v1: ModuleType, server: GraphState) -> None:
    page = {"value": [], "@odata.nextLink": f"{server.content_url}/download/x"}
    client = _client(v1, server)
    spec = client.users.build_get_request()
    assert client.transport.is_trusted(spec.url(client.transport.base_url))
    assert not client.transport.is_trusted(page["@odata.nextLink"])


@pytest.mark.corpus
def test_corpus_async_jobs(v1: ModuleType, jobs: ModuleType, server: GraphState) -> None:
    async def token() -> str:
        return TOKEN

    async def main() -> dict[str, Any]:
        async with _async_client(v1, server, token_provider=token) as client:
            out: dict[str, Any] = await jobs.async_jobs(client, b"\x00\xff" * 100)
            return out

    out = asyncio.run(main())
    assert out["me"] == server.users["u000"]["displayName"]
    live = [u for u in server.users.values() if u["id"] not in server.deleted]
    assert out["names"] == sorted(u["displayName"] for u in live if u["displayName"].startswith("A"))
    assert server.users[out["created"]]["jobTitle"] == "Async" and out["created"] in server.deleted
    assert out["downloaded"] == out["streamed"] == b"\x00\xff" * 100
    assert isinstance(out["item"], v1.models.DriveItem)
    assert out["members"] == ["u001", "u002", "u003"] and out["delta"][1] is not None
    assert out["batch_me"] == "u000" and out["not_found"] == 404
    assert len(server.mail) == 1
