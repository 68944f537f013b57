from django.apps import AppConfig


class AreasConfig(AppConfig):
    name = "kansrijk.areas"
    label = "areas"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # core may not import this layer: the home page and "over de data" get their figures from here.
        from kansrijk.areas.selectors import import_runs_latest, municipality_count
        from kansrijk.core.page_context import ABOUT_DATA, HOME, register_page_context

        register_page_context(HOME, lambda: {"municipality_count": municipality_count()})
        register_page_context(ABOUT_DATA, lambda: {"runs": import_runs_latest()})
