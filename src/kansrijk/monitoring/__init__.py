"""The monitor (issue 14): chain-process figures from care's outbox, published per closed period through
the shared disclosure module, and the coalition's business case (MKBA)."""
