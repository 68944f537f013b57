"""Load the default Kansrijk-zelfscan (version 1) from data/zelfscan_v1.json: the questionnaire is data."""

import json
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "zelfscan_v1.json"


def load(apps, schema_editor):
    Questionnaire = apps.get_model("coalitions", "Questionnaire")
    Theme = apps.get_model("coalitions", "ZelfscanTheme")
    Statement = apps.get_model("coalitions", "Statement")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    if Questionnaire.objects.filter(version=data["version"]).exists():
        return
    questionnaire = Questionnaire.objects.create(
        version=data["version"],
        title=data["title"],
        description=data["description"],
        is_active=not Questionnaire.objects.filter(is_active=True).exists(),
    )
    for t_order, theme_data in enumerate(data["themes"]):
        theme = Theme.objects.create(
            questionnaire=questionnaire,
            key=theme_data["key"],
            title=theme_data["title"],
            source=theme_data["source"],
            order=t_order,
        )
        for s_order, statement in enumerate(theme_data["statements"]):
            Statement.objects.create(theme=theme, key=statement["key"], text=statement["text"], order=s_order)


def unload(apps, schema_editor):
    Questionnaire = apps.get_model("coalitions", "Questionnaire")
    # Only the untouched default goes: a version with rounds keeps its answers (PROTECT would refuse anyway).
    Questionnaire.objects.filter(version=1, rounds__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("coalitions", "0002_workspace")]
    operations = [migrations.RunPython(load, unload)]
