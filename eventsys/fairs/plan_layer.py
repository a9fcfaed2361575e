"""A hall's plan layer (its legend, booths and list of booths, the same for everyone) as a resource of its own,
answered from the page cache before the app sees the request.

`fairs.show_plan_layer` builds the layer (templates/fairs/_plan_layer.html) into the page cache under the name
`plan:<fair slug>:<hall slug>:<language>` with the scopes it shows (services/page_cache.py), and keeps the finished
bytes, plain and gzipped, in this process under the entry's ETag (`remember`). After that, `FastPath` answers a
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
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable

from eventsys.operations import logs

#: The layer's address; the language is in the query, so the address alone names what is served.
PATH = re.compile(r"^/fairs/([a-z0-9-]+)/halls/([a-z0-9-]+)/plan$")
#: Finished layers and shells kept per process (a few languages and kinds of a few halls).
KEPT = 64
#: The app's headers that a kept shell is not answered with: this request's cookies, and what the fast path sets.
_NOT_KEPT = {"set-cookie", "content-length", "etag", "content-encoding", "x-request-id"}


def entry_name(fair_slug: str, hall_slug: str, language: str) -> str:
    return f"plan:{fair_slug}:{hall_slug}:{language}"


class _Kept:
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


_KEPT = _Kept()


def remember(name: str, scopes: Iterable[str], etag: str, body: str) -> tuple[bytes, bytes]:
    """The entry's bytes (plain, gzipped), kept for the fast path; made once per ETag in this process."""
    return _KEPT.get(etag) or _KEPT.put(name, sorted(set(scopes)), etag, body)


def forget() -> None:
    """Drop what this process keeps (tests, whose rolled-back rows' ids and slugs come again)."""
    with _KEPT.lock:
        _KEPT.bodies.clear()
        _KEPT.scopes.clear()
        _KEPT.headers.clear()
        _KEPT.name_headers.clear()


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


class FastPath:
    """WSGI middleware: the plan layer, the hall page's shell and the free booths from the page cache, or the app
    when the cache cannot answer for sure. Its answers are logged and counted as the app's (`_note`)."""

    def __init__(self, wsgi_app: Callable, app):
        from eventsys.api.hold_refusals import HoldRefusals
        from eventsys.services import page_cache

        self.wsgi_app = wsgi_app
        self.store = page_cache.store_for(app.config)
        self.languages = set(app.config["LANGUAGES"])
        self.config = app.config
        self.logger = app.logger
        self.refusals = HoldRefusals(app, self.store)

    def __call__(self, environ, start_response):
        method = environ.get("REQUEST_METHOD")
        if method == "POST":
            return self._hold(environ, start_response)
        route = self._route(environ) if method in ("GET", "HEAD") else None
        if route is None:
            return self.wsgi_app(environ, start_response)
        started = time.perf_counter()
        endpoint, name, marked = route
        answer = self._from_cache(name, marked) if name is not None else None
        if answer is None:
            if marked:
                return _keep_marked(self.wsgi_app, environ, start_response)
            return self.wsgi_app(environ, start_response)
        status, headers, body = _answer(environ, *answer)
        request_id = logs.request_id_for(environ.get("HTTP_X_REQUEST_ID", ""))
        start_response(status, [*headers, (logs.HEADER, request_id)])
        self._note(environ, endpoint, int(status[:3]), time.perf_counter() - started, request_id)
        return [] if method == "HEAD" else [body]

    def _hold(self, environ, start_response):
        """A hold of a booth the fair's taken booths list refused as the app refuses it (api/hold_refusals.py); any
        other POST goes to the app."""
        from eventsys.api import hold_refusals

        found = hold_refusals.PATH.match(environ.get("PATH_INFO", ""))
        if found is None:
            return self.wsgi_app(environ, start_response)
        started = time.perf_counter()
        try:
            answer = self.refusals.answer(environ, int(found[1]), time.time())
        except Exception:  # noqa: BLE001 - the app answers, and logs what is wrong with the cache
            answer = None
        if answer is None:
            return self.refusals.learn(self.wsgi_app, environ, start_response)
        headers, body = answer
        request_id = logs.request_id_for(environ.get("HTTP_X_REQUEST_ID", ""))
        start_response("409 CONFLICT", [*headers, ("Content-Length", str(len(body))), (logs.HEADER, request_id)])
        self._note(environ, "api.booths.hold_booth", 409, time.perf_counter() - started, request_id)
        return [body]

    def _route(self, environ) -> tuple[str, str | None, bool] | None:
        """(the endpoint, the entry this request may be answered with or None, whether the app marks its answer)
        for an address the fast path serves, else None."""
        from eventsys.api import booths
        from eventsys.fairs import hall_shell

        path, query = environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", "")
        if (found := PATH.match(path)) is not None:
            if not query.startswith("lang=") or query[5:] not in self.languages:
                return "fairs.show_plan_layer", None, False
            return "fairs.show_plan_layer", entry_name(found[1], found[2], query[5:]), False
        if (found := hall_shell.PATH.match(path)) is not None:
            return "fairs.show_hall", hall_shell.shell_name(environ, self.config, found[1], found[2]), True
        if (found := booths.FREE_BOOTHS_PATH.match(path)) is not None:
            return "api.booths.list_free_booths", None if query else booths.free_booths_name(found[1]), True
        return None

    def _from_cache(self, name: str, marked: bool):
        """(ETag, bytes, the app's headers or None) of the current entry `name`, when this process has its bytes
        or can fetch them from the store."""
        from eventsys.services import page_cache

        scopes = _KEPT.scopes.get(name)
        if scopes is None:
            return None
        try:
            etag = page_cache.current_etag(self.store, name, scopes)
            packed = _KEPT.get(etag) if etag else None
            if packed is None and etag:
                etag, packed = self._fetch(name, scopes, marked)
        except Exception:  # noqa: BLE001 - the app answers, and logs what is wrong with the cache
            return None
        return None if packed is None else (etag, packed, _KEPT.headers.get(etag))

    def _fetch(self, name: str, scopes: list[str], marked: bool):
        """(ETag, bytes) of the current entry built by another process (with Redis, another server), kept here from
        now on: after each change one request of all servers goes to the app, not the first of each process. A
        marked answer needs the app's headers, which this process has seen only once it answered the name."""
        from eventsys.services import page_cache

        headers = _KEPT.name_headers.get(name)
        entry = None if marked and headers is None else page_cache.current_entry(self.store, name, scopes)
        if entry is None:
            return None, None
        return entry.etag, _KEPT.put(name, scopes, entry.etag, entry.body, headers if marked else None)

    def _note(self, environ, endpoint: str, status: int, seconds: float, request_id: str) -> None:
        """The request's metrics and log line, as operations.metrics and operations.logs write them for the app's."""
        from eventsys.operations import metrics

        method = environ["REQUEST_METHOD"]
        metrics.count(endpoint, method, status, seconds)
        if self.config["LOG_REQUESTS"]:
            path, client = environ.get("PATH_INFO", ""), environ.get("REMOTE_ADDR")
            fields = logs.request_fields(method, path, endpoint, status, seconds, client)
            self.logger.info("request", extra={"fields": fields, "request_id": request_id})


