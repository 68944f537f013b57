from django.apps import AppConfig


class StartfotoConfig(AppConfig):
    name = "kansrijk.startfoto"
    label = "startfoto"
    default_auto_field = "django.db.models.BigAutoField"
