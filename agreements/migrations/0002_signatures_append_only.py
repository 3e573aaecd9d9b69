"""Database triggers: signatures and withdrawals are never changed or removed, and a version's text and
dates cannot change once it has been signed, whatever code runs."""

from django.db import migrations

TABLES = ["agreements_signature", "agreements_signaturewithdrawal"]

SQLITE = []
SQLITE_REVERSE = []
POSTGRES = [
    """CREATE OR REPLACE FUNCTION agreements_append_only() RETURNS trigger AS $$
       BEGIN RAISE EXCEPTION 'signatures are append-only'; END; $$ LANGUAGE plpgsql;""",
    """CREATE OR REPLACE FUNCTION agreements_signed_version_frozen() RETURNS trigger AS $$
       BEGIN
         IF (NEW.body_raw IS DISTINCT FROM OLD.body_raw OR NEW.valid_from IS DISTINCT FROM OLD.valid_from
             OR NEW.valid_until IS DISTINCT FROM OLD.valid_until)
            AND EXISTS (SELECT 1 FROM agreements_signature WHERE version_id = OLD.id) THEN
           RAISE EXCEPTION 'a signed version cannot change';
         END IF;
         RETURN NEW;
       END; $$ LANGUAGE plpgsql;""",
    """CREATE TRIGGER agreements_version_frozen BEFORE UPDATE ON agreements_agreementversion
       FOR EACH ROW EXECUTE FUNCTION agreements_signed_version_frozen();""",
]
POSTGRES_REVERSE = [
    "DROP TRIGGER IF EXISTS agreements_version_frozen ON agreements_agreementversion;",
    "DROP FUNCTION IF EXISTS agreements_signed_version_frozen();",
]
for table in TABLES:
    SQLITE += [
        f"""CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
            BEGIN SELECT RAISE(ABORT, 'signatures are append-only'); END;""",
        f"""CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
            BEGIN SELECT RAISE(ABORT, 'signatures are append-only'); END;""",
    ]
    SQLITE_REVERSE += [f"DROP TRIGGER IF EXISTS {table}_no_update;", f"DROP TRIGGER IF EXISTS {table}_no_delete;"]
    POSTGRES.append(
        f"""CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
            FOR EACH ROW EXECUTE FUNCTION agreements_append_only();"""
    )
    POSTGRES_REVERSE.insert(0, f"DROP TRIGGER IF EXISTS {table}_append_only ON {table};")
POSTGRES_REVERSE.append("DROP FUNCTION IF EXISTS agreements_append_only();")
SQLITE.append(
    """CREATE TRIGGER agreements_version_frozen BEFORE UPDATE ON agreements_agreementversion
       WHEN (NEW.body_raw IS NOT OLD.body_raw OR NEW.valid_from IS NOT OLD.valid_from
             OR NEW.valid_until IS NOT OLD.valid_until)
        AND EXISTS (SELECT 1 FROM agreements_signature WHERE version_id = OLD.id)
       BEGIN SELECT RAISE(ABORT, 'a signed version cannot change'); END;"""
)
SQLITE_REVERSE.append("DROP TRIGGER IF EXISTS agreements_version_frozen;")


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("agreements", "0001_initial")]

    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE, "postgresql": POSTGRES}),
            _run({"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}),
        )
    ]
