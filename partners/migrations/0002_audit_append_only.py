"""Database triggers that refuse UPDATE and DELETE on the audit log, whatever code runs."""

from django.db import migrations

SQLITE = [
    """CREATE TRIGGER IF NOT EXISTS partners_auditevent_no_update BEFORE UPDATE ON partners_auditevent
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;""",
    """CREATE TRIGGER IF NOT EXISTS partners_auditevent_no_delete BEFORE DELETE ON partners_auditevent
       BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS partners_auditevent_no_update;",
    "DROP TRIGGER IF EXISTS partners_auditevent_no_delete;",
]
POSTGRES = [
    """CREATE OR REPLACE FUNCTION partners_auditevent_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'the audit log is append-only'; END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER partners_auditevent_append_only BEFORE UPDATE OR DELETE ON partners_auditevent
       FOR EACH ROW EXECUTE FUNCTION partners_auditevent_append_only();""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS partners_auditevent_append_only ON partners_auditevent;",
    "DROP FUNCTION IF EXISTS partners_auditevent_append_only();",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("partners", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]
