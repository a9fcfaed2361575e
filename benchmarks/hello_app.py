"""A bare Flask app answering "ok": the ceiling the booking race is compared with (benchmarks/booking_race.py)."""

from flask import Flask

app = Flask(__name__)


@app.route("/")
def index() -> str:
    return "ok"
