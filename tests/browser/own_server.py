"""A live server with its own demo database for one test module, for tests that book booths or meetings of the
demo accounts and must neither see nor leave changes in the session's shared live server. Import both fixtures
into the module: `live_app, live_server = own_server.live_app, own_server.live_server`."""

from __future__ import annotations

import threading

import pytest
from werkzeug.serving import make_server

from eventsys import create_app, demo
from eventsys.extensions import db
from tests.browser.conftest import buffered
from tests.conftest import TEST_POLICY, app_config


@pytest.fixture(scope="module")
def live_app(tmp_path_factory, live_outbox):
    from flask_migrate import upgrade

    folder = tmp_path_factory.mktemp("own-live")
    config = app_config(folder, f"sqlite:///{folder / 'live.db'}", SERVER_NAME=None, MAIL_OUTBOX=str(live_outbox))
    app = create_app(config)
    with app.app_context():
        upgrade(directory=app.extensions["migrate"].directory)
        demo.seed_demo(db.session, policy=TEST_POLICY)
        db.session.commit()
    yield app
    with app.app_context():
        db.engine.dispose()


@pytest.fixture(scope="module")
def live_server(live_app):
    server = make_server("127.0.0.1", 0, buffered(live_app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
