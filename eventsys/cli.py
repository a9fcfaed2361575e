"""`flask --app eventsys …` commands, also available as the `eventsys` console script (`eventsys.__main__`)."""

from __future__ import annotations

import time

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from flask_migrate import upgrade
from sqlalchemy import select

from eventsys.extensions import db
from eventsys.models import Fair, Role
from eventsys.services import jobs
from eventsys.services.accounts import users as accounts
from eventsys.services.accounts.users import PasswordPolicy
from eventsys.services.errors import DomainError
from eventsys.worker import run_worker


def register(app: Flask) -> None:
    from eventsys.badges.commands import badges_group
    from eventsys.booths.commands import booths_group
    from eventsys.calendars.commands import calendar
    from eventsys.invoices.commands import invoices_group
    from eventsys.meetings.commands import meetings_group
    from eventsys.notifications.commands import notifications_group
    from eventsys.operations.commands import backup_command, restore_command

    for command in (
        init_db,
        seed_demo,
        create_user,
        worker,
        calendar,
        badges_group,
        meetings_group,
        booths_group,
        notifications_group,
        backup_command,
        restore_command,
    ):
        app.cli.add_command(command)
    app.cli.add_command(invoices_group)


@click.command("init-db")
@click.option("--demo-if-empty", is_flag=True, help="Also load the demo data when the database has no fair yet.")
@with_appcontext
def init_db(demo_if_empty: bool) -> None:
    """Create or upgrade the database schema (runs the Alembic migrations)."""
    upgrade(directory=current_app.extensions["migrate"].directory)
    click.echo("Database schema is up to date.")
    if demo_if_empty and db.session.scalar(select(Fair.id).limit(1)) is None:
        _seed(scale=None)


@click.command("seed-demo")
@click.option("--scale", type=click.Choice(["sushitech"]), help="Add 434 startups and 635 investors.")
@with_appcontext
def seed_demo(scale: str | None) -> None:
    """Load the demo fairs, centers and accounts; running it again changes nothing."""
    _seed(scale)


def _seed(scale: str | None) -> None:
    # Imported here: the demo reads its name tables only for this command.
    from eventsys import demo
    from eventsys.demo import people

    started = time.perf_counter()
    report = demo.seed_demo(db.session, scale=scale, policy=PasswordPolicy.from_config(current_app.config))
    db.session.commit()
    seconds = time.perf_counter() - started
    created = ", ".join(f"{count} {what}" for what, count in sorted(report.created.items())) or "nothing new"
    click.echo(f"Demo data: {created} ({seconds:.1f} s).")
    click.echo(f"Demo accounts (password: {people.DEMO_PASSWORD}):")
    for account in people.DEMO_ACCOUNTS:
        click.echo(f"  {account.role.value:<10} {account.email:<32} {account.organization}")
    if scale == "sushitech":
        click.echo("  plus startup-0001 … startup-0434 and investor-0001 … investor-0635 @example.com")


@click.command("create-user")
@click.option("--email", required=True)
@click.option("--name", required=True, help="Name in Latin script.")
@click.option("--name-local", help="Name in local script.")
@click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.ORGANIZER.value, show_default=True)
@click.password_option(help="Asked for when not given.")
@with_appcontext
def create_user(email: str, name: str, name_local: str | None, role: str, password: str) -> None:
    """Create an account, typically an organizer or admin (they cannot sign up)."""
    try:
        user = accounts.create_user(
            db.session,
            email=email,
            password=password,
            name=name,
            name_local=name_local,
            role=Role(role),
            policy=PasswordPolicy.from_config(current_app.config),
        )
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Created {user.role.value} {user.email}.")


@click.command("worker")
@click.option("--burst", is_flag=True, help="Stop when the queues are empty.")
@with_appcontext
def worker(burst: bool) -> None:
    """Run the background jobs: mails sent after a commit, then large badge print runs (needs EVENTSYS_REDIS_URL)."""
    from eventsys.services.badges.jobs import QUEUE_NAME as BADGE_QUEUE
    from eventsys.services.mail import QUEUE_NAME as MAIL_QUEUE
    from eventsys.services.notifications import scheduler

    if jobs.is_enabled(current_app.config):
        scheduler.schedule_next(current_app.config)  # reminders and digests every minute, from RQ's scheduler
    run_worker([MAIL_QUEUE, BADGE_QUEUE, scheduler.QUEUE_NAME], burst=burst)
