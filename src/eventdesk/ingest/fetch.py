"""Fetch one URL safely: http(s) only, public addresses only, bounded in time, size and hops.

Rules (each refusal is an :class:`~eventdesk.errors.InputError` whose message names the URL,
what was refused and what to do):

- only ``http`` and ``https`` URLs (no ``file://``, ``ftp://``, ``data:``...);
- the host must resolve only to public addresses: loopback, private (RFC 1918, ULA), link-local
  (including the 169.254.169.254 metadata address), multicast, reserved and unspecified
  addresses are refused unless ``allow_private=True``. The check runs before connecting (for a
  clear message) and again on the socket's actual peer after connecting, so a DNS answer that
  changes between the two (DNS rebinding) is still refused;
- redirects are followed by hand, at most ``max_redirects`` hops, each target re-checked;
- one overall deadline of ``timeout`` seconds for the whole fetch: name resolution aside,
  connecting, sending, the status line and headers, the body and every redirect hop together.
  A server that answers slowly, or drips its headers or body a byte at a time, is cut off when
  the deadline passes (a watchdog shuts the socket down), and the fetch fails with the reason;
- at most ``max_bytes`` of body (``Content-Length`` checked first, then counted while reading);
- environment proxies are ignored (the peer check must see the real server);
- a clear ``User-Agent``; ``Accept-Encoding: identity`` (no compressed bodies to inflate).

Only the standard library (``urllib``/``http.client``) is used.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from functools import partial
from typing import Any
from urllib.parse import urljoin, urlsplit

from .. import __version__
from ..errors import InputError

USER_AGENT = f"eventdesk/{__version__} (news event coder; +https://pypi.org/project/eventdesk/)"
_REDIRECTS = {301, 302, 303, 307, 308}
_CHUNK = 65_536


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """Limits for fetching URLs; the defaults are safe for untrusted input."""

    allow_private: bool = False
    timeout: float = 20.0
    max_bytes: int = 5_000_000
    max_redirects: int = 5
    user_agent: str = USER_AGENT


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # the final URL, after redirects
    content_type: str  # lower-case media type without parameters, "" if none
    charset: str | None
    data: bytes


class _RefusedAddress(OSError):
    pass


class Deadline:
    """One fetch's overall deadline. Sockets registered with :meth:`watch` are shut down when
    it passes, which ends any read or write blocked on them at once."""

    def __init__(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds
        self.expired = False
        self._lock = threading.Lock()
        self._socks: list[socket.socket] = []
        self._timer = threading.Timer(max(seconds, 0.0), self._fire)
        self._timer.daemon = True
        self._timer.start()

    def remaining(self) -> float:
        return self.at - time.monotonic()

    def passed(self) -> bool:
        return self.expired or self.remaining() <= 0

    def watch(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self._lock:
            self._socks.append(sock)
            late = self.expired
        if late:
            _shut(sock)

    def _fire(self) -> None:
        with self._lock:
            self.expired = True
            socks = list(self._socks)
        for sock in socks:
            _shut(sock)

    def cancel(self) -> None:
        self._timer.cancel()


def _shut(sock: socket.socket) -> None:
    # the plain socket's shutdown, also for an SSL socket: it wakes a blocked read
    with contextlib.suppress(OSError):
        socket.socket.shutdown(sock, socket.SHUT_RDWR)


def _address_problem(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why ``ip`` is not a public address, or None when it is."""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for attr, label in (
        ("is_loopback", "loopback"),
        ("is_link_local", "link-local"),
        ("is_private", "private"),
        ("is_multicast", "multicast"),
        ("is_unspecified", "unspecified"),
        ("is_reserved", "reserved"),
    ):
        if getattr(ip, attr):
            return label
    return None


def _hint(policy: FetchPolicy) -> str:
    return "" if policy.allow_private else "; pass --allow-private to fetch from such addresses"


