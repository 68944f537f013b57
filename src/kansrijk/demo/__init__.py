"""The demo: a synthetic, labelled coalition with demo accounts, so `make run` has something to explore.

A top-layer app: it may use every other app's public services (and, once it exists, the care layer's,
with the same access context and logging as care's own views). Nothing imports it.
"""
