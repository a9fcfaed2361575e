"""The WSGI entry point: `gunicorn wsgi:app`."""

from eventsys import create_app
from eventsys.warm_up import warm_up

app = create_app()
warm_up(app)  # in each worker as it starts, not in its first requests
