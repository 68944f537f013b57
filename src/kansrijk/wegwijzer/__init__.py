"""The public Wegwijzer for (future) parents: the help in their own municipality (no personal data)."""