def check_url(url: str, policy: FetchPolicy) -> tuple[str, int]:
    """Refuse a URL that breaks the rules above; return its (host, port)."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise InputError(
            f"{url}: refused: only http and https URLs are fetched, not {scheme or 'no'} scheme; "
            "give local files as paths"
        )
    host = parts.hostname
    if not host:
        raise InputError(f"{url}: refused: the URL has no host name")
    try:
        port = parts.port or (443 if scheme == "https" else 80)
    except ValueError as exc:
        raise InputError(f"{url}: refused: bad port ({exc})") from None
    if policy.allow_private:
        return host, port
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise InputError(f"{url}: cannot resolve host {host!r} ({exc}); check the URL") from None
    for info in infos:
        ip = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        problem = _address_problem(ip)
        if problem:
            raise InputError(
                f"{url}: refused: host {host!r} resolves to {ip} ({problem} address){_hint(policy)}"
            )
    return host, port


def _check_peer(sock: socket.socket | None, allow_private: bool) -> None:
    if allow_private or sock is None:
        return
    peer = sock.getpeername()[0]
    problem = _address_problem(ipaddress.ip_address(str(peer).split("%", 1)[0]))
    if problem:
        sock.close()
        raise _RefusedAddress(f"connected to {peer} ({problem} address)")


class _GuardedHTTPConnection(http.client.HTTPConnection):
    def __init__(
        self,
        *args: Any,
        allow_private: bool = False,
        deadline: Deadline | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._allow_private = allow_private
        self._deadline = deadline

    def connect(self) -> None:
        super().connect()
        _check_peer(self.sock, self._allow_private)
        if self._deadline is not None:
            self._deadline.watch(self.sock)


class _GuardedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(
        self,
        *args: Any,
        allow_private: bool = False,
        deadline: Deadline | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._allow_private = allow_private
        self._deadline = deadline

    def connect(self) -> None:
        # the plain socket is watched before the TLS handshake, so a slow handshake is cut too
        http.client.HTTPConnection.connect(self)
        if self._deadline is not None:
            self._deadline.watch(self.sock)
        _check_peer(self.sock, self._allow_private)
        # what HTTPSConnection.connect does after connecting (private attributes of http.client)
        server_hostname = getattr(self, "_tunnel_host", None) or self.host
        context: ssl.SSLContext = getattr(self, "_context")  # noqa: B009
        self.sock = context.wrap_socket(self.sock, server_hostname=server_hostname)


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, allow_private: bool, deadline: Deadline | None = None) -> None:
        super().__init__()
        self._allow_private = allow_private
        self._deadline = deadline

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        conn = partial(
            _GuardedHTTPConnection, allow_private=self._allow_private, deadline=self._deadline
        )
        return self.do_open(conn, req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, allow_private: bool, deadline: Deadline | None = None) -> None:
        super().__init__()
        self._allow_private = allow_private
        self._deadline = deadline

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        conn = partial(
            _GuardedHTTPSConnection, allow_private=self._allow_private, deadline=self._deadline
        )
        return self.do_open(conn, req)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hand 3xx responses back to :func:`fetch`, which re-checks every target."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


def _opener(policy: FetchPolicy, deadline: Deadline) -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({}),
        _NoRedirect(),
        _HTTPHandler(policy.allow_private, deadline),
        _HTTPSHandler(policy.allow_private, deadline),
    )


def _too_slow(url: str, policy: FetchPolicy) -> InputError:
    return InputError(
        f"{url}: timed out: the fetch did not finish within {policy.timeout:g} s (connect, "
        "headers and body together); try again later or raise --timeout"
    )


def fetch(url: str, policy: FetchPolicy | None = None) -> Fetched:
    """GET ``url`` under ``policy``; raise InputError with a clear reason when refused/failed.

    The whole fetch, redirects included, must finish within ``policy.timeout`` seconds."""
    policy = policy or FetchPolicy()
    deadline = Deadline(policy.timeout)
    try:
        return _fetch(url, policy, deadline)
    finally:
        deadline.cancel()


def _fetch(url: str, policy: FetchPolicy, deadline: Deadline) -> Fetched:
    opener = _opener(policy, deadline)
    current = url
    for _hop in range(policy.max_redirects + 1):
        check_url(current, policy)
        if deadline.passed():
            raise _too_slow(current, policy)
        req = urllib.request.Request(
            current,
            headers={
                "User-Agent": policy.user_agent,
                "Accept": "text/html,application/xhtml+xml,application/rss+xml,"
                "application/atom+xml,application/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5",
                "Accept-Encoding": "identity",
            },
        )
        try:
            # the socket timeout bounds connecting; the deadline's watchdog bounds the rest
            resp = opener.open(req, timeout=max(deadline.remaining(), 0.001))
        except urllib.error.HTTPError as exc:
            location = exc.headers.get("Location") if exc.code in _REDIRECTS else None
            exc.close()
            if location:
                current = urljoin(current, location)
                continue
            raise InputError(f"{current}: HTTP {exc.code} {exc.reason}; check the URL") from None
        except urllib.error.URLError as exc:
            reason = exc.reason
            if isinstance(reason, _RefusedAddress):
                raise InputError(f"{current}: refused: {reason}{_hint(policy)}") from None
            if deadline.passed() or isinstance(reason, TimeoutError | socket.timeout):
                raise _too_slow(current, policy) from None
            raise InputError(f"{current}: cannot fetch ({reason})") from None
        except (OSError, http.client.HTTPException, ValueError) as exc:
            if deadline.passed() or isinstance(exc, TimeoutError):
                raise _too_slow(current, policy) from None
            raise InputError(f"{current}: cannot fetch ({exc})") from None
        with resp:
            return _read_body(resp, current, policy, deadline)
    raise InputError(
        f"{url}: refused: more than {policy.max_redirects} redirects; open the final URL directly"
    )


def _read_body(resp: Any, url: str, policy: FetchPolicy, deadline: Deadline) -> Fetched:
    length = resp.headers.get("Content-Length")
    if length and length.isdigit() and int(length) > policy.max_bytes:
        raise InputError(
            f"{url}: refused: {int(length)} bytes is over the size cap of {policy.max_bytes} bytes"
        )
    chunks: list[bytes] = []
    size = 0
    try:
        while chunk := resp.read1(_CHUNK):
            size += len(chunk)
            if size > policy.max_bytes:
                raise InputError(
                    f"{url}: refused: body is over the size cap of {policy.max_bytes} bytes"
                )
            chunks.append(chunk)
            if deadline.passed():
                raise _too_slow(url, policy)
    except (OSError, http.client.HTTPException, ValueError) as exc:
        if deadline.passed() or isinstance(exc, TimeoutError):
            raise _too_slow(url, policy) from None
        raise InputError(f"{url}: connection broke while reading ({exc})") from None
    if deadline.passed():  # the watchdog's shutdown reads as an early end of the body
        raise _too_slow(url, policy)
    ctype = resp.headers.get_content_type() if resp.headers.get("Content-Type") else ""
    charset = resp.headers.get_content_charset()
    return Fetched(
        url=resp.geturl() or url, content_type=ctype, charset=charset, data=b"".join(chunks)
    )
