"""`make run` serves the demo with the hub's own error pages, not Django's debug pages."""

import subprocess
import sys

from tests.support import ROOT

PROBE = """
import django
django.setup()
from django.test import Client
response = Client(HTTP_HOST="127.0.0.1:8000").get("/no-such-page/")
print(response.status_code)
print("URLconf" in response.content.decode())
from django.conf import settings
print(settings.DEBUG, settings.HUB_MFA_REQUIRED_FOR_PRIVILEGED)
print(getattr(settings, "SECURE_SSL_REDIRECT", False))
"""


def run_probe(tmp_path, **env):
    base = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "hub.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_the_demo_answers_an_unknown_page_with_the_hubs_404_not_the_url_list(tmp_path):
    status, debug_page, debug, mfa, ssl_redirect = run_probe(tmp_path, HUB_DEMO="1")
    assert status == "404"
    assert debug_page == "False"
    assert (debug, mfa, ssl_redirect) == ("False", "False", "False")


def test_development_opts_in_to_debug_pages_explicitly(tmp_path):
    status, debug_page, debug, *_ = run_probe(tmp_path, HUB_DEMO="1", DJANGO_DEBUG="1")
    assert (status, debug_page, debug) == ("404", "True", "True")
