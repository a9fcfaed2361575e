"""`eventsys backup -o FILE` and `eventsys restore FILE`: the whole database in one file and back.

PostgreSQL: pg_dump's custom format (compressed, restored table by table by pg_restore), taken in one snapshot
while the fair runs. SQLite: the online backup API, a consistent copy while the app keeps writing.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(RuntimeError):
    """pg_dump or pg_restore failed, or is missing; the message says why."""


def backup(database_url: str, target: Path) -> None:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        _copy_sqlite(_sqlite_path(url), target)
    elif url.get_backend_name() == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target), "--dbname", _libpq(url)])
    else:
        raise BackupError(f"no backup for {url.get_backend_name()} databases")


def restore(database_url: str, source: Path) -> None:
    """Replace the database's contents by the backup's (an empty database or one to be overwritten)."""
    if not source.is_file():
        raise BackupError(f"{source} is no file")
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        _copy_sqlite(source, _sqlite_path(url))
    elif url.get_backend_name() == "postgresql":
        command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error"]
        _run([*command, "--dbname", _libpq(url), str(source)])
    else:
        raise BackupError(f"no restore for {url.get_backend_name()} databases")


def _copy_sqlite(source: Path, target: Path) -> None:
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as reader, sqlite3.connect(target) as writer:
        reader.backup(writer)
    reader.close()
    writer.close()


def _sqlite_path(url) -> Path:
    if not url.database or url.database == ":memory:":
        raise BackupError("an in-memory SQLite database has nothing to back up")
    return Path(url.database)


def _libpq(url) -> str:
    """The URL as libpq reads it (no SQLAlchemy driver name)."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def _run(command: list[str]) -> None:
    if shutil.which(command[0]) is None:
        raise BackupError(f"{command[0]} is not installed (Debian: apt-get install postgresql-client)")
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()}")
