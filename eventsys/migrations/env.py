"""Alembic environment: runs the revisions against the app's database (Flask-Migrate)."""

import logging
from contextlib import contextmanager
from logging.config import fileConfig

from alembic import context
from flask import current_app

config = context.config
if config.config_file_name is not None:
    fileConfig(config.config_file_name, disable_existing_loggers=False)
logger = logging.getLogger("alembic.env")

target_db = current_app.extensions["migrate"].db


def get_metadata():
    return target_db.metadata


def render_item(type_, obj, autogen_context):
    """Write eventsys's UTCDateTime as the plain column type it stores, so revisions need no app import."""
    from eventsys.models.base import UTCDateTime

    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime(timezone=True)"
    return False


#: Indexes that migrations create by hand, with no model counterpart (PostgreSQL trigram search).
MANUAL_INDEXES = {"ix_organizations_search_trgm"}


def include_object(obj, name, type_, reflected, compare_to):
    """Keep autogenerate from proposing to drop the hand-made indexes."""
    return not (type_ == "index" and reflected and compare_to is None and name in MANUAL_INDEXES)


def run_migrations_offline():
    """Write the SQL instead of running it (`flask db upgrade --sql`)."""
    url = target_db.engine.url.render_as_string(hide_password=False)
    context.configure(url=url, target_metadata=get_metadata(), literal_binds=True, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    def process_revision_directives(context, revision, directives):
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []
            logger.info("No changes in schema detected.")

    conf_args = dict(current_app.extensions["migrate"].configure_args)
    conf_args.setdefault("process_revision_directives", process_revision_directives)
    with target_db.engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=get_metadata(),
            render_item=render_item,
            include_object=include_object,
            **conf_args,
        )
        with _sqlite_foreign_keys_deferred(connection), context.begin_transaction():
            context.run_migrations()
            _check_foreign_keys(connection)


@contextmanager
def _sqlite_foreign_keys_deferred(connection):
    """SQLite's batch mode copies a table, drops it and renames the copy: with foreign keys on, dropping a table
    that others refer to fails. Turn them off for the migration (only possible outside a transaction, so on the
    driver's connection), check them before the commit, and discard the connection after, so that the pool hands
    out only connections that the connect hook set up with foreign keys on."""
    if connection.dialect.name != "sqlite":
        yield
        return
    connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
    try:
        yield
    finally:
        connection.invalidate()


def _check_foreign_keys(connection):
    if connection.dialect.name == "sqlite":
        broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
        if broken:
            raise RuntimeError(f"the migration left rows whose foreign keys point nowhere: {broken[:5]}")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
