"""URL patterns of the care layer, one module per part (combined in care/urls.py)."""
