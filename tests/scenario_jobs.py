"""Everyday jobs with the SDK generated from the Graph v1.0 docs (package ``corpus_sdk``), written
as a user would write them, sync and async. tests/test_scenarios.py runs them against the protocol
server (tests/protocol_server.py); benchmarks/sdk.py type-checks this file with mypy --strict.

Each job returns what it saw, for the test to check against the server's state.
"""

from __future__ import annotations

from typing import Any

from corpus_sdk import AsyncGraphClient, Batch, GraphClient, NotFoundError, models
from corpus_sdk import _runtime as rt

EVENTUAL = {"ConsistencyLevel": "eventual"}


def get_me(client: GraphClient) -> models.User:
    return client.me.get(select=["displayName", "mail"])


def list_users(client: GraphClient) -> tuple[int | None, list[str], list[int]]:
    """Filter, select, top, orderby and count; walk every page. (count, names, page sizes)"""
    pages = list(
        client.users.iter_pages(
            filter="startswith(displayName,'A')",
            select=["displayName", "mail"],
            top=3,
            orderby="displayName",
            count=True,
            headers=EVENTUAL,
        )
    )
    names = [u.display_name or "" for page in pages for u in page]
    return pages[0].count, names, [len(p) for p in pages]


def count_users(client: GraphClient) -> int:
    return client.users.count.get(headers=EVENTUAL)


def create_update_delete(client: GraphClient) -> str:
    """Create (201 + the user), update (204: returns None) and delete (204) a user."""
    user = client.users.post(
        models.User(
            account_enabled=True,
            display_name="Ada Lovelace",
            mail_nickname="ada",
            user_principal_name="ada@contoso.com",
            password_profile=models.PasswordProfile(password="x-1!Aa-long", force_change_password_next_sign_in=True),
        )
    )
    assert user.id is not None
    client.users.by_id(user.id).patch(models.User(job_title="Analyst"))
    client.users.by_id(user.id).delete()
    return user.id


def send_mail(client: GraphClient) -> None:
    body = models.SendMailPostRequestBody(
        message=models.Message(
            subject="Lunch?",
            body=models.ItemBody(content_type=models.BodyType.TEXT, content="At noon."),
            to_recipients=[models.Recipient(email_address=models.EmailAddress(address="bob@contoso.com"))],
        ),
        save_to_sent_items=False,
    )
    client.me.send_mail.post(body)


def upload_download(client: GraphClient, data: bytes) -> tuple[models.DriveItem, bytes, bytes]:
    content = client.me.drive.root_path("Reports/q3.bin").content
    item = content.put(content=data)
    downloaded = content.get()
    with content.stream() as response:
        streamed = b"".join(response.iter_bytes())
    return item, downloaded, streamed


def group_users(client: GraphClient) -> tuple[list[str], list[str]]:
    members = client.groups.by_id("g1").members
    page = members.of_type(models.User).get()
    every = [u.id or "" for u in members.of_type(models.User).iter_all()]
    return [u.user_principal_name or "" for u in page], every


def not_found(client: GraphClient) -> str | None:
    try:
        client.users.by_id("nobody").get()
    except NotFoundError as e:
        return e.error.code if e.error else None
    raise AssertionError("no error")


def delta(client: GraphClient, change: Any) -> tuple[int, list[str], str | None]:
    """A full delta round, a change made elsewhere, then the round resumed from the deltaLink."""
    first = client.users.delta.delta_round()
    change()
    later = client.users.delta.delta_round(first.delta_link)
    return len(first.items), [u.id or "" for u in later.items], later.delta_link


def batch(client: GraphClient) -> tuple[models.User, int, str | None, models.User]:
    b = Batch()
    me = b.add(client.me.build_get_request(select=["displayName"]), models.User)
    count = b.add(client.users.count.build_get_request(headers=EVENTUAL), rt.parse_count)
    missing = b.add(client.users.by_id("nobody").build_get_request(), models.User)
    after = b.add(client.users.by_id("u002").build_get_request(), models.User, depends_on=[me])
    client.send_batch(b)
    try:
        missing.result()
        code = None
    except NotFoundError as e:
        code = e.error.code if e.error else None
    return me.result(), count.result(), code, after.result()


async def async_jobs(client: AsyncGraphClient, data: bytes) -> dict[str, Any]:
    """The same jobs on the asyncio client."""
    out: dict[str, Any] = {}
    out["me"] = (await client.me.get()).display_name
    names = []
    async for u in client.users.iter_all(filter="startswith(displayName,'A')", top=3, orderby="displayName"):
        names.append(u.display_name)
    out["names"] = names
    out["count"] = await client.users.count.get(headers=EVENTUAL)
    user = await client.users.post(
        models.User(account_enabled=True, display_name="Async", mail_nickname="as", user_principal_name="as@contoso.com")
    )
    assert user.id is not None
    await client.users.by_id(user.id).patch(models.User(job_title="Async"))
    await client.users.by_id(user.id).delete()
    out["created"] = user.id
    await client.me.send_mail.post(
        models.SendMailPostRequestBody(message=models.Message(subject="async"), save_to_sent_items=False)
    )
    content = client.me.drive.root_path("a/b.bin").content
    out["item"] = await content.put(content=data)
    out["downloaded"] = await content.get()
    async with content.stream() as response:
        out["streamed"] = b"".join([chunk async for chunk in response.aiter_bytes()])
    out["members"] = [u.id async for u in client.groups.by_id("g1").members.of_type(models.User).iter_all()]
    first = await client.users.delta.delta_round()
    out["delta"] = (len(first.items), first.delta_link)
    b = Batch()
    me = b.add(client.me.build_get_request(), models.User)
    await client.send_batch(b)
    out["batch_me"] = me.result().id
    try:
        await client.users.by_id("nobody").get()
    except NotFoundError as e:
        out["not_found"] = e.status_code
    return out
