"""A lean HTTP/1.1 client for load generation: asyncio streams, keep-alive, cookies.

Written for `answer_loop.py`: the machine has two cores shared with the server, so the load
generator must cost far less than what it measures (a general-purpose client library spends
more CPU per request than this one-page parser).
"""

import asyncio
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode, urlsplit


class HTTPError(Exception):
    """A request that got no complete response (connection refused or reset, timeout)."""


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    elapsed: float

    @property
    def location(self) -> str:
        """The redirect target as a path (the server may answer with an absolute URL)."""
        target = urlsplit(self.headers.get("location", ""))
        return target.path + (f"?{target.query}" if target.query else "")

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


@dataclass
class Client:
    """One simulated browser: one keep-alive connection and its cookie jar."""

    host: str
    port: int
    timeout: float = 10.0
    cookies: dict[str, str] = field(default_factory=dict)
    _reader: asyncio.StreamReader | None = None
    _writer: asyncio.StreamWriter | None = None

    async def get(self, path: str, headers: dict[str, str] | None = None) -> Response:
        return await self.request("GET", path, headers or {})

    async def post(
        self, path: str, fields: list[tuple[str, str]], headers: dict[str, str] | None = None
    ) -> Response:
        body = urlencode(fields).encode()
        extra = {"Content-Type": "application/x-www-form-urlencoded", **(headers or {})}
        return await self.request("POST", path, extra, body)

    async def request(
        self, method: str, path: str, headers: dict[str, str], body: bytes = b""
    ) -> Response:
        for attempt in range(2):
            reused = self._writer is not None
            start = time.perf_counter()
            try:
                if self._writer is None:
                    await self._connect()
                self._send(method, path, headers, body)
                status, response_headers, content = await asyncio.wait_for(
                    self._read_response(), self.timeout
                )
            except (ConnectionError, asyncio.IncompleteReadError, OSError) as error:
                self.close()
                # A kept-alive connection the server closed while idle: send again once on
                # a fresh one (the server read nothing of this request).
                if reused and attempt == 0:
                    continue
                raise HTTPError(f"{type(error).__name__}: {error}") from error
            except TimeoutError as error:
                self.close()
                raise HTTPError(f"timeout after {self.timeout} s") from error
            elapsed = time.perf_counter() - start
            if response_headers.get("connection", "").lower() == "close":
                self.close()
            return Response(status, response_headers, content, elapsed)
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
        self._reader = self._writer = None

    async def _connect(self) -> None:
        self._reader, self._writer = await asyncio.open_connection(self.host, self.port)

    def _send(self, method: str, path: str, headers: dict[str, str], body: bytes) -> None:
        assert self._writer is not None
        lines = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}"]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        lines.extend(f"{name}: {value}" for name, value in headers.items())
        if body or method == "POST":
            lines.append(f"Content-Length: {len(body)}")
        self._writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)

    async def _read_response(self) -> tuple[int, dict[str, str], bytes]:
        assert self._reader is not None
        status_line = await self._reader.readuntil(b"\r\n")
        status = int(status_line.split()[1])
        headers: dict[str, str] = {}
        while (line := await self._reader.readuntil(b"\r\n")) != b"\r\n":
            name, _, value = line.decode("latin-1").partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                self._keep_cookie(value)
            headers[name] = value
        if "content-length" in headers:
            body = await self._reader.readexactly(int(headers["content-length"]))
        elif headers.get("transfer-encoding", "").lower() == "chunked":
            body = await self._read_chunked()
        elif status in (204, 304) or 100 <= status < 200:
            body = b""
        else:
            body = await self._reader.read()
            headers["connection"] = "close"
        return status, headers, body

    async def _read_chunked(self) -> bytes:
        assert self._reader is not None
        parts = []
        while size := int((await self._reader.readuntil(b"\r\n")).split(b";")[0], 16):
            parts.append(await self._reader.readexactly(size))
            await self._reader.readexactly(2)
        while await self._reader.readuntil(b"\r\n") != b"\r\n":
            pass  # trailers
        return b"".join(parts)

    def _keep_cookie(self, header: str) -> None:
        pair, _, attributes = header.partition(";")
        name, _, value = pair.partition("=")
        if value.strip('"') == "" or "max-age=0" in attributes.lower():
            self.cookies.pop(name.strip(), None)
        else:
            self.cookies[name.strip()] = value.strip()
