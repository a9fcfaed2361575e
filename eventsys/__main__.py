"""The `eventsys` console script (and `python -m eventsys`): the `flask` commands of `create_app`'s app.

It sits above the package: it imports the app factory, and nothing in eventsys imports it.
"""

from __future__ import annotations

from flask.cli import FlaskGroup

from eventsys import create_app
from eventsys.config import ConfigError


def main() -> None:
    """Entry point of the `eventsys` console script."""
    try:
        FlaskGroup(create_app=create_app, help="eventsys: trade fair and expo management.")()
    except ConfigError as error:  # a setting to fix, not a bug: say which, without a traceback
        raise SystemExit(f"eventsys: {error}") from error


if __name__ == "__main__":
    main()
