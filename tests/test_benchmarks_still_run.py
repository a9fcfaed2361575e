"""The benchmarks that seed their own rows still run against today's schema, at a tiny scale.

A benchmark writes rows in bulk, past the models' defaults, so a new NOT NULL column breaks its seed without any
other test noticing (meeting_participants.ends_at did, for benchmarks/notifications.py).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.timeout(300)


def _last_json_line(*arguments: str) -> dict:
    done = subprocess.run(
        [sys.executable, *arguments],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=280,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_notifications_benchmark_sends_each_mail_once():
    result = _last_json_line("benchmarks/notifications.py", "--meetings", "5")
    assert (result["reminders"], result["agendas"], result["digests"]) == (10, 10, 10)
    assert result["duplicates"] == 0 and result["inbox_duplicates"] == 0


def test_floorplan_benchmark_lays_out_its_434_booth_hall():
    """It finds the demo's booth types by their kind: their descriptions became real words (and failed it)."""
    assert _last_json_line("benchmarks/floorplan.py", "--seed-only") == {"booths": 434}
