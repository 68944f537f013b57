"""Reads of the care layer. Each personal-data model has one visibility selector; everything not
visible is a 404. Reads of a family's data write an access-log entry (NEN 7513)."""
