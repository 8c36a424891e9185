"""Every input kind and every bad-input kind of the readers (no spaCy needed: fast)."""

from __future__ import annotations

import gzip
import http.server
import io
import json
import shutil
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ClassVar

import pytest

from eventdesk.errors import InputError
from eventdesk.ingest import Failure, IngestOptions, expand_paths, read_inputs
from eventdesk.ingest.fetch import FetchPolicy, check_url, fetch
from eventdesk.records import Article

FIX = Path(__file__).parent / "fixtures" / "ingest"


def _read(*paths: str | Path, **kw: object) -> list[Article | Failure]:
    return list(read_inputs([str(p) for p in paths], **kw))  # type: ignore[arg-type]


def _articles(items: list[Article | Failure]) -> list[Article]:
    return [i for i in items if isinstance(i, Article)]


def _failures(items: list[Article | Failure]) -> list[Failure]:
    return [i for i in items if isinstance(i, Failure)]


# -- good inputs ---------------------------------------------------------------------------


def test_txt_front_matter() -> None:
    (a,) = _read(FIX / "story.txt")
    assert isinstance(a, Article)
    assert a.title == "Rebels shell army camp in Gao, killing 12 soldiers"
    assert a.outlet == "Sahel Wire" and a.published == "2020-02-17" and a.language == "en"
    assert a.text.startswith("Rebels shelled an army camp")


def test_html_main_text_and_metadata() -> None:
    (a,) = _read(FIX / "story_copy.html")
    assert isinstance(a, Article)
    assert a.title == "Mali: 12 soldiers killed as rebels shell Gao camp"
    assert a.outlet == "Bamako Daily"
    assert a.url == "https://bamakodaily.example/news/mali-gao-camp-shelled"  # canonical link
    assert a.published == "2020-02-17"
    assert a.text.startswith("Rebels shelled an army camp")  # headline not repeated
    for boilerplate in ("Subscribe", "cookie", "Copyright", "Most read", "Cotton prices"):
        assert boilerplate not in a.text
    assert a.text.count("\n\n") == 4  # five paragraphs kept apart


def test_html_without_date_uses_fallback_then_none(tmp_path: Path) -> None:
    page = tmp_path / "p.htm"
    body = "<p>" + "Soldiers clashed with rebels near Kidal on Monday, officials said. " * 5
    page.write_text(f"<html><head><title>T</title></head><body><article>{body}</p></article>")
    (a,) = _read(page, published="2021-01-04")
    assert isinstance(a, Article) and a.published == "2021-01-04"
    (b,) = _read(page)
    assert isinstance(b, Article) and b.published is None


def test_rss_entries() -> None:
    items = _read(FIX / "feed.rss")
    arts = _articles(items)
    assert [a.title for a in arts] == [
        "Suicide bomber kills 20 at Mogadishu market",
        "Drought displaces thousands in Hiiraan",
    ]
    first = arts[0]
    assert first.url == "https://hornobserver.example/2022/10/29/market-bombing"
    assert first.published == "2022-10-29"  # the publisher's local date, not shifted to UTC
    assert first.outlet == "Horn Observer"
    assert first.text.startswith("A suicide bomber blew himself up at a busy market in Mogadishu")
    assert "<" not in first.text
    (bad,) = _failures(items)
    assert "entry 3" in bad.reason and "no summary or content" in bad.reason


def test_atom_entry() -> None:
    (a,) = _read(FIX / "feed.atom")
    assert isinstance(a, Article)
    assert a.title == "M23 rebels clash with army near Goma" and a.published == "2022-11-01"
    assert a.url == "https://kivureport.example/2022/11/01/goma-clashes"


