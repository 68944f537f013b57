"""Kansrijk: the open platform for local coalitions Kansrijke Start."""
