"""`eventsys backup` and `eventsys restore`."""

from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from eventsys.extensions import db
from eventsys.operations import backup as backups


@click.command("backup")
@click.option("-o", "--output", "target", required=True, type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup_command(target: Path) -> None:
    """Write the whole database to FILE (PostgreSQL: pg_dump custom format; SQLite: a consistent copy)."""
    try:
        backups.backup(current_app.config["SQLALCHEMY_DATABASE_URI"], target)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Backup written to {target} ({target.stat().st_size:,} bytes).")


@click.command("restore")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Do not ask before replacing the database's contents.")
@with_appcontext
def restore_command(source: Path, yes: bool) -> None:
    """Replace the database's contents by those of the backup FILE. Stop the app servers and worker first."""
    if not yes:
        click.confirm("This replaces everything in the database. Go on?", abort=True)
    db.session.remove()
    db.engine.dispose()  # no connection of ours holds a lock the restore waits for
    try:
        backups.restore(current_app.config["SQLALCHEMY_DATABASE_URI"], source)
    except backups.BackupError as error:
        raise click.ClickException(str(error)) from error
    click.echo(f"Database restored from {source}.")
