"""A base for things that hold a resource: ``with X(...) as x:`` calls ``x.close()`` on exit."""

from __future__ import annotations

from types import TracebackType
from typing import Self


class Closing:
    """Subclasses define :meth:`close`; the context-manager protocol comes from here."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
