from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "kansrijk.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here because receivers need the models loaded; the checks validate settings at start-up.
        from kansrijk.accounts import checks, signals

        signals.connect()
        checks.register()
