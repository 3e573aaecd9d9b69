"""The search index: an FTS5 table mirroring forum_searchdocument on SQLite (kept in step by
triggers), a GIN index on search_vector on PostgreSQL. Other databases get neither."""

from django.db import migrations

SQLITE = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS forum_search_fts USING fts5("
    "title, body, content='forum_searchdocument', content_rowid='id', tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS forum_search_ai AFTER INSERT ON forum_searchdocument BEGIN "
    "INSERT INTO forum_search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
    "CREATE TRIGGER IF NOT EXISTS forum_search_ad AFTER DELETE ON forum_searchdocument BEGIN "
    "INSERT INTO forum_search_fts(forum_search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body); END",
    "CREATE TRIGGER IF NOT EXISTS forum_search_au AFTER UPDATE OF title, body ON forum_searchdocument BEGIN "
    "INSERT INTO forum_search_fts(forum_search_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body); "
    "INSERT INTO forum_search_fts(rowid, title, body) VALUES (new.id, new.title, new.body); END",
]
SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS forum_search_au",
    "DROP TRIGGER IF EXISTS forum_search_ad",
    "DROP TRIGGER IF EXISTS forum_search_ai",
    "DROP TABLE IF EXISTS forum_search_fts",
]
POSTGRES = ["CREATE INDEX IF NOT EXISTS forum_searchdoc_vector ON forum_searchdocument USING gin (search_vector)"]
POSTGRES_REVERSE = ["DROP INDEX IF EXISTS forum_searchdoc_vector"]


def forwards(apps, schema_editor):
    statements = {"sqlite": SQLITE, "postgresql": POSTGRES}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    statements = {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRES_REVERSE}.get(schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("forum", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
