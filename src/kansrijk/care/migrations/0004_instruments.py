"""The two shipped screening instruments, so every fresh database has them: Kansrijk's own broad risk
inventory on the eight R4U domains and the anamnesis items of the V&VN guideline (both not validated).

The files are read from care/data/instruments/ by name, so a later version shipped as a new file needs its
own migration (or an upload by a platform admin). Self-contained on purpose: shared option sets are
inlined here as kansrijk.care.instruments.validate_definition does (a test checks both agree), so the
migration does not change when the application code does.
"""

import json
from pathlib import Path

from django.db import migrations

FILES = ("kansrijk-brede-inventarisatie.v1.json", "vvn-anamnese.v1.json")
DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "instruments"


def _normalise(data):
    sets = data.get("options", {})
    items = []
    for item in data["items"]:
        options = item["options"]
        items.append(
            {
                "id": item["id"],
                "text": item["text"].strip(),
                "label": item["label"].strip(),
                "domain": item["domain"],
                "category": item["category"],
                "kind": item["kind"],
                "urgent": item.get("urgent", False),
                "options": sets[options] if isinstance(options, str) else options,
                "present": [] if item["kind"] == "info" else item.get("present", []),
                "need": item.get("need") or "",
            }
        )
    return {
        "key": data["key"],
        "version": data["version"],
        "title": data["title"].strip(),
        "description": data.get("description", "").strip(),
        "content_owner": data["content_owner"].strip(),
        "validated": False,
        "items": items,
    }


def load(apps, schema_editor):
    Instrument = apps.get_model("care", "Instrument")
    for name in FILES:
        definition = _normalise(json.loads((DATA_DIR / name).read_text(encoding="utf-8")))
        Instrument.objects.get_or_create(
            key=definition["key"],
            version=definition["version"],
            defaults={
                "title": definition["title"],
                "definition": definition,
                "validated": False,
                "content_owner": definition["content_owner"],
                "is_active": True,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("care", "0003_accesslog_append_only")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
