"""What end-to-end and browser tests do to the running local stack besides browsing: call the API
as a client would, and act as a handler with the `complaints` command."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from devstack.staff_keys import PRIVATE_KEY_FILE

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
    """Runs the handlers' command against the stack's API; fails the test if the command fails."""
    env = {**os.environ, "COMPLAINTS_API": stack.ports.api_url, **({"COMPLAINTS_TOKEN": token} if token else {})}
    result = subprocess.run([COMMAND, *arguments], capture_output=True, text=True, env=env, timeout=60, cwd=cwd)
    assert result.returncode == 0, result.stderr
    return result.stdout


def handler_token(stack: Any, user: str = "alice", role: str | None = None) -> str:
    """A staff token signed with the stack's development key, as `complaints token` makes it."""
    arguments = ["token", "--user", user, "--key", str(stack.key_dir / PRIVATE_KEY_FILE)]
    return complaints(stack, *arguments, *(["--role", role] if role else [])).strip()


def wait_until_scanned(stack: Any, reference: str, token: str, count: int, timeout: float = 30) -> list[dict[str, Any]]:
    """The local malware scanner tags new objects every two seconds; handlers see files once clean."""
    deadline = time.monotonic() + timeout
    while True:
        files: list[dict[str, Any]] = json.loads(complaints(stack, "attachments", reference, "--json", token=token))
        if len(files) == count and all(file["scan"] == "clean" for file in files):
            return files
        assert time.monotonic() < deadline, files
        time.sleep(1)


def _aws(stack: Any) -> dict[str, str]:
    from devstack.aws import REGION

    return {
        "endpoint_url": stack.ports.aws_url,
        "region_name": REGION,
        "aws_access_key_id": "local",
        "aws_secret_access_key": "local",
    }


def stored_complaints(stack: Any) -> list[dict[str, Any]]:
    """Every complaint item in the stack's table, read through the moto server."""
    import boto3
    from boto3.dynamodb.conditions import Attr

    from devstack.aws import TABLE_NAME

    table = boto3.resource("dynamodb", **_aws(stack)).Table(TABLE_NAME)
    items: list[dict[str, Any]] = []
    arguments: dict[str, Any] = {"FilterExpression": Attr("sk").eq("COMPLAINT")}
    while True:
        page = table.scan(**arguments)
        items += page["Items"]
        if "LastEvaluatedKey" not in page:
            return items
        arguments["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def retry_mail(stack: Any) -> int:
    """What the scheduled retry does (every minute locally): send the acknowledgements still due."""
    from dataclasses import replace

    import boto3
    from chalicelib.adapters.dynamodb import DynamoDBComplaintRepository
    from chalicelib.adapters.ses import SesMailer
    from chalicelib.clock import utc_now
    from chalicelib.config.firm import load_firm
    from chalicelib.services import jobs

    from devstack.aws import TABLE_NAME

    firm = replace(load_firm(), site_url=stack.ports.site_url)
    return jobs.retry_mail(
        repository=DynamoDBComplaintRepository(boto3.resource("dynamodb", **_aws(stack)).Table(TABLE_NAME)),
        mailer=SesMailer(boto3.client("sesv2", **_aws(stack)), firm.complaints_email),
        clock=utc_now,
        firm=firm,
    )
