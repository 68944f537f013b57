from django.apps import AppConfig


class StartfotoConfig(AppConfig):
    name = "kansrijk.startfoto"
    label = "startfoto"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kansrijk.areas.hooks import register_import_done
        from kansrijk.startfoto.prerender import import_done

        register_import_done(import_done)
