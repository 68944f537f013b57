from django.apps import AppConfig


class WegwijzerConfig(AppConfig):
    name = "kansrijk.wegwijzer"
    label = "wegwijzer"
    default_auto_field = "django.db.models.BigAutoField"