def test_jsonl_records_and_bad_lines() -> None:
    items = _read(FIX / "corpus.jsonl")
    arts = _articles(items)
    assert [a.source_path for a in arts] == [f"{FIX}/corpus.jsonl:1", f"{FIX}/corpus.jsonl:4"]
    assert arts[0].outlet == "Wire Service" and arts[0].published == "2020-02-17"
    assert arts[1].published == "2022-10-28"  # the 'date' field, RFC 2822
    reasons = [f.reason for f in _failures(items)]
    assert len(reasons) == 4
    assert reasons[0].endswith("each line must be one JSON object") and ":2:" in reasons[0]
    assert ":5: no article text in field 'text'" in reasons[1]
    assert ":6: a JSON list, expected an object" in reasons[2]
    assert ":7: date 'last Tuesday' is not understood" in reasons[3]


def test_csv_with_named_fields_and_invalid_row() -> None:
    opts = IngestOptions.for_corpus(
        text_field="body", title_field="headline", date_field="when", url_field="link"
    )
    items = _read(FIX / "corpus.csv", options=opts)
    arts = _articles(items)
    assert [a.title for a in arts] == ["Clashes near Goma", "Kabul airport attack"]
    assert arts[1].published == "2021-08-26" and arts[1].outlet == "Kabul Line"
    assert arts[1].url == "https://x.example/kabul"
    reasons = [f.reason for f in _failures(items)]
    assert reasons == [
        f"{FIX}/corpus.csv:3: invalid CSV row: 2 fields, the header has 5; check the quoting "
        "of that row",
        f"{FIX}/corpus.csv:5: no article text in field 'body'; name the text field with "
        "--text-field",
    ]


def test_csv_default_fields_name_the_missing_column() -> None:
    (f,) = _read(FIX / "corpus.csv")
    assert isinstance(f, Failure) and "no text column 'text'" in f.reason


def test_gzip_of_each_kind(tmp_path: Path) -> None:
    for name in ("story.txt", "story_copy.html", "feed.rss", "corpus.jsonl"):
        gz = tmp_path / f"{name}.gz"
        gz.write_bytes(gzip.compress((FIX / name).read_bytes()))
    plain = {a.text for a in _articles(_read(FIX / "story.txt", FIX / "story_copy.html"))}
    items = _read(tmp_path)
    arts = _articles(items)
    assert plain <= {a.text for a in arts}
    assert len(arts) == 2 + 2 + 2  # story, html, two feed entries, two corpus records
    bad = tmp_path / "bad.jsonl.gz"
    bad.write_bytes(b"not gzip at all")
    (f,) = _read(bad)
    assert isinstance(f, Failure) and "not a valid gzip file" in f.reason


def test_folder_recursive_sorted_hidden_skipped(tmp_path: Path) -> None:
    (tmp_path / "b" / "c").mkdir(parents=True)
    (tmp_path / ".git").mkdir()
    shutil.copy(FIX / "story.txt", tmp_path / "b" / "c" / "one.txt")
    shutil.copy(FIX / "story_copy.html", tmp_path / "a.html")
    shutil.copy(FIX / "other.txt", tmp_path / ".git" / "x.txt")
    (tmp_path / "notes.md").write_text("not an article file")
    got = list(expand_paths([str(tmp_path)]))
    read = [g for g in got if not isinstance(g, Failure)]
    assert read == [tmp_path / "a.html", tmp_path / "b" / "c" / "one.txt"]
    (skip,) = [g for g in got if isinstance(g, Failure)]  # reported, not silently dropped
    assert skip.kind == "skipped" and skip.source == str(tmp_path / "notes.md")
    assert "unknown file type .md, not read in a folder" in skip.reason
    (tmp_path / "empty").mkdir()
    (f,) = list(expand_paths([str(tmp_path / "empty")]))
    assert isinstance(f, Failure) and "folder holds no article files" in f.reason


