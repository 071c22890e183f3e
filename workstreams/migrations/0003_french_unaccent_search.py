"""Full-text search in French with accents folded (PostgreSQL only; SQLite skips it).

Creates the ``unaccent`` extension and a text search configuration ``french_unaccent``: a
copy of ``french`` whose words go through ``unaccent`` before the French stemmer, so that
"numerique" finds "numérique" and "budget" finds "budgets".
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations

CREATE_CONFIG = """
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION french_unaccent ( COPY = french );
        ALTER TEXT SEARCH CONFIGURATION french_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    END IF;
END
$$;
"""

DROP_CONFIG = "DROP TEXT SEARCH CONFIGURATION IF EXISTS french_unaccent;"


def create_config(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE_CONFIG)


def drop_config(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_CONFIG)


class Migration(migrations.Migration):
    dependencies = [
        ("workstreams", "0002_referrals_positioning_actions"),
    ]

    operations = [
        UnaccentExtension(),
        migrations.RunPython(create_config, drop_config),
    ]
