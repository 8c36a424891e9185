"""Request and response shapes of the HTTP API (pydantic lives only in this package).

Events, articles and quotes are the output contract's dicts (``docs/contract.md``), passed
through unchanged; the models here describe the envelopes around them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, Field, model_validator

MAX_TEXT_CHARS = 500_000


class ErrorInfo(BaseModel):
    status: int = Field(description="The HTTP status, repeated.")
    code: str = Field(description="A stable machine-readable code, e.g. not_found, unauthorized.")
    message: str = Field(description="What failed and what to do next.")
    details: list[dict[str, Any]] | None = Field(
        default=None, description="Per-parameter problems: {param, message}."
    )


class ErrorResponse(BaseModel):
    """The one error shape of every endpoint."""

    error: ErrorInfo


class EventsPage(BaseModel):
    events: list[dict[str, Any]] = Field(description="Events in the output contract's shape.")
    next_cursor: str | None = Field(
        description="Pass as ?cursor= (same filters and sort) for the next page; null at the end."
    )
    total: int | None = Field(default=None, description="Matching events, when ?total=true.")
    sort: str
    limit: int


class Highlight(BaseModel):
    role: str = Field(description="sentence, trigger, actor1, actor2, location, date, ...")
    start: int
    end: int
    text: str


class RelatedArticle(BaseModel):
    kind: str = Field(
        description="copy: a near-duplicate of this article; same_event: another article "
        "reporting the same canonical event."
    )
    article_id: str
    title: str | None
    outlet: str | None
    url: str | None
    published: str | None


class Sources(BaseModel):
    reported_by: list[str] = Field(description="Who the article credits for the claim.")
    outlet: str | None
    url: str | None
    title: str | None
    published: str | None
    related: list[RelatedArticle] = Field(
        default_factory=list,
        description="Other articles reporting the same (canonical) event, when the store "
        "groups them.",
    )


class EventDetail(BaseModel):
    event: dict[str, Any]
    article: dict[str, Any] = Field(description="The article (with text) the offsets point into.")
    highlights: list[Highlight]
    quotes: list[dict[str, Any]]
    sources: Sources


class ArticleDetail(BaseModel):
    article: dict[str, Any]
    events: list[dict[str, Any]]
    quotes: list[dict[str, Any]]


class Health(BaseModel):
    status: str
    version: str
    database: str = Field(description="sqlite or postgresql")
    schema_version: int
    full_text: bool
    counts: dict[str, int]
    writable: bool = Field(description="Whether POST /api/articles is enabled (a token is set).")


class Points(BaseModel):
    columns: list[str]
    points: list[list[Any]]
    truncated: bool


class ArticleIn(BaseModel):
    """An article to ingest: plain ``text`` or ``html`` (exactly one), with optional metadata."""

    text: str | None = Field(default=None, max_length=MAX_TEXT_CHARS)
    html: str | None = Field(default=None, max_length=MAX_TEXT_CHARS * 4)
    title: str | None = Field(default=None, max_length=1000)
    url: str | None = Field(default=None, max_length=2000)
    outlet: str | None = Field(default=None, max_length=200)
    published: date | None = Field(
        default=None, description="Publication date; relative dates resolve against it."
    )

    @model_validator(mode="after")
    def _one_body(self) -> ArticleIn:
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of 'text' or 'html'")
        return self


class IngestResult(BaseModel):
    article_id: str
    new: bool = Field(description="False when the article was already stored (nothing written).")
    events: list[dict[str, Any]]
    quotes: list[dict[str, Any]]
