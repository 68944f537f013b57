from django.apps import AppConfig


class CoalitionsConfig(AppConfig):
    name = "kansrijk.coalitions"
    label = "coalitions"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # accounts may not import this layer: when someone leaves an organisation (or their account is
        # switched off), accounts calls this hook so their coalition participations end in the same transaction.
        from kansrijk.accounts.hooks import register_membership_ended
        from kansrijk.coalitions.services.lifecycle import participations_end_for

        register_membership_ended(participations_end_for)

        # The startfoto (area layer) may not import this layer either: it asks us about duidingen.
        from kansrijk.coalitions.selectors.duiding import DUIDING_PROVIDER
        from kansrijk.startfoto.hooks import register_duiding_provider

        register_duiding_provider(DUIDING_PROVIDER)
