"""Monitoring (not built yet): the coalition monitor page and the published figures, fed only by the care
layer's aggregation interface (an outbox of events), the one door between personal data and everything
that publishes figures (design.md §2).

An empty package for now, and not in INSTALLED_APPS: it exists so the import contracts in pyproject.toml
(`[tool.importlinter]`) can already name it and forbid the area and coalition layers to import it.
"""
