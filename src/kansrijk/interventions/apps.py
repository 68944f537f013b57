from django.apps import AppConfig


class InterventionsConfig(AppConfig):
    name = "kansrijk.interventions"
    label = "interventions"
    default_auto_field = "django.db.models.BigAutoField"
