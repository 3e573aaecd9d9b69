"""Extract translatable strings per app into <app>/locale/sv/LC_MESSAGES/django.po and compile them.

Each app's catalogue also covers its templates in templates/<app>/; hub's covers the shared
templates (base.html, account/, allauth/, hub/). Usage: python scripts/messages.py [app ...]
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
APPS = [
    "hub",
    "partners",
    "realtime",
    "forum",
    "reports",
    "agreements",
    "escalations",
    "situation",
    "integrations",
    "intake",
    "meetings",
]
ERROR_PAGES = ["403.html", "404.html", "409.html", "429.html", "500.html", "503.html"]
SHARED_TEMPLATES = [
    "base.html",
    "_pagination.html",
    *ERROR_PAGES,
    "account",
    "allauth",
    "hub",
    "mfa",
    "usersessions",
]
LANGUAGES = ["sv", "en"]


def extract(app: str) -> None:
    source = ROOT / app
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / app
        work.mkdir()
        for item in source.iterdir():
            if item.name not in {"locale", "migrations", "__pycache__"}:
                (work / item.name).symlink_to(item)
        templates = work / "_templates"
        templates.mkdir()
        names = SHARED_TEMPLATES if app == "hub" else [app]
        for name in names:
            if (ROOT / "templates" / name).exists():
                (templates / name).symlink_to(ROOT / "templates" / name)
        locale = source / "locale"
        locale.mkdir(exist_ok=True)
        (work / "locale").symlink_to(locale)
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "hub.settings",
            "DJANGO_DEBUG": "1",
            "PYTHONPATH": str(ROOT),
        }
        # -P: the app folder must not shadow the standard library (partners/selectors.py).
        args = [
            sys.executable,
            "-P",
            "-m",
            "django",
            "makemessages",
            "--symlinks",
            "--no-obsolete",
            "--no-location",
        ]
        for language in LANGUAGES:
            args += ["-l", language]
        subprocess.run(args, cwd=work, env=env, check=True)


def compile_all() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "hub.settings", "DJANGO_DEBUG": "1"}
    subprocess.run(
        [sys.executable, "manage.py", "compilemessages", "--ignore", ".venv"], cwd=ROOT, env=env, check=True
    )


if __name__ == "__main__":
    if not shutil.which("msgfmt"):
        sys.exit("GNU gettext is needed: apt-get install gettext")
    for app in sys.argv[1:] or APPS:
        if (ROOT / app).is_dir():
            extract(app)
    compile_all()
