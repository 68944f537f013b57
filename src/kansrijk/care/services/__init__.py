"""Writes of the care layer: typed service functions that take an access context, check the basis,
write, and record the access-log entry (and a timeline event) in the same transaction."""
