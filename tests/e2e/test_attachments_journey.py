"""A customer files a complaint in French with a screenshot and a PDF; the acknowledgement lists
both; a handler downloads both, byte for byte, with the `complaints` command. Against the local
stack: uploads go straight from the client to the embedded AWS's S3 by presigned PUT."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import pytest

from devstack.staff_keys import PRIVATE_KEY_FILE
from tests.conftest import sent_emails
from tests.support import body
from tests.support_files import PDF, PNG

pytestmark = pytest.mark.e2e

COMMAND = shutil.which("complaints", path=str(Path(sys.executable).parent)) or "complaints"


def api(stack: Any, path: str, payload: dict[str, Any], key: str | None = None) -> dict[str, Any]:
    headers = {"Content-Type": "application/json", **({"Idempotency-Key": key} if key else {})}
    request = urllib.request.Request(
        f"{stack.ports.api_url}{path}", method="POST", data=json.dumps(payload).encode(), headers=headers
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return dict(json.load(response))


def upload(stack: Any, key: str, data: bytes, filename: str, content_type: str) -> str:
    """What the form does: ask the API for a presigned PUT, then send the bytes to storage."""
    allowed = api(
        stack,
        "/uploads",
        {"submission_key": key, "filename": filename, "content_type": content_type, "size": len(data)},
    )
    put = urllib.request.Request(allowed["url"], data=data, method="PUT", headers=allowed["headers"])
    with urllib.request.urlopen(put, timeout=30) as response:
        assert response.status == 200
    return str(allowed["upload_id"])


def complaints(stack: Any, *arguments: str, token: str | None = None, cwd: Path | None = None) -> str:
    env = {**os.environ, "COMPLAINTS_API": stack.ports.api_url, **({"COMPLAINTS_TOKEN": token} if token else {})}
    result = subprocess.run([COMMAND, *arguments], capture_output=True, text=True, env=env, timeout=60, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return result.stdout


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
    for name in ("capture d&#39;écran.png : reçu", "relevé.pdf : reçu"):
        assert name in acknowledgement["body"]

    token = complaints(
        local_stack, "token", "--user", "alice", "--key", str(local_stack.key_dir / PRIVATE_KEY_FILE)
    ).strip()
    deadline = time.monotonic() + 30  # the local malware scanner tags new objects every two seconds
    while time.monotonic() < deadline:
        files = json.loads(complaints(local_stack, "attachments", reference, "--json", token=token))
        if [file["scan"] for file in files] == ["clean", "clean"]:
            break
        time.sleep(1)
    for upload_id, original in ((shot, PNG), (statement, PDF)):
        target = tmp_path / upload_id
        complaints(local_stack, "download", reference, upload_id, "--output", str(target), token=token)
        assert target.read_bytes() == original
    history = json.loads(complaints(local_stack, "show", reference, "--json", token=token))["history"]
    assert [event["kind"] for event in history].count("attachment_opened") == 2
