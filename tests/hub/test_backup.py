"""A backup restores into a fresh database (its own process and file) with the same data."""

import sqlite3
from pathlib import Path

import pytest

from hub.backup import create_backup
from partners import audit
from realtime.services import notify
from tests.support import hub_env, manage

pytestmark = pytest.mark.django_db(transaction=True)


def test_backup_restores_into_fresh_database_with_same_data(tmp_path, settings, member, org_admin):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "reports").mkdir(parents=True)
    (settings.MEDIA_ROOT / "reports" / "photo.jpg").write_bytes(b"\xff\xd8 not really a jpeg")
    audit.record(actor=org_admin, action="member.signatory", target=member, data={"is_signatory": True})
    notify([member], kind="test", text="Hej Maja", url="/")
    folder = create_backup(tmp_path / "backups")

    target = tmp_path / "restored"
    env = hub_env(DATABASE_URL=f"sqlite:///{target / 'db.sqlite3'}", DJANGO_MEDIA_ROOT=str(target / "media"))
    target.mkdir()
    manage(env, "migrate", "--no-input")
    output = manage(env, "restore_hub", str(folder))
    assert "Restored" in output

    with sqlite3.connect(target / "db.sqlite3") as db:
        emails = {row[0] for row in db.execute("SELECT email FROM partners_user")}
        assert {member.email, org_admin.email} <= emails
        assert db.execute("SELECT action FROM partners_auditevent WHERE action='member.signatory'").fetchone()
        assert db.execute("SELECT text FROM realtime_notification").fetchone() == ("Hej Maja",)
        organisation = db.execute(
            "SELECT o.name FROM partners_membership m "
            "JOIN partners_organisation o ON o.id = m.organisation_id "
            "JOIN partners_user u ON u.id = m.user_id WHERE u.email = ?",
            (member.email,),
        ).fetchone()
        assert organisation == (member.membership.organisation.name,)
    assert (target / "media" / "reports" / "photo.jpg").read_bytes() == b"\xff\xd8 not really a jpeg"


def test_restore_refuses_a_database_that_is_not_empty(tmp_path, settings, member):
    settings.MEDIA_ROOT = tmp_path / "media"
    folder = create_backup(tmp_path / "backups")
    target = tmp_path / "restored"
    target.mkdir()
    env = hub_env(DATABASE_URL=f"sqlite:///{target / 'db.sqlite3'}", DJANGO_MEDIA_ROOT=str(target / "media"))
    manage(env, "migrate", "--no-input")
    manage(env, "restore_hub", str(folder))
    with pytest.raises(RuntimeError, match="not empty"):
        manage(env, "restore_hub", str(folder))


def test_restore_refuses_a_damaged_backup(tmp_path, settings, member):
    settings.MEDIA_ROOT = tmp_path / "media"
    folder = create_backup(tmp_path / "backups")
    data = Path(folder) / "data.json"
    data.write_text(data.read_text().replace(member.email, "intruder@example.test"))
    target = tmp_path / "restored"
    target.mkdir()
    env = hub_env(DATABASE_URL=f"sqlite:///{target / 'db.sqlite3'}", DJANGO_MEDIA_ROOT=str(target / "media"))
    manage(env, "migrate", "--no-input")
    with pytest.raises(RuntimeError, match="checksum"):
        manage(env, "restore_hub", str(folder))