@pytest.mark.parametrize(
    "data,kind",
    [
        ((FIX / "story.txt").read_bytes(), "Sahel Wire"),
        ((FIX / "story_copy.html").read_bytes(), "Bamako Daily"),
        ((FIX / "feed.atom").read_bytes(), "Kivu Report"),
        ((FIX / "corpus.jsonl").read_bytes(), "Wire Service"),
    ],
)
def test_stdin_sniffs_the_format(monkeypatch: pytest.MonkeyPatch, data: bytes, kind: str) -> None:
    class In:
        buffer = io.BytesIO(data)

    monkeypatch.setattr(sys, "stdin", In())
    arts = _articles(_read("-"))
    assert arts and arts[0].outlet == kind


# -- bad inputs ----------------------------------------------------------------------------


def test_missing_unreadable_binary_and_non_utf8(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    binary = tmp_path / "photo.html"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Soldats tués à Gao".encode("latin-1"))
    locked = tmp_path / "locked.html"
    locked.write_text("<p>x</p>")
    real_open = open

    def deny(file: object, *a: object, **k: object) -> object:
        if str(file) == str(locked):
            raise PermissionError(13, "Permission denied")
        return real_open(file, *a, **k)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", deny)
    items = _read(tmp_path / "nope.txt", binary, latin, locked)
    reasons = [f.reason for f in _failures(items)]
    assert reasons == [
        f"{tmp_path}/nope.txt: no such file or folder",
        f"{binary}: binary data (NUL bytes), not an article or corpus",
        f"{latin}: not UTF-8 (byte 10); convert it, e.g. `iconv -f latin1 -t utf-8`",
        f"{locked}: permission denied",
    ]


def test_broken_html_and_broken_feed(tmp_path: Path) -> None:
    page = tmp_path / "broken.html"
    page.write_text("<html><head><title>Only a title</title></head><body><div><script>x()")
    items = _read(page, FIX / "broken_feed.xml")
    reasons = [f.reason for f in _failures(items)]
    assert len(reasons) == 2
    assert reasons[0].startswith(f"{page}: no main article text found in the HTML")
    assert reasons[1].startswith(f"{FIX}/broken_feed.xml: broken RSS/Atom feed")


def test_size_cap_20mb_article(tmp_path: Path) -> None:
    big = tmp_path / "huge.txt"
    big.write_bytes(b"word " * 4_000_000)  # 20 MB
    gz = tmp_path / "huge.html.gz"
    gz.write_bytes(gzip.compress(b"<p>" + b"word " * 4_000_000))
    line = tmp_path / "huge.jsonl"
    line.write_text(json.dumps({"text": "word " * 4_000_000}) + "\n" + json.dumps({"text": "ok"}))
    items = _read(big, gz, line)
    reasons = [f.reason for f in _failures(items)]
    assert "20000000 bytes is too large for one article (size cap 5000000 bytes)" in reasons[0]
    assert "too large for one article (size cap)" in reasons[1]
    assert reasons[2] == f"{line}:1: line is over the size cap of 5000000 bytes"
    assert [a.text for a in _articles(items)] == ["ok"]  # the record after it still read


def test_non_english_is_a_recorded_skip() -> None:
    items = _read(FIX / "french.txt", FIX / "other.txt")
    skip = _failures(items)[0]
    assert skip.kind == "skipped"
    assert "language is French (fr" in skip.reason and "not coded" in skip.reason
    assert [a.outlet for a in _articles(items)] == ["Iraq Now"]
    everything = _read(FIX / "french.txt", options=IngestOptions(languages=()))
    assert _articles(everything)[0].language == "fr"


# -- URLs ----------------------------------------------------------------------------------


class _Handler(http.server.BaseHTTPRequestHandler):
    routes: ClassVar[dict[str, tuple[int, str, bytes, dict[str, str]]]] = {}

    def do_GET(self) -> None:
        status, ctype, body, headers = self.routes.get(
            self.path, (404, "text/plain", b"not found", {})
        )
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)
        type(self).seen_agents.append(self.headers.get("User-Agent", ""))

    seen_agents: ClassVar[list[str]] = []

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[Callable[[str], str]]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    _Handler.routes = {
        "/story.html": (
            200,
            "text/html; charset=utf-8",
            (FIX / "story_copy.html").read_bytes(),
            {},
        ),
        "/feed": (200, "application/rss+xml", (FIX / "feed.rss").read_bytes(), {}),
        "/plain": (200, "text/plain", (FIX / "other.txt").read_bytes(), {}),
        "/hop": (302, "text/plain", b"", {"Location": "/story.html"}),
        "/loop": (302, "text/plain", b"", {"Location": "/loop"}),
        "/to-file": (302, "text/plain", b"", {"Location": "file:///etc/passwd"}),
        "/big": (200, "text/html", b"<p>" + b"x" * 6_000_000, {}),
    }
    yield lambda path: base + path
    httpd.shutdown()
    httpd.server_close()


