"""Writes of the monitor: definitions sync, consuming care's outbox, publishing closed periods, the atlas
feedback. Import the functions from their modules (`services.consume`, `services.publish`, …)."""
