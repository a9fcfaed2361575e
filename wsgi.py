"""The WSGI entry point: `gunicorn wsgi:app`."""

from eventsys import create_app
from eventsys.templating import load_locale_data

app = create_app()
# Each worker reads the locale data as it starts, not during its first request.
load_locale_data(app.config["LANGUAGES"], app.config["DEFAULT_TIMEZONE"])
