from django.apps import AppConfig


class CoalitionsConfig(AppConfig):
    name = "kansrijk.coalitions"
    label = "coalitions"
    default_auto_field = "django.db.models.BigAutoField"
