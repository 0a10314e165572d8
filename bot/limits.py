"""Per-client limits for the served app: wrong workbench tokens and feedback writes.

A limit is kept per client address, so a flood from one address never refuses another address
(a server-wide counter let anyone lock every trainer out). Behind a reverse proxy every request
comes from the proxy; `client_address` reads the proxy's header only when a setting says to trust it.
"""

from __future__ import annotations

import re
import time
from collections import OrderedDict, deque
from collections.abc import Callable
from dataclasses import dataclass
from threading import Lock
from types import SimpleNamespace
from typing import Any

from starlette.datastructures import Headers

MAX_CLIENTS = 10_000  # addresses remembered at once; the oldest are forgotten first (bounded memory)


def client_address(request: Any, trusted_header: str = "") -> str:
    """The caller's address: the socket peer, or with `trusted_header` (e.g. "X-Forwarded-For") the
    address the proxy saw. The last entry of the last line is the one our proxy added; anything
    before it is whatever the client sent, so it cannot be trusted. (uvicorn's own rewriting of the
    peer from that header is turned off in `ui.serve`, so without the setting the header is ignored.)"""
    if request is None:
        return "local"
    if trusted_header:
        headers: Any = getattr(request, "headers", {}) or {}
        if hasattr(headers, "getlist"):  # several header lines: the proxy's is the last one
            lines = headers.getlist(trusted_header)
        else:
            value = headers.get(trusted_header.lower()) or headers.get(trusted_header)
            lines = [value] if value else []
        if lines and lines[-1]:
            return str(lines[-1]).split(",")[-1].strip()[:64] or "unknown"
    client = getattr(request, "client", None)
    host = getattr(client, "host", None)
    return str(host)[:64] if host else "unknown"


@dataclass
class _Failures:
    count: int = 0
    last: float = 0.0
    locked_until: float = 0.0


class Backoff:
    """Wrong attempts per client: the first `free` cost nothing; each one after locks that client
    out for `base` seconds, doubling per further failure up to `cap`. A right attempt, or `forget`
    seconds without a wrong one, clears the record."""

    def __init__(
        self,
        free: int = 5,
        base: float = 2.0,
        cap: float = 900.0,
        forget: float = 3600.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.free, self.base, self.cap, self.forget, self.clock = free, base, cap, forget, clock
        self._clients: OrderedDict[str, _Failures] = OrderedDict()
        self._lock = Lock()

    def wait(self, client: str) -> float:
        """Seconds this client must wait before its next attempt is even checked (0: go ahead)."""
        with self._lock:
            record = self._record(client, create=False)
            return max(0.0, record.locked_until - self.clock()) if record else 0.0

    def failed(self, client: str) -> None:
        with self._lock:
            record = self._record(client, create=True)
            assert record is not None
            now = self.clock()
            record.count += 1
            record.last = now
            if record.count > self.free:
                record.locked_until = now + min(self.cap, self.base * 2 ** (record.count - self.free - 1))

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._clients.pop(client, None)

    def _record(self, client: str, create: bool) -> _Failures | None:
        record = self._clients.get(client)
        if record is not None and self.clock() - record.last > self.forget and self.clock() >= record.locked_until:
            del self._clients[client]
            record = None
        if record is None and create:
            record = self._clients[client] = _Failures()
            while len(self._clients) > MAX_CLIENTS:
                self._clients.popitem(last=False)
        if record is not None:
            self._clients.move_to_end(client)
        return record


class RateLimit:
    """At most `per_minute` events per client in any 60 seconds (a sliding window)."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute, self.clock = per_minute, clock
        self._clients: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = Lock()

    def allow(self, client: str) -> bool:
        with self._lock:
            now = self.clock()
            times = self._clients.setdefault(client, deque())
            self._clients.move_to_end(client)
            while times and now - times[0] >= 60:
                times.popleft()
            if len(times) >= self.per_minute:
                return False
            times.append(now)
            while len(self._clients) > MAX_CLIENTS:
                self._clients.popitem(last=False)
            return True


class RequestLimits:
    """ASGI middleware in front of the whole app, for every POST:
    - the body is read here first, at most `max_bytes` (`max_upload_bytes` for an upload: one
      article file) — more is refused with 413 before the app sees any of it (a 200 MB JSON body
      cost 600 MB of memory; a chunked one has no Content-Length to check);
    - a body naming a file by URL (`"path": "http…"`) is refused: Gradio would download that file
      into its cache, with no size limit, before any handler could check the workbench token;
    - uploads are limited per client per minute (each file is capped by Gradio; their number was not).
    """

    def __init__(
        self,
        app: Any,
        max_bytes: int,
        uploads_per_minute: int,
        client_header: str = "",
        max_upload_bytes: int | None = None,
    ) -> None:
        self.app, self.max_bytes, self.client_header = app, max_bytes, client_header
        self.max_upload_bytes = max_upload_bytes or max_bytes
        self.uploads = RateLimit(uploads_per_minute)

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope.get("type") != "http" or scope.get("method") != "POST":
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        upload = str(scope.get("path", "")).endswith("/upload")
        limit = self.max_upload_bytes if upload else self.max_bytes
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            await _reply(send, 413, "请求太大 / request too large")
            return
        if upload:
            peer = scope.get("client") or ("unknown", 0)
            request = SimpleNamespace(client=SimpleNamespace(host=peer[0]), headers=headers)
            if not self.uploads.allow(client_address(request, self.client_header)):
                await _reply(send, 429, "上传太频繁，请稍后再试 / too many uploads")
                return
        body = bytearray()
        while True:
            message = await receive()
            if message.get("type") == "http.disconnect":
                return
            body += message.get("body", b"")
            if len(body) > limit:
                await _reply(send, 413, "请求太大 / request too large")
                return
            if not message.get("more_body", False):
                break
        if not upload and _REMOTE_FILE.search(body):
            await _reply(send, 400, "不接受以网址提交的文件 / files by URL are not accepted")
            return
        sent = False

        async def replay() -> Any:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()  # (after the body: the client's disconnect, if it comes)

        await self.app(scope, replay, send)


_REMOTE_FILE = re.compile(rb'"path"\s*:\s*"\s*(?:https?|ftp)://', re.IGNORECASE)


async def _reply(send: Any, status: int, text: str) -> None:
    body = text.encode("utf-8")
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