ALLOW = IngestOptions(allow_private=True, timeout=5)


def test_url_page_feed_and_text(server: Callable[[str], str]) -> None:
    items = _read(server("/story.html"), server("/feed"), server("/plain"), options=ALLOW)
    arts = _articles(items)
    assert [a.outlet for a in arts] == [
        "Bamako Daily",
        "Horn Observer",
        "Horn Observer",
        "Iraq Now",
    ]
    assert arts[0].url == "https://bamakodaily.example/news/mali-gao-camp-shelled"
    assert arts[3].url == server("/plain")
    assert all(ua.startswith("eventdesk/") for ua in _Handler.seen_agents)


def test_redirects_are_followed_and_rechecked(server: Callable[[str], str]) -> None:
    got = fetch(server("/hop"), ALLOW.fetch_policy)
    assert got.url.endswith("/story.html") and got.content_type == "text/html"
    with pytest.raises(InputError, match="more than 2 redirects"):
        fetch(server("/loop"), FetchPolicy(allow_private=True, max_redirects=2))
    with pytest.raises(InputError, match="only http and https URLs are fetched, not file"):
        fetch(server("/to-file"), ALLOW.fetch_policy)


def test_refused_urls(server: Callable[[str], str]) -> None:
    items = _read(
        server("/story.html"),  # loopback, not allowed by default
        "file:///etc/passwd",
        "http://169.254.169.254/latest/meta-data/",
        "http://10.1.2.3/x",
        "http://[::1]:80/",
        server("/nothing"),
    )
    reasons = [f.reason for f in _failures(items)]
    assert len(reasons) == 6 and not _articles(items)
    assert "resolves to 127.0.0.1 (loopback address); pass --allow-private" in reasons[0]
    assert "only http and https URLs are fetched, not file scheme" in reasons[1]
    assert "169.254.169.254 (link-local address)" in reasons[2]
    assert "10.1.2.3 (private address)" in reasons[3]
    assert "::1 (loopback address)" in reasons[4]
    assert "resolves to 127.0.0.1" in reasons[5]
    with pytest.raises(InputError, match="HTTP 404"):
        fetch(server("/nothing"), ALLOW.fetch_policy)


def test_url_size_cap(server: Callable[[str], str]) -> None:
    (f,) = _read(server("/big"), options=ALLOW)
    assert isinstance(f, Failure) and "over the size cap of 5000000 bytes" in f.reason


def test_peer_check_catches_rebinding(
    server: Callable[[str], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The pre-connect check is fooled (as by a DNS answer that changes); the socket's real
    # peer is still checked.
    monkeypatch.setattr("eventdesk.ingest.fetch.check_url", lambda url, policy: ("x", 80))
    with pytest.raises(InputError, match=r"refused: connected to 127\.0\.0\.1 \(loopback"):
        fetch(server("/story.html"), FetchPolicy())


def test_check_url_accepts_public_literal() -> None:
    assert check_url("https://93.184.216.34/a", FetchPolicy()) == ("93.184.216.34", 443)
