"""What is answered before the app sees the request (`FastPath`, the WSGI layer around the app): the pages and JSON
everyone reloads in a rush, from the page cache, and the holds of booths the page cache knows are taken.

- A hall's plan layer (fairs/plan_layer.py, which keeps the finished bytes), the hall page's shell
  (fairs/hall_shell.py) and a fair's free booths (api/booths.py): one read of the entry's versions and ETag, then
  the kept bytes (gzipped when accepted) or 304.
- A hold of a taken booth (api/hold_refusals.py): the app's own 409.

Whatever it is not sure of goes to the app, which answers it and, by a header, teaches this process the next fast
answer. Every fast answer has a request id of its own and is logged and counted under its endpoint as the app's
answers are. It sits above the app's parts (fairs/, api/), which know nothing of it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from eventsys.api import booths, hold_refusals
from eventsys.fairs import hall_shell, plan_layer
from eventsys.fairs.plan_layer import accepts_gzip, answer_headers, etag_matches, kept_answers
from eventsys.operations import logs, metrics
from eventsys.services import page_cache

#: The app's headers that a kept shell is not answered with: this request's cookies, and what the fast path sets.
_NOT_KEPT = {"set-cookie", "content-length", "etag", "content-encoding", "x-request-id"}


class FastPath:
    """WSGI middleware: the plan layer, the hall page's shell and the free booths from the page cache, and refusals
    of taken booths' holds, or the app when the cache cannot answer for sure. Its answers are logged and counted as
    the app's (`_note`)."""

    def __init__(self, wsgi_app: Callable, app):
        self.wsgi_app = wsgi_app
        self.store = page_cache.store_for(app.config)
        self.languages = set(app.config["LANGUAGES"])
        self.config = app.config
        self.logger = app.logger
        self.refusals = hold_refusals.HoldRefusals(app, self.store)

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

        path, query = environ.get("PATH_INFO", ""), environ.get("QUERY_STRING", "")
        if (found := plan_layer.PATH.match(path)) is not None:
            if not query.startswith("lang=") or query[5:] not in self.languages:
                return "fairs.show_plan_layer", None, False
            return "fairs.show_plan_layer", plan_layer.entry_name(found[1], found[2], query[5:]), False
        if (found := hall_shell.PATH.match(path)) is not None:
            return "fairs.show_hall", hall_shell.shell_name(environ, self.config, found[1], found[2]), True
        if (found := booths.FREE_BOOTHS_PATH.match(path)) is not None:
            return "api.booths.list_free_booths", None if query else booths.free_booths_name(found[1]), True
        return None

    def _from_cache(self, name: str, marked: bool):
        """(ETag, bytes, the app's headers or None) of the current entry `name`, when this process has its bytes
        or can fetch them from the store."""

        scopes = kept_answers.scopes.get(name)
        if scopes is None:
            return None
        try:
            etag = page_cache.current_etag(self.store, name, scopes)
            packed = kept_answers.get(etag) if etag else None
            if packed is None and etag:
                etag, packed = self._fetch(name, scopes, marked)
        except Exception:  # noqa: BLE001 - the app answers, and logs what is wrong with the cache
            return None
        return None if packed is None else (etag, packed, kept_answers.headers.get(etag))

    def _fetch(self, name: str, scopes: list[str], marked: bool):
        """(ETag, bytes) of the current entry built by another process (with Redis, another server), kept here from
        now on: after each change one request of all servers goes to the app, not the first of each process. A
        marked answer needs the app's headers, which this process has seen only once it answered the name."""

        headers = kept_answers.name_headers.get(name)
        entry = None if marked and headers is None else page_cache.current_entry(self.store, name, scopes)
        if entry is None:
            return None, None
        return entry.etag, kept_answers.put(name, scopes, entry.etag, entry.body, headers if marked else None)

    def _note(self, environ, endpoint: str, status: int, seconds: float, request_id: str) -> None:
        """The request's metrics and log line, as operations.metrics and operations.logs write them for the app's."""

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
        kept_answers.get(etag) or kept_answers.put(name, sorted(set(scopes)), etag, content, kept)
    return [content]
