"""Reads of the coalition layer; `access` holds the visibility rules every other read builds on."""

from kansrijk.coalitions.selectors.access import (
    coalition_get_for_user,
    coalitions_coordinated_by,
    coalitions_visible_to,
    partners_accepted,
    user_coordinates_municipality,
)

__all__ = [
    "coalition_get_for_user",
    "coalitions_coordinated_by",
    "coalitions_visible_to",
    "partners_accepted",
    "user_coordinates_municipality",
]
