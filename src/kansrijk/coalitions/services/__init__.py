from kansrijk.coalitions.services.coalition import coalition_create  # noqa: F401
