"""Background jobs on Redis with RQ, when EVENTSYS_REDIS_URL is set: mail and large badge print runs.

`eventsys worker` serves every queue in one process without forking, so each job runs in the worker's app context.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from flask import has_app_context

#: Redis clients by URL, one per process: a client keeps a pool of connections, so enqueuing costs no new one.
_clients: dict[str, Any] = {}


def is_enabled(config) -> bool:
    return bool(config.get("REDIS_URL"))


def get_queue(config, name: str):
    from redis import Redis
    from rq import Queue

    url = config["REDIS_URL"]
    if url not in _clients:
        # A Redis that does not answer must not hold up the request that queues a mail for long.
        _clients[url] = Redis.from_url(url, socket_connect_timeout=1)
    return Queue(name, connection=_clients[url])


def in_app_context(function: Callable[..., Any], *args: Any) -> Any:
    """Run `function` in the current app context: a request's, or the `eventsys worker` command's."""
    if not has_app_context():
        # A service does not build the app (the app imports the services); the worker command gives it.
        raise RuntimeError("background jobs run in `eventsys worker`, which gives them the app")
    return function(*args)


def work(config, names: Iterable[str], *, burst: bool = False) -> None:
    """Run the jobs of the queues `names`, oldest first, until stopped (or until they are empty with `burst`)."""
    from rq import SimpleWorker

    queues = [get_queue(config, name) for name in names]
    # The scheduler puts jobs waiting for a retry (a mail whose SMTP server was down) back on their queue.
    SimpleWorker(queues, connection=queues[0].connection).work(burst=burst, with_scheduler=True)
