"""Answers computed once per version of the data: aggregates (stats, facets, clusters, actor
names) and ``/health``'s counts are kept until something is written to the database.

The backend tells the version (:meth:`eventdesk.api.backend.Backend.data_version`: SQLite's
``PRAGMA data_version``, which changes when any connection, of this process or another,
commits; PostgreSQL's WAL position). While the server runs, a thread of its own asks twice
every ``check_every`` seconds (:meth:`Versions.watch`), so an ingest run by another process
shows within that time, the version is always known on the event loop, and a cached answer
never waits behind the worker threads for a version check; without the thread (or when it is
late) the first request after ``check_every`` asks, once, for everyone. A write through this
server's ``POST /api/articles`` shows at once (:meth:`Versions.bump`).

One computation per key at a time: concurrent requests for the same missing answer wait for
the first one instead of computing it again (no stampede after a write). :meth:`Cache.peek`
never touches the database, so the event loop can use it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

T = TypeVar("T")
logger = logging.getLogger(__name__)


class Versions:
    """The data version as a counter that moves whenever the database's token changes."""

    def __init__(self, read_token: Callable[[], Any], check_every: float = 0.25) -> None:
        self._read = read_token
        self._every = check_every
        self._lock = threading.Lock()
        self._token: Any = object()
        self._checked = float("-inf")
        self._version = 0

    def known(self) -> int | None:
        """The version if it was checked less than ``check_every`` seconds ago, else None;
        never asks the database (so it may run on the event loop)."""
        with self._lock:
            if time.monotonic() - self._checked < self._every:
                return self._version
            return None

    def current(self) -> int:
        """The version, asking the database when the last check is too old."""
        now = time.monotonic()
        with self._lock:
            if now - self._checked < self._every:
                return self._version
            self._checked = now  # this caller asks; the others take the version known
        return self._apply(self._read())

    def refresh(self) -> int:
        """Ask the database for its version now."""
        asked = time.monotonic()
        token = self._read()
        with self._lock:
            self._checked = max(self._checked, asked)
        return self._apply(token)

    def _apply(self, token: Any) -> int:
        with self._lock:
            if token != self._token:
                self._token = token
                self._version += 1
            return self._version

    @contextmanager
    def watch(self) -> Iterator[None]:
        """Within the block, a daemon thread checks the version twice per ``check_every``
        (a failed check is retried at the next turn; requests then check for themselves)."""
        stop = threading.Event()

        def run() -> None:
            failing = False
            while not stop.wait(self._every / 2):
                try:
                    self.refresh()
                except Exception as exc:  # the database may be briefly unreadable
                    if not failing:
                        logger.warning("cannot read the data version (%s); retrying", exc)
                    failing = True
                else:
                    failing = False

        thread = threading.Thread(target=run, name="eventdesk-version-watch", daemon=True)
        thread.start()
        try:
            yield
        finally:
            stop.set()
            thread.join(timeout=5)

    def bump(self) -> None:
        """Something was written: forget every cached answer now."""
        with self._lock:
            self._version += 1
            self._checked = float("-inf")


def _nbytes(value: Any) -> int:
    """The memory an answer holds, as far as it tells (``nbytes``; 0 otherwise)."""
    return int(getattr(value, "nbytes", 0))


class Cache(Generic[T]):
    """An LRU of answers, each valid for the data version it was computed at, bounded in
    entries (``size``) and in the bytes the answers report (``max_bytes``); answers of an
    older version are dropped first when a new one is stored."""

    def __init__(self, versions: Versions, size: int = 256, max_bytes: int = 128 << 20) -> None:
        self.versions = versions
        self.size = size
        self.max_bytes = max_bytes
        self.nbytes = 0
        self._items: OrderedDict[Hashable, tuple[int, T]] = OrderedDict()
        self._lock = threading.Lock()
        self._busy: dict[Hashable, threading.Lock] = {}
        self.hits = 0
        self.misses = 0

    def _fresh(self, key: Hashable, version: int) -> tuple[bool, T | None]:
        item = self._items.get(key)
        if item is not None and item[0] == version:
            self._items.move_to_end(key)
            return True, item[1]
        return False, None

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        version = self.versions.current()
        with self._lock:
            found, value = self._fresh(key, version)
            if found:
                self.hits += 1
                return value  # type: ignore[return-value]
            busy = self._busy.setdefault(key, threading.Lock())
        with busy:
            with self._lock:
                found, value = self._fresh(key, version)
                if found:
                    self.hits += 1
                    return value  # type: ignore[return-value]
                self.misses += 1
            try:
                result = compute()
                with self._lock:
                    self._store(key, version, result)
            finally:
                with self._lock:
                    self._busy.pop(key, None)
            return result

    def _store(self, key: Hashable, version: int, value: T) -> None:
        """Keep ``value`` (the lock is held), then evict: old versions, then the least
        recently used, until both bounds hold (the new answer itself stays)."""
        old = self._items.pop(key, None)
        if old is not None:
            self.nbytes -= _nbytes(old[1])
        for k in [k for k, (v, _) in self._items.items() if v != version]:
            self.nbytes -= _nbytes(self._items.pop(k)[1])
        self._items[key] = (version, value)
        self.nbytes += _nbytes(value)
        while len(self._items) > 1 and (
            len(self._items) > self.size or self.nbytes > self.max_bytes
        ):
            _, (_, dropped) = self._items.popitem(last=False)
            self.nbytes -= _nbytes(dropped)

    def peek(self, key: Hashable) -> T | None:
        """The answer for ``key`` if it is known to be current, without computing it and
        without asking the database for its version (None otherwise)."""
        version = self.versions.known()
        if version is None:
            return None
        with self._lock:
            found, value = self._fresh(key, version)
            return value if found else None
