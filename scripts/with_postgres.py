"""Run a command against a throwaway PostgreSQL server on loopback: DATABASE_URL points at it.

Usage: python scripts/with_postgres.py python -m pytest -m postgres
Without PostgreSQL installed it says so and exits 0 on a developer's machine, 1 in CI.
"""

import os
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pytest  # noqa: E402

from tests.support import IN_CI, postgres_server  # noqa: E402


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    try:
        server = postgres_server()
        url = server.__enter__().url
    except (pytest.skip.Exception, pytest.fail.Exception) as missing:
        print(f"PostgreSQL pass not run: {missing}")
        return 1 if IN_CI else 0
    try:
        env = {**os.environ, "DATABASE_URL": url}
        return subprocess.run(sys.argv[1:], env=env).returncode
    finally:
        server.__exit__(None, None, None)


if __name__ == "__main__":
    sys.exit(main())
