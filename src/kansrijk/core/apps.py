from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "kansrijk.core"
    label = "core"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kansrijk.core import checks

        checks.register()
