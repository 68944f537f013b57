from django.apps import AppConfig


class CareConfig(AppConfig):
    name = "kansrijk.care"
    label = "care"
    verbose_name = "Zorg (gezinnen)"
    default_auto_field = "django.db.models.BigAutoField"
