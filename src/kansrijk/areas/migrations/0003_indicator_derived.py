from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("areas", "0002_indicator_scale"),
    ]

    operations = [
        migrations.AddField(
            model_name="indicator",
            name="derived",
            field=models.BooleanField(default=False),
        ),
    ]
