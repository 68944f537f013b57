from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _create_cache_table(sender: AppConfig, using: str = "default", **kwargs: Any) -> None:
    # Sign-in throttles live in the database cache (settings.CACHES); migrate does not make its table,
    # so a deployment that only runs `kansrijk migrate` would fail every login. A no-op when it exists.
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)


class AccountsConfig(AppConfig):
    name = "kansrijk.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Imported here because receivers need the models loaded; the checks validate settings at start-up.
        from kansrijk.accounts import checks, signals

        signals.connect()
        checks.register()
        post_migrate.connect(_create_cache_table, sender=self, dispatch_uid="kansrijk.accounts.cache_table")
