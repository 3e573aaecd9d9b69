"""Production mode: refuses to start without a secret, and passes Django's deployment checklist."""

import re
import subprocess
import sys

from tests.support import ROOT


def run_manage(*args, **env):
    base = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", "DJANGO_SETTINGS_MODULE": "hub.settings"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_manage("check", DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_passes_check_deploy_without_warnings():
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="x" * 20 + "a-long-random-production-secret-0123456789",
        DJANGO_ALLOWED_HOSTS="samverkan.haninge.se",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_debug_mode_check_is_clean():
    result = run_manage("check", DJANGO_DEBUG="1")
    assert result.returncode == 0, result.stderr


def environment_variables_read_by_settings():
    source = (ROOT / "hub" / "settings.py").read_text()
    return set(re.findall(r'\benv(?:_bool|_int|_list)?\(\s*"([A-Z][A-Z0-9_]*)"', source))


def test_every_environment_variable_the_settings_read_is_documented_in_deploy():
    documented = set(re.findall(r"`([A-Z][A-Z0-9_]*)`", (ROOT / "docs" / "DEPLOY.md").read_text()))
    names = environment_variables_read_by_settings()
    assert len(names) > 20
    assert names - documented == set()


def test_policy_constants_are_not_read_from_the_environment():
    assert {
        "FORUM_POSTS_PER_PAGE",
        "FORUM_THREADS_PER_PAGE",
        "FORUM_FLAG_HIDE_ORGANISATIONS",
        "ESCALATION_SOURCE_MODELS",
    }.isdisjoint(environment_variables_read_by_settings())
