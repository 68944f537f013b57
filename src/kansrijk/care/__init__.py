"""The care layer (not built yet): families, screening, levels, consent, referrals, handovers, visits and
the access log — the only place that holds personal data (docs/architecture.md, design.md §2).

An empty package for now, and not in INSTALLED_APPS: it exists so the import contracts in pyproject.toml
(`[tool.importlinter]`) can already name it and forbid the area and coalition layers to import it.
"""
