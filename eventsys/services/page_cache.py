"""The pages everyone reloads in a booking rush, built once per change and shared by every app server.

An entry is the finished HTML or JSON of one page part for one language: the hall's floor plan, the free booths
of a fair. Its validity is given by version counters of the scopes it shows (`hall:<id>`, `booths:<fair id>` for
any booth or booking of the fair, `fair:<id>` for the fair's settings, halls and booth types, `all` for names
shown everywhere): the entry keeps the versions it was built at and serves only while they are current.

Versions are bumped after the commit that changes what they cover (session hooks below, which see every flushed
booth, booking, hall, booth type and fair, and bulk statements on them), so a reader that reads a version, then
the data, never stores new data under an old version nor old data under a new one.

Expiry is time, not an event: a hold lapses at its `held_until` with no write at all. So a page that shows holds
is stored with a lifetime that ends at the next of its holds' ends (capped by PAGE_CACHE_SECONDS): the first read
after it rebuilds the page, and the lapsed hold shows as free, as every read of the database treats it.

With EVENTSYS_REDIS_URL the entries and versions live in Redis, shared by all workers and servers. Without it they
live in this process; other processes then see a change only when their entries' lifetime, at most
PAGE_CACHE_LOCAL_SECONDS, runs out (one process, as `make run`, sees every change at once).
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable, Iterable
from contextlib import suppress
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import Delete, Update, event, inspect, select
from sqlalchemy.orm import ORMExecuteState, Session

_CHANGED = "eventsys.page_cache.changed"
_PREFIX = "eventsys:page:"
#: Execution option of a bulk statement whose changes its caller notes itself (expiry notes the holds it ended).
NOTED = "eventsys_page_cache_noted"


@dataclass(frozen=True)
class Entry:
    body: str
    etag: str


def fetch(name: str, scopes: Iterable[str], build: Callable[[], tuple[str, datetime | None]]) -> Entry:
    """The entry `name` while the versions of `scopes` are those it was built at, else `build()` stored anew.

    `build` returns the body and the moment it stops being true by itself (the next hold's end), or None.
    """
    scopes = sorted(set(scopes))
    versions, stored = _store().read(name, scopes)
    signature = _signed(scopes, versions)
    if stored is not None and stored.get("v") == signature:
        return Entry(stored["body"], stored["etag"])
    return store(name, signature, *build())


def store(name: str, signature: str, body: str, stale_at: datetime | None) -> Entry:
    """Store `body` as the entry `name` at the versions `signature` (read before what the body shows, see `fetch`):
    for an entry built anew even while current (the taken booths, which a new hold adds to: taken_booth_scopes)."""
    seconds = float(current_app.config["PAGE_CACHE_SECONDS"])
    if stale_at is not None:
        from eventsys.models import utcnow

        seconds = min(seconds, (stale_at - utcnow()).total_seconds())
    etag = hashlib.sha1(f"{name}|{signature}|{time.time()}".encode()).hexdigest()[:24]
    if seconds > 0:
        _store().write(name, {"v": signature, "body": body, "etag": etag}, seconds)
    return Entry(body, etag)


def peek(name: str, scopes: Iterable[str]) -> str | None:
    """The ETag of the entry `name` while it is current, else None (nothing is built)."""
    return current_etag(_store(), name, sorted(set(scopes)))


def current_etag(store, name: str, scopes: list[str]) -> str | None:
    """As `peek`, with a store of `store_for` and sorted scopes: for code that runs outside the app
    (eventsys/fast_path.py). One MGET with Redis."""
    stored = _current(store, name, scopes, body=False)
    return None if stored is None else stored["etag"]


def current_entry(store, name: str, scopes: list[str]) -> Entry | None:
    """The entry `name` while it is current, else None, as `current_etag` reads it (one MGET with Redis)."""
    stored = _current(store, name, scopes, body=True)
    return None if stored is None or stored["body"] is None else Entry(stored["body"], stored["etag"])


def _current(store, name: str, scopes: list[str], body: bool) -> dict | None:
    versions, stored = store.read(name, scopes, body=body)
    return stored if stored is not None and stored.get("v") == _signed(scopes, versions) else None


def signature(scopes: Iterable[str]) -> str:
    """The versions of `scopes` now, as one string: part of an ETag of a page built from them."""
    scopes = sorted(set(scopes))
    versions, _stored = _store().read("-", scopes, body=False)
    return _signed(scopes, versions)


def _signed(scopes: list[str], versions: list[int]) -> str:
    return ".".join(f"{scope}={version}" for scope, version in zip(scopes, versions, strict=True))


def note_change(session: Session, *scopes: str) -> None:
    """Have the scopes' entries rebuilt once the session's transaction commits."""
    session.info.setdefault(_CHANGED, set()).update(scopes)


def bump(*scopes: str) -> None:
    """Make every entry of `scopes` stale now (after a commit, or from a script)."""
    if scopes:
        _store().bump(scopes)


def hall_scopes(fair_id: int, hall_id: int) -> list[str]:
    return ["all", f"fair:{fair_id}", f"hall:{hall_id}"]


def booth_scopes(fair_id: int) -> list[str]:
    return ["all", f"fair:{fair_id}", f"booths:{fair_id}"]


def taken_booth_scopes(fair_id: int) -> list[str]:
    """What the fair's taken booths rest on (api/hold_refusals.py). A new booking only adds a taken booth, so it
    bumps `booths:` alone; any other change of a booking or a booth, which may free one, also bumps `frees:`."""
    return ["all", f"fair:{fair_id}", f"frees:{fair_id}"]


def booths_changed(fair_id: int, *, freeing: bool = True) -> list[str]:
    """The scopes a change of the fair's booths or bookings bumps (see taken_booth_scopes)."""
    return [f"booths:{fair_id}", f"frees:{fair_id}"] if freeing else [f"booths:{fair_id}"]


def note_bookings(session: Session, bookings) -> None:
    """Bookings changed by a bulk statement (their caller says so, see NOTED): their halls' and fairs' pages."""
    if bookings:
        note_change(session, *{scope for record in bookings for scope in booths_changed(record.fair_id)})
        note_change(session, *(f"hall:{h}" for h in _halls_of(session, {record.booth_id for record in bookings})))


# --- what changed -------------------------------------------------------------------------------------------------


@event.listens_for(Session, "after_flush")
def _note_flushed(session: Session, _context) -> None:
    from eventsys.models import Booth, BoothBooking, BoothType, Fair, Hall, HallArea, Organization, Sector

    scopes: set[str] = set()
    booth_ids: set[int] = set()
    for instance in (*session.new, *session.dirty, *session.deleted):
        if instance in session.dirty and not session.is_modified(instance, include_collections=False):
            continue
        if isinstance(instance, BoothBooking):
            scopes.update(booths_changed(instance.fair_id, freeing=instance not in session.new))
            booth_ids.add(instance.booth_id)
        elif isinstance(instance, Booth):
            scopes.update(booths_changed(instance.fair_id))
            scopes.update(f"hall:{hall_id}" for hall_id in _values(instance, "hall_id"))
        elif isinstance(instance, Hall | HallArea | BoothType | Fair):
            fair_id = instance.id if isinstance(instance, Fair) else getattr(instance, "fair_id", None)
            scopes.add(f"fair:{fair_id}" if fair_id is not None else "all")
            if isinstance(instance, HallArea):
                scopes.add(f"hall:{instance.hall_id}")
        elif isinstance(instance, Sector):
            scopes.add("all")  # zones are named on the plans of every fair they are used in
        elif isinstance(instance, Organization) and _values(instance, "name") != {instance.name}:
            scopes.add("all")  # exhibitors' names are on the plans of every fair
    if booth_ids:
        scopes.update(f"hall:{hall_id}" for hall_id in _halls_of(session, booth_ids))
    if scopes:
        note_change(session, *scopes)


def _values(instance, attribute: str) -> set:
    """The attribute's value now and before the flush (a booth moved to another hall changes both halls)."""
    history = inspect(instance).attrs[attribute].history
    return {value for value in (*history.added, *history.unchanged, *history.deleted) if value is not None}


def _halls_of(session: Session, booth_ids: set[int]) -> set[int]:
    from eventsys.models import Booth

    halls, unknown = set(), set()
    for booth_id in booth_ids:
        booth = session.identity_map.get(inspect(Booth).identity_key_from_primary_key((booth_id,)))
        (halls.add(booth.hall_id) if booth is not None else unknown.add(booth_id))
    if unknown:
        halls.update(session.scalars(select(Booth.hall_id).where(Booth.id.in_(unknown))))
    return halls


@event.listens_for(Session, "do_orm_execute")
def _note_bulk(state: ORMExecuteState) -> None:
    """A bulk UPDATE or DELETE of what pages show, unless its caller notes what it changed: every page, once."""
    from eventsys.models import Booth, BoothBooking, BoothType, Fair, Hall, HallArea

    if not isinstance(state.statement, Update | Delete) or state.execution_options.get(NOTED):
        return
    mapper = state.bind_mapper
    if mapper is not None and mapper.class_ in (Booth, BoothBooking, BoothType, Fair, Hall, HallArea):
        note_change(state.session, "all")


@event.listens_for(Session, "after_commit")
def _bump_committed(session: Session) -> None:
    if session.in_nested_transaction():
        return
    scopes = session.info.pop(_CHANGED, None)
    if scopes and has_app_context():
        bump(*scopes)


@event.listens_for(Session, "after_transaction_end")
def _drop_uncommitted(session: Session, transaction) -> None:
    """What a transaction that ended without a commit flushed changed nothing: a session that goes on (a test's, a
    script's) must not make those pages stale at its next commit."""
    if transaction.parent is None:
        session.info.pop(_CHANGED, None)


# --- where entries live ---------------------------------------------------------------------------------------------


def _store():
    return store_for(current_app.config)


def store_for(config):
    """Where the entries of an app with `config` live: Redis when configured, else this process."""
    if config.get("REDIS_URL"):
        return _RedisStore(config)
    return _LOCAL


class _RedisStore:
    """Versions as counters and entries as "versions NL etag NL body" with an expiry; a read is one MGET.

    No JSON around the body: a 434-booth floor plan is 600 kB, which json.loads would take milliseconds to unquote."""

    def __init__(self, config):
        from eventsys.services import jobs

        self.redis = jobs.get_queue(config, "eventsys-page-cache").connection

    def read(self, name: str, scopes: list[str], body: bool = True) -> tuple[list[int], dict | None]:
        """The versions of `scopes` and the entry; without `body` only its versions and ETag (a small key)."""
        from redis.exceptions import RedisError

        key = _PREFIX + name if body else _PREFIX + "etag:" + name
        try:
            *versions, stored = self.redis.mget([*(_PREFIX + "v:" + s for s in scopes), key])
        except RedisError:
            current_app.logger.warning("the page cache is unreachable; building %s afresh", name)
            return [-1] * len(scopes), None
        if not stored:
            return [int(v or 0) for v in versions], None
        signature, etag, *rest = stored.decode().split("\n", 2)
        return [int(v or 0) for v in versions], {"v": signature, "etag": etag, "body": rest[0] if rest else None}

    def write(self, name: str, entry: dict[str, Any], seconds: float) -> None:
        from redis.exceptions import RedisError

        with suppress(RedisError):  # served uncached; the read above logged it
            head, milliseconds = f"{entry['v']}\n{entry['etag']}", max(1, int(seconds * 1000))
            pipeline = self.redis.pipeline(transaction=False)
            pipeline.set(_PREFIX + name, f"{head}\n{entry['body']}".encode(), px=milliseconds)
            pipeline.set(_PREFIX + "etag:" + name, head.encode(), px=milliseconds)
            pipeline.execute()

    def bump(self, scopes: Iterable[str]) -> None:
        from redis.exceptions import RedisError

        try:
            pipeline = self.redis.pipeline(transaction=False)
            for scope in scopes:
                pipeline.incr(_PREFIX + "v:" + scope)
            pipeline.execute()
        except RedisError:
            current_app.logger.exception("could not mark pages of %s stale; they expire by themselves", scopes)


class _LocalStore:
    """This process's entries, for one process without Redis (development, tests)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.versions: dict[str, int] = {}
        self.entries: dict[str, tuple[float, dict]] = {}

    def read(self, name: str, scopes: list[str], body: bool = True) -> tuple[list[int], dict | None]:
        with self.lock:
            versions = [self.versions.get(scope, 0) for scope in scopes]
            expires, entry = self.entries.get(name, (0.0, None))
        return versions, entry if expires > time.monotonic() else None

    def write(self, name: str, entry: dict[str, Any], seconds: float) -> None:
        seconds = min(seconds, float(current_app.config["PAGE_CACHE_LOCAL_SECONDS"]))
        with self.lock:
            if len(self.entries) > 10_000:
                self.entries.clear()
            self.entries[name] = (time.monotonic() + seconds, entry)

    def bump(self, scopes: Iterable[str]) -> None:
        with self.lock:
            for scope in scopes:
                self.versions[scope] = self.versions.get(scope, 0) + 1

    def clear(self) -> None:
        with self.lock:
            self.versions.clear()
            self.entries.clear()


_LOCAL = _LocalStore()


def clear_local() -> None:
    """Forget this process's entries (tests, whose rolled-back rows' ids come again)."""
    _LOCAL.clear()
