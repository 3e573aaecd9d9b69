"""Backup and restore of the whole hub: every table as JSON (portable between SQLite and PostgreSQL)
plus the uploaded files, with a manifest to check a restore against."""

from __future__ import annotations

import hashlib
import json
import tarfile
from datetime import datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.db import transaction

# Rebuilt by migrate on the target: content types are referenced by natural key instead.
EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


def _counts() -> dict[str, int]:
    counts = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label.split(".")[0] in EXCLUDED or label in EXCLUDED or model._meta.proxy:
            continue
        if not model._meta.managed:
            continue
        counts[label] = model._default_manager.count()
    return counts


def create_backup(destination: Path) -> Path:
    """Write <destination>/samverkan-<timestamp>/ with data.json, media.tar.gz and manifest.json."""
    folder = destination / f"samverkan-{datetime.now():%Y%m%d-%H%M%S}"
    folder.mkdir(parents=True, exist_ok=False)
    data = folder / "data.json"
    with data.open("w", encoding="utf-8") as out, transaction.atomic():  # one consistent snapshot
        call_command(
            "dumpdata",
            "--natural-foreign",
            "--natural-primary",
            *[f"--exclude={label}" for label in EXCLUDED],
            stdout=out,
        )
        counts = _counts()
    media = folder / "media.tar.gz"
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(media, "w:gz") as archive:
        if media_root.exists():
            archive.add(media_root, arcname="media")
    manifest = {
        "created": datetime.now().isoformat(),
        "counts": counts,
        "sha256": {name: _sha256(folder / name) for name in ("data.json", "media.tar.gz")},
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
    return folder


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


class RestoreError(Exception):
    pass


def restore_backup(folder: Path) -> dict[str, int]:
    """Load a backup into an empty, migrated database and put the files back; verify the counts."""
    manifest = json.loads((folder / "manifest.json").read_text())
    for name, expected in manifest["sha256"].items():
        if _sha256(folder / name) != expected:
            raise RestoreError(f"{name} does not match its checksum; the backup is damaged.")
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    if user_model._default_manager.exists():
        raise RestoreError("The target database is not empty; restore only into a fresh database.")
    with transaction.atomic():
        objects = serializers.deserialize(
            "json", (folder / "data.json").read_text(encoding="utf-8"), handle_forward_references=True
        )
        deferred = []
        for obj in objects:
            obj.save()
            if obj.deferred_fields:
                deferred.append(obj)
        for obj in deferred:
            obj.save_deferred_fields()
        counts = _counts()
        if counts != manifest["counts"]:
            differing = {
                k: (manifest["counts"].get(k), v) for k, v in counts.items() if manifest["counts"].get(k) != v
            }
            raise RestoreError(f"Restored counts differ from the backup: {differing}")
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(folder / "media.tar.gz", "r:gz") as archive:
        members = [m for m in archive.getmembers() if m.name == "media" or m.name.startswith("media/")]
        buffer_root = media_root.parent
        buffer_root.mkdir(parents=True, exist_ok=True)
        for member in members:
            member.name = str(Path(media_root.name) / Path(member.name).relative_to("media"))
        archive.extractall(buffer_root, members=members, filter="data")
    return counts
