"""The access log is append-only in the database itself (PostgreSQL): a trigger refuses every UPDATE and
DELETE of its rows, so neither a bug nor a hand-typed statement can change history; only someone who may
alter the table (and disables the trigger) can, and `kansrijk auditlog verify` still sees that.
TRUNCATE is not blocked: test databases are emptied with it; production roles do not get it.

Also a GIN index on `episodes`, so one family's view finds the lists that named it (`episodes @> […]`)
without reading the whole table. SQLite has neither and needs neither: it is for development and tests.
"""

from django.db import migrations

FUNCTION = "care_accesslog_append_only"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("care", "AccessLogEntry")._meta.db_table)
    schema_editor.execute(
        f"""
        CREATE OR REPLACE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'Het toegangslog is alleen aan te vullen: % is niet toegestaan', TG_OP
                USING ERRCODE = 'insufficient_privilege';
        END
        $$;
        """,
        params=None,  # no placeholder parsing: the message's % is PL/pgSQL's
    )
    schema_editor.execute(
        f"CREATE TRIGGER {FUNCTION} BEFORE UPDATE OR DELETE ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()"
    )
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS care_accesslog_episodes_gin ON {table} USING gin (episodes jsonb_path_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    table = schema_editor.quote_name(apps.get_model("care", "AccessLogEntry")._meta.db_table)
    schema_editor.execute("DROP INDEX IF EXISTS care_accesslog_episodes_gin")
    schema_editor.execute(f"DROP TRIGGER IF EXISTS {FUNCTION} ON {table}")
    schema_editor.execute(f"DROP FUNCTION IF EXISTS {FUNCTION}()")


class Migration(migrations.Migration):
    dependencies = [("care", "0002_consent_text")]

    operations = [migrations.RunPython(forwards, backwards, elidable=False)]
