"""A local HTTP server that answers as Microsoft Graph does where an SDK depends on it.

Two listeners on 127.0.0.1 (``graph`` and ``content``, different ports, addressed as ``127.0.0.1``
and ``localhost``: two hosts to a client): what Graph does on the wire, not what the docs' examples
show:

* ``POST`` creates (201 + the entity), ``PATCH`` and ``DELETE`` answer 204 with no body;
* collections page with an absolute ``@odata.nextLink``; ``delta`` ends with an ``@odata.deltaLink``
  that, called later, returns only what changed since;
* ``$count=true``, ``/$count`` and ``$search`` need ``ConsistencyLevel: eventual`` (else 400);
  ``$filter`` (``eq``, ``startswith``), ``$select``, ``$top``, ``$orderby`` on users;
* ``.../content`` downloads answer 302 to the other host (a pre-authenticated URL: that host refuses
  a request carrying ``Authorization``), which serves the bytes; uploads (``PUT``) answer 201 with
  the driveItem;
* errors are Graph error bodies; throttling is 429 (or 503) with ``Retry-After``, set up per test
  with :meth:`GraphState.fail_next`;
* a claims challenge: 401 with ``WWW-Authenticate: Bearer ... error="insufficient_claims",
  claims="<base64>"`` until a token obtained for those claims is sent (:data:`CLAIMS_TOKEN`);
* ``POST /$batch`` runs each JSON request (``dependsOn`` honoured) and answers every response.

Everything is in memory; :class:`GraphState` keeps the requests it saw for assertions.
"""

from __future__ import annotations

import base64
import json
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

API = "/v1.0"
TOKEN = "good-token"
CLAIMS = base64.b64encode(b'{"access_token":{"nbf":{"essential":true,"value":"1700000000"}}}').decode()
CLAIMS_TOKEN = "token-with-claims"
PAGE_SIZE = 10


@dataclass
class Seen:
    """A request the server received."""

    host: str
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes


@dataclass
class Reply:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""

    @classmethod
    def json(cls, status: int, data: Any, **headers: str) -> Reply:
        return cls(status, {"Content-Type": "application/json", **headers}, json.dumps(data).encode())


def graph_error(status: int, code: str, message: str, **headers: str) -> Reply:
    inner = {"date": "2026-12-01T00:00:00", "request-id": str(uuid.uuid4()), "client-request-id": ""}
    return Reply.json(status, {"error": {"code": code, "message": message, "innerError": inner}}, **headers)


def _user(i: int) -> dict[str, Any]:
    names = ["Adele", "Alex", "Allan", "Bianca", "Christie", "Debra", "Diego", "Emily", "Enrico", "Grady"]
    first = names[i % len(names)]
    return {
        "id": f"u{i:03d}",
        "displayName": f"{first} {i:03d}",
        "givenName": first,
        "mail": f"{first.lower()}{i}@contoso.com",
        "jobTitle": "Engineer" if i % 2 else "Designer",
        "userPrincipalName": f"{first.lower()}{i}@contoso.com",
    }


