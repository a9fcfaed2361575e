"""Two app servers (two gunicorn instances on two ports, as two hosts would be) behind one address, on one
PostgreSQL and one Redis, with `eventsys worker`s serving the queues: the race across both never double-books nor
answers 5xx, a log-in limit reached through one server holds on the other, and a job queued by either is done once.

The address in front is a tiny round-robin proxy (each connection to the next server), as a load balancer would be.
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from sqlalchemy import func, select, text

from benchmarks.booking_race import CHEAP_HASH, Browser, free_port, start_gunicorn, start_worker, stop
from eventsys.extensions import db
from eventsys.models import BoothBooking
from tests.booth_factories import approved_startup
from tests.conftest import PASSWORD, create_booth, create_booth_type, create_fair, create_hall
from tests.live_database import live_app

pytestmark = [pytest.mark.postgres, pytest.mark.timeout(300)]
#: Log-ins per minute from one address: more than the race's 40 startups, who all come from 127.0.0.1.
LOGIN_LIMIT = 45


class RoundRobin:
    """Listens on one port and hands each new connection to the next server: one address for the clients."""

    def __init__(self, ports: list[int]):
        self.ports, self.turn = ports, 0
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            port = self.ports[self.turn % len(self.ports)]
            self.turn += 1
            server = socket.create_connection(("127.0.0.1", port))
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(source, target), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, target):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)
                end.close()

    def close(self) -> None:
        self.listener.close()


class OneRequestPerConnection(Browser):
    """A browser whose every request opens a new connection, so the proxy spreads its requests over the servers."""

    def request(self, method, path, body=None, headers=None):
        self.connections[0].close()
        return super().request(method, path, body, headers)


@pytest.fixture
def servers(tmp_path, redis_url):
    if not os.environ.get("EVENTSYS_TEST_DATABASE_URL"):
        pytest.skip("two app servers need PostgreSQL (EVENTSYS_TEST_DATABASE_URL) and Redis")
    with live_app("postgresql", tmp_path) as app:
        with app.app_context():
            fair = create_fair(db.session, slug="two-servers")
            hall = create_hall(db.session, fair, width=200)
            booth_type = create_booth_type(db.session, fair, max_per_organization=1)
            booths = [create_booth(db.session, hall, booth_type, code=f"T{n:02d}", x=3 * n).id for n in range(12)]
            emails = [approved_startup(db.session, fair).email for _ in range(40)]
            db.session.commit()
            url = db.engine.url.render_as_string(hide_password=False)
        outbox = tmp_path / "outbox"
        env = {
            **os.environ,
            **CHEAP_HASH,
            "EVENTSYS_ENV": "production",
            "EVENTSYS_SECRET_KEY": "two-servers-secret",
            "EVENTSYS_DATABASE_URL": url,
            "EVENTSYS_REDIS_URL": redis_url,
            "EVENTSYS_SESSION_COOKIE_SECURE": "false",
            "EVENTSYS_MAIL_OUTBOX": str(outbox),
            "EVENTSYS_INSTANCE_PATH": str(tmp_path),
            "EVENTSYS_LOGIN_RATE_LIMIT": f"{LOGIN_LIMIT} per minute",
            "EVENTSYS_LOGIN_ACCOUNT_RATE_LIMIT": "100 per minute",
        }
        ports = [free_port(), free_port()]
        processes = [start_gunicorn("wsgi:app", port, env, workers=2) for port in ports]
        processes += [start_worker(env), start_worker(env)]  # two workers share the queues
        proxy = RoundRobin(ports)
        try:
            yield {"app": app, "port": proxy.port, "ports": ports, "booths": booths, "emails": emails, "outbox": outbox}
        finally:
            proxy.close()
            for process in processes:
                stop(process)


def test_the_race_across_two_servers_never_double_books(servers):
    statuses: list[int] = []
    lock = threading.Lock()

    def race(n: int) -> None:
        browser = OneRequestPerConnection(servers["port"])
        token = browser.log_in_as(servers["emails"][n], PASSWORD)
        for booth in servers["booths"][n % 3 :] + servers["booths"][: n % 3]:
            status, _ = browser.request("POST", f"/api/v1/booths/{booth}/hold", b"", {"X-CSRFToken": token})
            free_status, _ = browser.request("GET", "/api/v1/fairs/two-servers/free-booths")
            with lock:
                statuses.extend([status, free_status])
            if status != 409:
                break
        browser.close()

    with ThreadPoolExecutor(16) as pool:
        list(pool.map(race, range(len(servers["emails"]))))
    assert not [s for s in statuses if s >= 500], statuses
    assert statuses.count(201) == len(servers["booths"])
    with servers["app"].app_context():
        per_booth = db.session.execute(
            select(BoothBooking.booth_id, func.count())
            .where(BoothBooking.status.in_(["held", "confirmed"]))
            .group_by(BoothBooking.booth_id)
        ).all()
        db.session.rollback()
    assert len(per_booth) == len(servers["booths"]) and all(count == 1 for _, count in per_booth)


def test_a_log_in_limit_reached_on_one_server_holds_on_the_other(servers):
    first, second = (Browser(port) for port in servers["ports"])
    page = first.request("GET", "/login")[1]
    token = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1).decode()
    form = f"csrf_token={token}&email=nobody%40example.com&password=wrong".encode()
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    answers = [first.request("POST", "/login", form, headers)[0] for _ in range(LOGIN_LIMIT)]
    assert 429 not in answers
    second.cookies = first.cookies
    assert second.request("POST", "/login", form, headers)[0] == 429
    first.close()
    second.close()


def test_a_job_queued_by_either_server_is_done_once(servers):
    """Each hold queues its mail on the server that took it; the two workers send each mail exactly once."""
    for n, port in enumerate(servers["ports"]):
        browser = Browser(port)
        token = browser.log_in_as(servers["emails"][n], PASSWORD)
        answer = browser.request("POST", f"/api/v1/booths/{servers['booths'][n]}/hold", b"", {"X-CSRFToken": token})
        assert answer[0] == 201
        browser.close()
    outbox: Path = servers["outbox"]
    deadline = time.monotonic() + 30
    while len(list(outbox.glob("*.eml"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(1.5)  # time for a second delivery of either, were there one
    recipients = sorted(
        BytesParser(policy=policy.default).parsebytes(path.read_bytes())["To"] for path in outbox.glob("*.eml")
    )
    assert recipients == sorted(servers["emails"][:2])
    with servers["app"].app_context():
        assert db.session.execute(text("SELECT 1")).scalar() == 1
        db.session.rollback()
