"""Load the indicator definitions from monitoring/data/indicators.json (idempotent; `kansrijk monitor
verwerk` syncs again at start, so a later edit of the file needs no new migration)."""

from django.db import migrations


def load(apps, schema_editor):
    from kansrijk.monitoring.services.sync import sync_definitions

    sync_definitions(apps.get_model("monitoring", "IndicatorDefinition"))


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