class GraphState:
    """What the server knows (users, groups, files, sent mail) and what it was asked."""

    def __init__(self, users: int = 25) -> None:
        self.lock = threading.Lock()
        self.users: dict[str, dict[str, Any]] = {u["id"]: u for u in map(_user, range(users))}
        self.groups = {"g1": ["u001", "u002", "d1", "u003"]}  # d1: a device, not a user
        self.files: dict[str, bytes] = {}
        self.mail: list[Any] = []
        self.seen: list[Seen] = []
        self.failures: list[Reply] = []  # answered, in order, before anything else
        self.claims_paths: set[str] = set()  # paths that challenge for CLAIMS
        self.deleted: set[str] = set()
        self.changed_since_delta: set[str] = set()
        self.graph_url = ""  # http://127.0.0.1:port (set when listening)
        self.content_url = ""  # http://localhost:port

    # --- set up per test ---------------------------------------------------------------------

    def fail_next(self, status: int, retry_after: str | None = "1", times: int = 1) -> None:
        """The next ``times`` Graph requests answer ``status`` (with ``Retry-After``)."""
        headers = {"Retry-After": retry_after} if retry_after is not None else {}
        code = {429: "TooManyRequests", 503: "serviceNotAvailable"}.get(status, "generalException")
        for _ in range(times):
            self.failures.append(graph_error(status, code, "Try again later.", **headers))

    def requests_to(self, path: str, method: str | None = None) -> list[Seen]:
        return [s for s in self.seen if s.path == path and (method is None or s.method == method)]

    # --- the API -----------------------------------------------------------------------------

    def handle(self, method: str, target: str, headers: dict[str, str], body: bytes, host: str = "graph") -> Reply:
        split = urlsplit(target)
        path = unquote(split.path)
        query = dict(parse_qsl(split.query, keep_blank_values=True))
        lower = {k.lower(): v for k, v in headers.items()}
        with self.lock:
            self.seen.append(Seen(host, method, path, query, dict(headers), body))
        if host == "content":
            return self._download(path, lower)
        if self.failures:
            return self.failures.pop(0)
        auth = lower.get("authorization", "")
        if path in self.claims_paths and auth != f"Bearer {CLAIMS_TOKEN}":
            challenge = (
                'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", '
                f'client_id="00000003-0000-0000-c000-000000000000", error="insufficient_claims", claims="{CLAIMS}"'
            )
            return graph_error(401, "InvalidAuthenticationToken", "Continuous access evaluation resulted in claims challenge", **{"WWW-Authenticate": challenge})
        if auth not in (f"Bearer {TOKEN}", f"Bearer {CLAIMS_TOKEN}"):
            return graph_error(401, "InvalidAuthenticationToken", "Access token is empty or invalid.")
        if not path.startswith(API + "/"):
            return graph_error(400, "BadRequest", f"Invalid version: {path}")
        rest = path[len(API) :]
        try:
            return self._route(method, rest, query, lower, body)
        except KeyError:
            return graph_error(404, "Request_ResourceNotFound", f"Resource '{rest}' does not exist.")

    def _route(self, method: str, path: str, query: dict[str, str], headers: dict[str, str], body: bytes) -> Reply:
        parts = [p for p in path.split("/") if p]
        if path == "/$batch" and method == "POST":
            return self._batch(json.loads(body))
        if parts[:1] == ["me"]:
            parts = ["users", "u000", *parts[1:]]
        if parts == ["users"] and method == "GET":
            return self._list_users(query, headers)
        if parts == ["users", "$count"] and method == "GET":
            if headers.get("consistencylevel") != "eventual":
                return graph_error(400, "Request_BadRequest", "$count requires the ConsistencyLevel header set to eventual.")
            return Reply(200, {"Content-Type": "text/plain"}, str(len(self._filtered(query))).encode())
        if parts == ["users"] and method == "POST":
            data = json.loads(body)
            missing = [k for k in ("displayName", "mailNickname", "userPrincipalName", "accountEnabled") if k not in data]
            if missing:
                return graph_error(400, "Request_BadRequest", f"A value is required for property '{missing[0]}'.")
            uid = f"n{len(self.users):03d}"
            data = {k: v for k, v in data.items() if k != "passwordProfile"}
            self.users[uid] = {"id": uid, **data}
            self.changed_since_delta.add(uid)
            return Reply.json(201, {"@odata.context": f"{self.graph_url}{API}/$metadata#users/$entity", **self.users[uid]})
        if parts == ["users", "delta()"] or parts == ["users", "delta"]:
            return self._delta(query)
        if len(parts) >= 2 and parts[0] == "users":
            return self._user_item(method, parts[1], parts[2:], query, headers, body)
        if parts[:1] == ["groups"] and len(parts) >= 3 and parts[2] == "members":
            return self._members(parts[1], parts[3:], query)
        raise KeyError(path)

    def _filtered(self, query: dict[str, str]) -> list[dict[str, Any]]:
        users = [u for u in self.users.values() if u["id"] not in self.deleted]
        expr = query.get("$filter")
        if expr:
            if expr.startswith("startswith("):
                prop, _, value = expr[len("startswith(") : -1].partition(",")
                want = value.strip().strip("'")
                users = [u for u in users if str(u.get(prop.strip(), "")).startswith(want)]
            elif " eq " in expr:
                prop, _, value = expr.partition(" eq ")
                users = [u for u in users if str(u.get(prop.strip())) == value.strip().strip("'")]
            else:
                raise ValueError(expr)
        order = query.get("$orderby")
        if order:
            prop, _, direction = order.partition(" ")
            users.sort(key=lambda u: str(u.get(prop, "")), reverse=direction.lower() == "desc")
        return users

    def _list_users(self, query: dict[str, str], headers: dict[str, str]) -> Reply:
        advanced = query.get("$count") == "true" or "$search" in query
        if advanced and headers.get("consistencylevel") != "eventual":
            return graph_error(400, "Request_UnsupportedQuery", "The request requires the ConsistencyLevel header set to eventual.")
        try:
            users = self._filtered(query)
        except ValueError:
            return graph_error(400, "BadRequest", "Invalid filter clause")
        top = int(query.get("$top", PAGE_SIZE))
        skip = int(query.get("$skiptoken", "0"))
        page = users[skip : skip + top]
        select = query.get("$select")
        if select:
            keep = set(select.split(",")) | {"id"}
            page = [{k: v for k, v in u.items() if k in keep} for u in page]
        out: dict[str, Any] = {"@odata.context": f"{self.graph_url}{API}/$metadata#users", "value": page}
        if query.get("$count") == "true":
            out["@odata.count"] = len(users)
        if skip + top < len(users):
            nxt = {k: v for k, v in query.items() if k != "$skiptoken"}
            nxt["$skiptoken"] = str(skip + top)
            out["@odata.nextLink"] = f"{self.graph_url}{API}/users?" + "&".join(f"{k}={v}" for k, v in nxt.items())
        return Reply.json(200, out)

    def _delta(self, query: dict[str, str]) -> Reply:
        if "$deltatoken" in query:  # a later round: what changed since
            changed = [self.users[u] for u in sorted(self.changed_since_delta) if u in self.users]
            gone = [{"id": u, "@removed": {"reason": "changed"}} for u in sorted(self.deleted)]
            self.changed_since_delta.clear()
            link = f"{self.graph_url}{API}/users/delta()?$deltatoken=round2"
            return Reply.json(200, {"value": changed + gone, "@odata.deltaLink": link})
        users = sorted(self.users.values(), key=lambda u: u["id"])
        skip = int(query.get("$skiptoken", "0"))
        page = users[skip : skip + PAGE_SIZE]
        out: dict[str, Any] = {"@odata.context": f"{self.graph_url}{API}/$metadata#users", "value": page}
        if skip + PAGE_SIZE < len(users):
            out["@odata.nextLink"] = f"{self.graph_url}{API}/users/delta()?$skiptoken={skip + PAGE_SIZE}"
        else:
            self.changed_since_delta.clear()
            out["@odata.deltaLink"] = f"{self.graph_url}{API}/users/delta()?$deltatoken=round1"
        return Reply.json(200, out)

    def _user_item(self, method: str, uid: str, rest: list[str], query: dict[str, str], headers: dict[str, str], body: bytes) -> Reply:
        if uid not in self.users or uid in self.deleted:
            raise KeyError(uid)
        if not rest:
            if method == "GET":
                return Reply.json(200, {"@odata.context": f"{self.graph_url}{API}/$metadata#users/$entity", **self.users[uid]})
            if method == "PATCH":
                self.users[uid].update(json.loads(body))
                self.changed_since_delta.add(uid)
                return Reply(204)
            if method == "DELETE":
                self.deleted.add(uid)
                return Reply(204)
        if rest == ["sendMail"] and method == "POST":
            data = json.loads(body)
            if not isinstance(data.get("message"), dict):
                return graph_error(400, "ErrorInvalidRequest", "The 'message' parameter is required.")
            self.mail.append(data)
            return Reply(202)
        if rest[:2] == ["drive", "root:"] or (rest[:1] == ["drive"] and len(rest) > 1 and rest[1].startswith("root:")):
            return self._drive_item(method, "/".join(rest[1:]), body)
        raise KeyError(uid)

    def _drive_item(self, method: str, addressed: str, body: bytes) -> Reply:
        # root:/folder/file.txt:/content
        if not addressed.startswith("root:") or not addressed.endswith(":/content"):
            raise KeyError(addressed)
        name = addressed[len("root:") : -len(":/content")].strip("/")
        if method == "PUT":
            self.files[name] = body
            item = {"id": f"item-{len(self.files)}", "name": name.rsplit("/", 1)[-1], "size": len(body), "file": {"mimeType": "application/octet-stream"}}
            return Reply.json(201, item)
        if method == "GET":
            if name not in self.files:
                raise KeyError(name)
            return Reply(302, {"Location": f"{self.content_url}/download/{name}?tempauth=signed"})
        raise KeyError(addressed)

    def _download(self, path: str, headers: dict[str, str]) -> Reply:
        if "authorization" in headers:  # pre-authenticated URLs refuse a bearer token
            return Reply(401, {"Content-Type": "text/plain"}, b"Authorization not allowed")
        name = path.removeprefix("/download/")
        if name not in self.files:
            return Reply(404)
        return Reply(200, {"Content-Type": "application/octet-stream"}, self.files[name])

    def _members(self, gid: str, rest: list[str], query: dict[str, str]) -> Reply:
        if gid not in self.groups:
            raise KeyError(gid)
        members: list[dict[str, Any]] = []
        for m in self.groups[gid]:
            if m in self.users:
                members.append({"@odata.type": "#microsoft.graph.user", **self.users[m]})
            else:
                members.append({"@odata.type": "#microsoft.graph.device", "id": m, "displayName": "Laptop"})
        if rest == ["microsoft.graph.user"]:
            members = [m for m in members if m["@odata.type"] == "#microsoft.graph.user"]
        elif rest:
            raise KeyError("/".join(rest))
        return Reply.json(200, {"value": members})

    def _batch(self, data: Any) -> Reply:
        requests = data.get("requests") if isinstance(data, dict) else None
        if not isinstance(requests, list) or not 0 < len(requests) <= 20:
            return graph_error(400, "BadRequest", "Batch requests must hold between 1 and 20 requests.")
        done: dict[str, int] = {}
        responses = []
        for r in requests:
            deps = r.get("dependsOn", [])
            if any(done.get(d, 500) >= 400 for d in deps):
                responses.append({"id": r["id"], "status": 424, "body": {"error": {"code": "FailedDependency", "message": "dependency failed"}}})
                done[r["id"]] = 424
                continue
            body = json.dumps(r["body"]).encode() if "body" in r else b""
            hdrs = {"Authorization": f"Bearer {TOKEN}", **r.get("headers", {})}
            url = r["url"] if r["url"].startswith("/") else "/" + r["url"]
            reply = self.handle(r["method"], API + url, hdrs, body, host="batch")
            item: dict[str, Any] = {"id": r["id"], "status": reply.status, "headers": {k: v for k, v in reply.headers.items()}}
            if reply.body:
                ctype = reply.headers.get("Content-Type", "")
                item["body"] = json.loads(reply.body) if "json" in ctype else base64.b64encode(reply.body).decode()
            responses.append(item)
            done[r["id"]] = reply.status
        return Reply.json(200, {"responses": responses})


def _handler(state: GraphState, host: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            reply = state.handle(self.command, self.path, dict(self.headers.items()), body, host)
            self.send_response(reply.status)
            for k, v in reply.headers.items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            if reply.body and self.command != "HEAD":
                self.wfile.write(reply.body)

        do_GET = do_POST = do_PATCH = do_PUT = do_DELETE = _serve

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

    return Handler


@contextmanager
def serve(state: GraphState | None = None) -> Iterator[GraphState]:
    """Both listeners, running in threads until the block ends."""
    state = state or GraphState()
    graph = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state, "graph"))
    content = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state, "content"))
    state.graph_url = f"http://127.0.0.1:{graph.server_address[1]}"
    state.content_url = f"http://localhost:{content.server_address[1]}"
    threads = [threading.Thread(target=s.serve_forever, args=(0.05,), daemon=True) for s in (graph, content)]
    for t in threads:
        t.start()
    try:
        yield state
    finally:
        for s in (graph, content):
            s.shutdown()
            s.server_close()