def _answer(environ, etag: str, packed: tuple[bytes, bytes], kept_headers):
    """200 with the kept bytes (gzipped when accepted), or 304 to a client that has them."""
    if etag_matches(environ.get("HTTP_IF_NONE_MATCH", ""), etag):
        if kept_headers is None:
            headers = [(k, v) for k, v in answer_headers(etag, 0, False) if k != "Content-Length"]
        else:
            headers = [*kept_headers, ("ETag", f'"{etag}"')]
        return "304 NOT MODIFIED", headers, b""
    zipped = accepts_gzip(environ.get("HTTP_ACCEPT_ENCODING", ""))
    body = packed[1] if zipped else packed[0]
    if kept_headers is None:
        return "200 OK", answer_headers(etag, len(body), zipped), body
    headers = [*kept_headers, ("ETag", f'"{etag}"'), ("Content-Length", str(len(body)))]
    if zipped:
        headers.append(("Content-Encoding", "gzip"))
    return "200 OK", headers, body


def _keep_marked(wsgi_app, environ, start_response):
    """The app's answer; one it marks (hall_shell.KEEP_HEADER: a hall page's shell, the free booths) is kept for the
    fast path."""
    from eventsys.fairs import hall_shell

    seen = {}

    def starting(status, headers, exc_info=None):
        marked = [v for k, v in headers if k == hall_shell.KEEP_HEADER]
        headers = [(k, v) for k, v in headers if k != hall_shell.KEEP_HEADER]
        seen.update(status=status, headers=headers, marked=marked[0] if marked else None)
        return start_response(status, headers, exc_info)

    body = wsgi_app(environ, starting)
    if not seen.get("marked") or not seen["status"].startswith("200") or environ["REQUEST_METHOD"] != "GET":
        return body
    try:
        content = b"".join(body)
    finally:
        if hasattr(body, "close"):
            body.close()
    etag = next((v.strip('"') for k, v in seen["headers"] if k.lower() == "etag"), None)
    if etag:
        name, *scopes = seen["marked"].split(" ")
        kept = [(k, v) for k, v in seen["headers"] if k.lower() not in _NOT_KEPT]
        if not any(k.lower() == "vary" for k, _v in kept):
            kept.append(("Vary", "Accept-Encoding"))
        else:
            kept = [(k, f"{v}, Accept-Encoding" if k.lower() == "vary" else v) for k, v in kept]
        _KEPT.get(etag) or _KEPT.put(name, sorted(set(scopes)), etag, content, kept)
    return [content]
