"""The care layer: families (episodes), screening, the vulnerability level decided with the client,
consent and other legal bases, the prenatal home visit, and the access log (NEN 7513) — the only place
that holds personal data (docs/architecture.md, docs/privacy.md).

Other apps use care only through its public modules, and only `api` and `demo` may (plus `monitoring`
through the aggregation interface): see the import contracts in pyproject.toml.
"""
