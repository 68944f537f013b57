"""The optional BSN: checked (elfproef), encrypted at rest, matched by a keyed hash, never in lists.

The key (KANSRIJK_BSN_KEY) lives outside the database; whoever reads a database dump sees neither the
numbers nor a hash that can be brute-forced without the key (a BSN has only ~10^9 values)."""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet
from django.conf import settings


def is_valid_bsn(value: str) -> bool:
    """Nine digits passing the elfproef (the last digit weighs −1)."""
    if len(value) != 9 or not value.isdigit():
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    total = sum(int(d) * w for d, w in zip(value, weights, strict=True))
    return total % 11 == 0 and value != "000000000"


def _fernet() -> Fernet:
    digest = hashlib.sha256(("fernet:" + settings.KANSRIJK_BSN_KEY).encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


def encrypt(bsn: str) -> str:
    return _fernet().encrypt(bsn.encode()).decode()


def decrypt(token: str) -> str:
    return _fernet().decrypt(token.encode()).decode()


def lookup_hash(bsn: str) -> str:
    return hmac.new(("hash:" + settings.KANSRIJK_BSN_KEY).encode(), bsn.encode(), hashlib.sha256).hexdigest()


def masked(token: str) -> str:
    """For the one place a BSN is shown (the person's own detail): only the last three digits."""
    return "******" + decrypt(token)[-3:] if token else ""
