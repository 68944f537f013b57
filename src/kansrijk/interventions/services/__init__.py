"""Writes of the interventions app (menukaart, local offer, balans): typed, keyword-only, atomic, audited."""
