"""Complaint references and tracking tokens.

A reference is read over the phone: eight characters from an alphabet with no look-alikes
(no 0/O, 1/I/L, U/V), grouped 4-4, drawn at random so that none can be guessed from another.
Uniqueness is the repository's job (a conditional write); this module only draws them.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections.abc import Callable

REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTWXYZ"
REFERENCE_LENGTH = 8
REFERENCE_PATTERN = re.compile(rf"^[{REFERENCE_ALPHABET}]{{4}}-[{REFERENCE_ALPHABET}]{{4}}$")
TOKEN_BYTES = 18  # 144 bits, above the 128 the issue asks for


def new_reference(randbelow: Callable[[int], int] = secrets.randbelow) -> str:
    chars = "".join(REFERENCE_ALPHABET[randbelow(len(REFERENCE_ALPHABET))] for _ in range(REFERENCE_LENGTH))
    return f"{chars[:4]}-{chars[4:]}"


def normalise_reference(text: str) -> str | None:
    """What a customer typed, made canonical; None when it cannot be a reference."""
    cleaned = re.sub(r"[\s-]", "", text.upper())
    candidate = f"{cleaned[:4]}-{cleaned[4:]}"
    return candidate if REFERENCE_PATTERN.match(candidate) else None


def new_tracking_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_matches(token: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_token(token), stored_hash)
