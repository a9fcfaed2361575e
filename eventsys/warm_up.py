"""Work a server process does as it starts, so that its first requests do not: the first minute of a booking rush
meets workers that may have been restarted just before it."""

from __future__ import annotations

from flask import Flask
from sqlalchemy.exc import SQLAlchemyError

from eventsys.extensions import db, load_user
from eventsys.formatting import load_locale_data
from eventsys.services.booths import booking


def warm_up(app: Flask) -> None:
    """Read Babel's locale data and compile the statements of a booking rush; a database that does not answer
    yet costs only a warning (the requests will compile them instead)."""
    load_locale_data(app.config["LANGUAGES"], app.config["DEFAULT_TIMEZONE"])
    with app.app_context():
        try:
            load_user("0:0:" + "0" * 43)  # a well-formed key, so the query runs
            booking.prepare_statements(db.session)
        except SQLAlchemyError as error:
            app.logger.warning("could not prepare the database statements at start: %s", error)
        finally:
            db.session.remove()
