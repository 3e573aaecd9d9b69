"""A short run of bench/load.py in the suite: a crowd of partners reading, replying and reporting
against Daphne gets no 5xx, no "database is locked", and loses nothing it was told was saved.
The five-minute, 200-user run is `make load` (figures in docs/PERFORMANCE.md)."""

import os
import sys
import tempfile
from pathlib import Path

import pytest

from tests.support import ROOT

sys.path.insert(0, str(ROOT / "bench"))

from load import run_load  # noqa: E402


def assert_clean(result):
    assert result["errors_5xx"] == 0
    assert result["locked"] == 0
    assert result["lost"] == 0
    assert result["reports_created"] > 0 and result["posts_created"] > 0


def test_crowd_on_sqlite_gets_no_errors_and_loses_nothing():
    workdir = Path(tempfile.mkdtemp(prefix="hub-load-smoke-"))
    assert_clean(run_load(f"sqlite:///{workdir / 'hub.sqlite3'}", label="sqlite", users=25, seconds=25))


@pytest.mark.postgres
def test_crowd_on_postgres_gets_no_errors_and_loses_nothing():
    assert_clean(run_load(os.environ["DATABASE_URL"], label="postgres", users=25, seconds=25))
