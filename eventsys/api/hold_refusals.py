"""A hold of a taken booth refused before the app sees the request: most of what a booking rush asks.

In the race of benchmarks/booking_race.py, 1,843 of 2,277 holds are refused because someone took the booth a
moment before. The app spends about 3 ms of CPU on each, half of it loading the session's user, to say what the
fair's free booths already say. So, beside the free booths (api/booths.list_free_booths), the app stores the fair's
taken booths in the page cache (`taken-booths:<slug>`: each booth's code and the end of its hold, and the fair's
booking window), and the fast path (eventsys/fast_path.py) answers a hold of a booth listed there
with the app's own 409 and words ("Booth A-01 is already taken.", services/booths/booking.booth_taken).

It answers only where the app would answer just so, and leaves everything else to the app:
- a session cookie, signed by this app, with a log-in in it, and the viewer cookie of a startup account
  (fairs/hall_shell.VIEW_COOKIE, which also gives the language the app chose for the user); so anonymous
  clients, investors, organizers and a remember-me cookie alone still get the app's 401 or 403;
- a booth the current entry of its fair lists as taken and whose hold has not ended, inside the booking window.
  The entry rests on services/page_cache.taken_booth_scopes: whatever may free a booth (a cancellation, an
  expiry, any change of a booking but its insert, of a booth, of the fair) makes it stale, but a new hold does
  not, since it only adds a taken booth; the free booths' view stores the entry anew at each change, so it learns
  of the new holds, and until then a hold of a booth it does not list goes to the app;
- a process that has seen the app refuse a hold of that fair: the refusal names the entry (MARK_HEADER), and its
  headers are those of the fast answer.

It checks neither the CSRF token nor whether the log-in was ended elsewhere: a refusal changes nothing, and what it
says, that the booth is taken, anyone can read in the free booths. A session cookie's signature is checked once per
process (the cookie and when it was signed are kept); its age, on every request.
"""

from __future__ import annotations

import json
import re
import threading
import time
from collections import OrderedDict

from eventsys.services.fairs import catalog

#: The API's hold of a booth by id.
PATH = re.compile(r"^/api/v1/booths/(\d+)/hold$")
#: The header by which the app's refusal names the entry of the booth's fair ("name scope scope ..."); removed.
MARK_HEADER = "X-Eventsys-Taken-Booths"
#: Refusals kept per process, by language and booth code (a few fairs' booths in a few languages).
KEPT = 4096
#: The app's headers that a kept refusal is not answered with: this request's cookies, and what the fast path sets.
_NOT_KEPT = {"set-cookie", "content-length", "x-request-id", MARK_HEADER.lower()}


def entry_name(slug: str) -> str:
    return f"taken-booths:{slug}"


def entry_body(booths: catalog.FairBooths, window: catalog.BookingWindow) -> str:
    """The entry's body: the fair's taken booths (code, end of the hold or null) and its booking window (null for
    a fair that takes no holds)."""
    span = [window.opens_at.timestamp(), window.closes_at.timestamp()] if window.is_published else None
    taken = {booth.id: [booth.code, booth.held_until and booth.held_until.timestamp()] for booth in booths.taken}
    return json.dumps({"window": span, "taken": taken})


def mark(response, slug: str, scopes: list[str]):
    """Name the fair's entry on the app's refusal of a hold, for the fast path to learn the booth's fair."""
    response.headers[MARK_HEADER] = " ".join([entry_name(slug), *scopes])
    return response


