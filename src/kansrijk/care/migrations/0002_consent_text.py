"""The first version of the information text shown when asking consent (B1 Dutch)."""

from django.db import migrations

TITLE = "Toestemming om gegevens te delen"
BODY = """Wij willen u goed helpen. Soms is daarvoor een andere organisatie nodig.
Dan willen wij een paar gegevens met die organisatie delen.
U kiest zelf of dat mag. En welke gegevens.
U kunt nee zeggen. U krijgt dan toch zorg van ons.
U kunt uw toestemming altijd weer intrekken. Dat kan bij ons, of zelf in Kansrijk.
Na het intrekken kan die organisatie uw gegevens niet meer inzien.
In Kansrijk ziet u welke organisaties uw gegevens hebben. En wie ze heeft bekeken."""


def add_text(apps, schema_editor):
    ConsentText = apps.get_model("care", "ConsentText")
    ConsentText.objects.get_or_create(version=1, defaults={"title": TITLE, "body": BODY})


class Migration(migrations.Migration):
    dependencies = [("care", "0001_initial")]
    operations = [migrations.RunPython(add_text, migrations.RunPython.noop)]
