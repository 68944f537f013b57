"""Reads of the interventions app (menukaart, local offer, balans)."""
