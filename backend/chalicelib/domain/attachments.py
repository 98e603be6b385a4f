"""Files a customer sends with a complaint: evidence, screenshots, a representative's power of
attorney (seed 004 §12-13; the MiCA template's documents).

The type is decided by the file's first bytes, never by its name or declared type. Keys in storage
carry random ids only: no name, no email, nothing personal.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import datetime
from typing import Literal, cast

from .value import frozen

MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_TOTAL_BYTES = 25 * 1024 * 1024
MAX_FILES = 5
SNIFF_BYTES = 4096  # enough to tell a text file from a binary one
ALLOWED_TYPES = ("application/pdf", "image/png", "image/jpeg", "text/plain")
PURPOSES = ("evidence", "power_of_attorney")
UPLOAD_ID = re.compile(r"^[0-9a-f]{32}$")

Purpose = Literal["evidence", "power_of_attorney"]
AttachmentStatus = Literal["received", "refused", "missing"]
ScanVerdict = Literal["pending", "clean", "infected"]


@frozen
class AttachmentRef:
    """What the submission says about a file it uploaded."""

    upload_id: str
    purpose: Purpose = "evidence"


@frozen
class Attachment:
    """A file the customer sent with the complaint or later, with what the checks found."""

    upload_id: str
    purpose: Purpose
    filename: str
    declared_type: str
    status: AttachmentStatus
    content_type: str | None = None  # as sniffed from the content
    size: int | None = None
    sha256: str | None = None
    refusal: str | None = None  # wrong_type, too_large, total_too_large, missing
    received_at: datetime | None = None


def sniff(head: bytes) -> str | None:
    """The content type the first bytes prove, or None when it is none of the allowed ones."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    return "text/plain" if _is_text(head) else None


def _is_text(head: bytes) -> bool:
    if not head:
        return False
    try:
        text = head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 3:  # a character cut at the sniff boundary is fine
            return False
        text = head[: error.start].decode("utf-8")
    return not any(unicodedata.category(char) == "Cc" and char not in "\t\n\r\f" for char in text)


def clean_filename(name: str) -> str:
    """A display name only (never a storage key): no path, no control characters, 120 characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(char for char in unicodedata.normalize("NFC", base) if unicodedata.category(char)[0] != "C")
    return base.strip()[:120] or "file"


def owner_key(kind: str, secret: str) -> str:
    """The storage folder an upload belongs to: a hash of the submission key or the reference."""
    return hashlib.sha256(f"uploads:{kind}:{secret}".encode()).hexdigest()[:32]


def pending_key(owner: str, upload_id: str) -> str:
    return f"pending/{owner}/{upload_id}"


def stored_key(reference: str, upload_id: str) -> str:
    return f"complaints/{reference}/{upload_id}"


@frozen
class UploadRecord:
    """An upload the API allowed, kept until it is attached (or expires, with its TTL)."""

    upload_id: str
    owner: str  # owner_key() of the pending submission or the complaint
    filename: str
    declared_type: str
    purpose: Purpose
    created_at: datetime


@frozen
class UploadRequest:
    """What the browser declares about a file before it may upload it."""

    filename: str
    content_type: str
    size: int
    purpose: Purpose


def validate_upload_request(raw: dict[str, object]) -> tuple[UploadRequest | None, list[tuple[str, str]]]:
    """Checks what the browser declares before it may upload: type, size and purpose.

    The declared type and size are only a first filter; the stored bytes are checked again."""
    problems: list[tuple[str, str]] = []
    filename, content_type, size, purpose = (raw.get(name) for name in ("filename", "content_type", "size", "purpose"))
    if not isinstance(filename, str) or not filename.strip():
        problems.append(("filename", "required"))
    if content_type not in ALLOWED_TYPES:
        problems.append(("content_type", "wrong_type"))
    if not isinstance(size, int) or isinstance(size, bool) or size < 1:
        problems.append(("size", "invalid"))
    elif size > MAX_FILE_BYTES:
        problems.append(("size", "too_large"))
    purpose = purpose or "evidence"
    if purpose not in PURPOSES:
        problems.append(("purpose", "invalid"))
    if problems:
        return None, problems
    return UploadRequest(clean_filename(str(filename)), str(content_type), cast(int, size), cast(Purpose, purpose)), []
