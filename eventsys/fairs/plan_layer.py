"""A hall's plan layer (its legend, booths and list of booths, the same for everyone) as a resource of its own,
answered from the page cache before the app sees the request.

`fairs.show_plan_layer` builds the layer (templates/fairs/_plan_layer.html) into the page cache under the name
`plan:<fair slug>:<hall slug>:<language>` with the scopes it shows (services/page_cache.py), and keeps the finished
bytes, plain and gzipped, in this process under the entry's ETag (`remember`). After that, the fast path
(eventsys/fast_path.py) answers a
GET of the layer's address itself: one read of the scopes' versions and the entry's ETag (one MGET with Redis),
then the stored bytes, gzipped when the client accepts it, or 304 for a browser that has them. No session, user,
language choice or database: the layer is public, and stored only for a fair everyone may see.

The hall page's shell (fairs/hall_shell.py) and a fair's free booths (api/booths.py, public, the JSON clients poll
in a rush) take the same way: the app answers them once with the header `hall_shell.KEEP_HEADER` ("name scope
..."), and the fast path keeps those bytes and headers (less cookies and the request id) under their ETag. Every
fast answer has a request id of its own and is logged and counted under its endpoint as the app's answers are.

When the entry is current but another process built it (after a change, the first request of all workers and
servers rebuilds it), the fast path reads its bytes from the page cache once more and keeps them: one request per
change reaches the app, not one per process.

Whatever the fast path is not sure of it leaves to the app: an unknown or stale entry (a booking, cancellation or
edit bumped a scope; a hold's end ended its lifetime), an entry this process has never answered (it knows neither
its scopes nor the app's headers), a query other than `?lang=<language>`. The app then builds or fetches the entry
and the next request is fast again.
"""

from __future__ import annotations

import gzip
import re
import threading
from collections import OrderedDict
from collections.abc import Iterable

#: The layer's address; the language is in the query, so the address alone names what is served.
PATH = re.compile(r"^/fairs/([a-z0-9-]+)/halls/([a-z0-9-]+)/plan$")
#: Finished layers and shells kept per process (a few languages and kinds of a few halls).
KEPT = 64


def entry_name(fair_slug: str, hall_slug: str, language: str) -> str:
    return f"plan:{fair_slug}:{hall_slug}:{language}"


class KeptAnswers:
    """Finished bytes by ETag, and the scopes of each entry name, in this process."""

    def __init__(self):
        self.lock = threading.Lock()
        self.bodies: OrderedDict[str, tuple[bytes, bytes]] = OrderedDict()
        #: The app's headers of a kept shell, by ETag (the plan layer's are `answer_headers`).
        self.headers: dict[str, list[tuple[str, str]]] = {}
        #: The app's headers of each entry name's latest kept answer: those of its next bytes, fetched from the store.
        self.name_headers: dict[str, list[tuple[str, str]]] = {}
        self.scopes: dict[str, list[str]] = {}

    def get(self, etag: str) -> tuple[bytes, bytes] | None:
        with self.lock:
            return self.bodies.get(etag)

    def put(self, name: str, scopes: list[str], etag: str, body: str | bytes, headers=None) -> tuple[bytes, bytes]:
        plain = body.encode() if isinstance(body, str) else body
        packed = (plain, gzip.compress(plain, compresslevel=6, mtime=0))
        with self.lock:
            self.bodies[etag] = packed
            self.bodies.move_to_end(etag)
            if headers is not None:
                self.headers[etag] = self.name_headers[name] = headers
            while len(self.bodies) > KEPT:
                self.headers.pop(self.bodies.popitem(last=False)[0], None)
            self.scopes[name] = scopes
        return packed


#: What this process keeps, read by the fast path (eventsys/fast_path.py) too.
kept_answers = KeptAnswers()


def remember(name: str, scopes: Iterable[str], etag: str, body: str) -> tuple[bytes, bytes]:
    """The entry's bytes (plain, gzipped), kept for the fast path; made once per ETag in this process."""
    return kept_answers.get(etag) or kept_answers.put(name, sorted(set(scopes)), etag, body)


def forget() -> None:
    """Drop what this process keeps (tests, whose rolled-back rows' ids and slugs come again)."""
    with kept_answers.lock:
        kept_answers.bodies.clear()
        kept_answers.scopes.clear()
        kept_answers.headers.clear()
        kept_answers.name_headers.clear()


def accepts_gzip(header: str) -> bool:
    """Whether an Accept-Encoding header allows gzip (not with q=0)."""
    for part in header.lower().split(","):
        coding, _, params = part.strip().partition(";")
        if coding.strip() in ("gzip", "*"):
            return params.replace(" ", "") not in ("q=0", "q=0.0", "q=0.00", "q=0.000")
    return False


def answer_headers(etag: str, length: int, zipped: bool) -> list[tuple[str, str]]:
    """The headers of the layer, from the app and from the fast path alike."""
    headers = [
        ("Content-Type", "text/html; charset=utf-8"),
        ("ETag", f'"{etag}"'),
        # Anyone may keep it, but must ask each time: a booking may change it any second, and 304 is cheap.
        ("Cache-Control", "public, no-cache"),
        ("Vary", "Accept-Encoding"),
        ("Content-Length", str(length)),
        # What the app's security headers (extensions._init_security_headers) would say of a page with no script.
        ("X-Content-Type-Options", "nosniff"),
        ("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; frame-ancestors 'none'"),
        ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ]
    if zipped:
        headers.append(("Content-Encoding", "gzip"))
    return headers


def etag_matches(header: str, etag: str) -> bool:
    return header.strip() == "*" or any(tag.strip().removeprefix("W/").strip('"') == etag for tag in header.split(","))
