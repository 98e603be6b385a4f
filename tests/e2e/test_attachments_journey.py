"""A customer files a complaint in French with a screenshot and a PDF; the acknowledgement lists
both; a handler downloads both, byte for byte, with the `complaints` command. Against the local
stack: uploads go straight from the client to the embedded AWS's S3 by presigned PUT."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import sent_emails
from tests.stack_tools import api, complaints, handler_token, upload, wait_until_scanned
from tests.support import body
from tests.support_files import PDF, PNG

pytestmark = pytest.mark.e2e


def test_files_sent_with_a_complaint_reach_the_handler_byte_for_byte(local_stack: Any, tmp_path: Path) -> None:
    """Screenshot and PDF listed in the French acknowledgement; downloaded once the scan is clean."""
    key = str(uuid.uuid4())
    shot = upload(local_stack, key, PNG, "capture d'écran.png", "image/png")
    statement = upload(local_stack, key, PDF, "relevé.pdf", "application/pdf")
    email = f"client-{uuid.uuid4().hex[:6]}@example.com"
    created = api(
        local_stack,
        "/complaints",
        body(language="fr", email=email, attachments=[{"upload_id": shot}, {"upload_id": statement}]),
        key=key,
    )
    reference = created["reference"]

    (acknowledgement,) = [m for m in sent_emails(local_stack) if email in m["destinations"]["ToAddresses"]]
    for name in ("capture d&#39;écran.png\u00a0: reçu", "relevé.pdf\u00a0: reçu"):  # French: no-break space
        assert name in acknowledgement["body"]

    token = handler_token(local_stack)
    wait_until_scanned(local_stack, reference, token, count=2)
    for upload_id, original in ((shot, PNG), (statement, PDF)):
        target = tmp_path / upload_id
        complaints(local_stack, "download", reference, upload_id, "--output", str(target), token=token)
        assert target.read_bytes() == original
    history = json.loads(complaints(local_stack, "show", reference, "--json", token=token))["history"]
    assert [event["kind"] for event in history].count("attachment_opened") == 2