class HoldRefusals:
    """What this process knows for the fast path: each booth's fair (its entry and scopes), the fairs' current
    entries, the app's headers of a refusal, and the finished refusals by language and code."""

    def __init__(self, app, store):
        self.app, self.store = app, store
        self.lock = threading.Lock()
        self.fair_of: dict[int, tuple[str, list[str]]] = {}
        self.entries: dict[str, tuple[str, dict]] = {}
        self.headers: list[tuple[str, str]] | None = None
        self.bodies: OrderedDict[tuple[str, str], bytes] = OrderedDict()
        self.serializer = app.session_interface.get_signing_serializer(app)
        self.session_seconds = int(app.permanent_session_lifetime.total_seconds())
        #: Session cookies whose signature this process checked, with a log-in in them: when each was signed.
        self.signed_in: dict[str, int] = {}

    def answer(self, environ, booth_id: int, now: float) -> tuple[list[tuple[str, str]], bytes] | None:
        """The app's 409 for this hold, when the fast path is sure of it (see the module), else None."""
        fair = self.fair_of.get(booth_id)
        if fair is None or self.headers is None:
            return None
        language = self._startup_language(environ)
        if language is None:
            return None
        taken = self._current(*fair)
        if taken is None or taken["window"] is None:
            return None
        booth = taken["taken"].get(str(booth_id))
        opens, closes = taken["window"]
        if booth is None or not opens <= now < closes or (booth[1] is not None and booth[1] <= now):
            return None
        return self.headers, self._body(language, booth[0])

    def learn(self, wsgi_app, environ, start_response):
        """The app's answer; a refusal it marks teaches this process the booth's fair and the headers of a refusal."""
        booth_id = int(PATH.match(environ["PATH_INFO"])[1])

        def starting(status, headers, exc_info=None):
            marked = [v for k, v in headers if k == MARK_HEADER]
            if marked and status.startswith("409"):
                name, *scopes = marked[0].split(" ")
                with self.lock:
                    self.fair_of[booth_id] = (name, sorted(set(scopes)))
                    self.headers = [(k, v) for k, v in headers if k.lower() not in _NOT_KEPT]
            return start_response(status, [(k, v) for k, v in headers if k != MARK_HEADER], exc_info)

        return wsgi_app(environ, starting)

    def _startup_language(self, environ) -> str | None:
        """The language of a signed-in startup account, as its viewer cookie gives it, else None."""
        from itsdangerous import BadSignature

        from eventsys.fairs import hall_shell

        config = self.app.config
        cookies = hall_shell.environ_cookies(environ)
        kind, _, language = cookies.get(hall_shell.VIEW_COOKIE, "").partition(".")
        session_cookie = cookies.get(config["SESSION_COOKIE_NAME"])
        if kind != "startup" or language not in config["LANGUAGES"] or not session_cookie:
            return None
        signed_at = self.signed_in.get(session_cookie)
        if signed_at is None:
            try:
                session, stamp = self.serializer.loads(session_cookie, return_timestamp=True)
            except BadSignature:
                return None
            if not isinstance(session, dict) or "_user_id" not in session:
                return None
            signed_at = int(stamp.timestamp())
            with self.lock:
                if len(self.signed_in) >= KEPT:
                    self.signed_in.clear()
                self.signed_in[session_cookie] = signed_at
        age = int(time.time()) - signed_at  # as the serializer's max_age counts it
        return language if 0 <= age <= self.session_seconds else None

    def _current(self, name: str, scopes: list[str]) -> dict | None:
        """The fair's current entry, parsed once per version in this process; None while it is stale."""
        from eventsys.services import page_cache

        etag = page_cache.current_etag(self.store, name, scopes)
        kept = self.entries.get(name)
        if etag is None or (kept is not None and kept[0] == etag):
            return kept[1] if etag is not None else None
        entry = page_cache.current_entry(self.store, name, scopes)
        if entry is None:
            return None
        taken = json.loads(entry.body)
        with self.lock:
            self.entries[name] = (entry.etag, taken)
            self.fair_of.update((int(booth_id), (name, scopes)) for booth_id in taken["taken"])
        return taken

    def _body(self, language: str, code: str) -> bytes:
        """The app's JSON refusal, in `language`: made once per language and code in this process."""
        body = self.bodies.get((language, code))
        if body is None:
            from flask_babel import force_locale

            from eventsys.errors import error_body, error_code
            from eventsys.services.booths.booking import booth_taken

            with self.app.app_context(), force_locale(language):
                refusal = booth_taken(code)
                body = self.app.json.response(error_body(error_code(refusal), str(refusal))).get_data()
            with self.lock:
                self.bodies[(language, code)] = body
                while len(self.bodies) > KEPT:
                    self.bodies.popitem(last=False)
        return body
