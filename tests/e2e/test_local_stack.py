"""The real local stack over HTTP: moto server, chalice local and the built site (CONTRACT.md section 1)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
import uuid
from typing import Any

import boto3
import pytest

from devstack.aws import REGION, TABLE_NAME
from tests.conftest import sent_emails
from tests.support import body

pytestmark = pytest.mark.e2e

SUBJECTS = {
    "en": "We have received your complaint",
    "fr": "Nous avons bien reçu votre réclamation",
    "it": "Abbiamo ricevuto il Suo reclamo",
}


def request(
    url: str, method: str = "GET", data: Any = None, headers: dict[str, str] | None = None
) -> tuple[int, dict[str, str], Any]:
    encoded = json.dumps(data).encode() if data is not None else None
    call = urllib.request.Request(url, data=encoded, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(call, timeout=30) as response:
            return response.status, dict(response.headers), json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read() or b"null")


@pytest.mark.parametrize("language", ["en", "fr", "it"])
def test_a_complaint_posted_over_http_is_stored_and_acknowledged_in_its_language(
    local_stack: Any, language: str
) -> None:
    """curl-equivalent POST: 201, the item in the embedded DynamoDB, the email in the embedded SES."""
    email = f"customer-{language}-{uuid.uuid4().hex[:6]}@example.com"
    status, _, created = request(
        f"{local_stack.ports.api_url}/complaints",
        "POST",
        body(language=language, email=email),
        {"Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())},
    )
    assert status == 201, created
    table = boto3.resource(
        "dynamodb",
        endpoint_url=local_stack.ports.aws_url,
        region_name=REGION,
        aws_access_key_id="local",
        aws_secret_access_key="local",
    ).Table(TABLE_NAME)
    item = table.get_item(Key={"pk": f"C#{created['reference']}", "sk": "COMPLAINT"})["Item"]
    assert item["language"] == language
    mails = [m for m in sent_emails(local_stack) if email in m["destinations"]["ToAddresses"]]
    assert len(mails) == 1
    assert mails[0]["subject"] == f"{SUBJECTS[language]} {created['reference']}"
    assert created["reference"] in mails[0]["body"]


def test_the_api_answers_health_and_status_over_http(local_stack: Any) -> None:
    """GET /health, then the customer-facing status with the tracking token."""
    assert request(f"{local_stack.ports.api_url}/health")[2] == {"status": "ok"}
    _, _, created = request(
        f"{local_stack.ports.api_url}/complaints", "POST", body(), {"Content-Type": "application/json"}
    )
    status, _, found = request(
        f"{local_stack.ports.api_url}/complaints/{created['reference']}?token={created['tracking_token']}"
    )
    assert (status, found["reference"]) == (200, created["reference"])


def test_the_preflight_allows_the_site_origin_with_the_idempotency_header(local_stack: Any) -> None:
    """Browsers send OPTIONS before a POST with Idempotency-Key; only the site's origin is named."""
    status, headers, _ = request(
        f"{local_stack.ports.api_url}/complaints",
        "OPTIONS",
        headers={
            "Origin": local_stack.ports.site_url,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type,idempotency-key",
        },
    )
    assert status == 200
    assert headers["Access-Control-Allow-Origin"] == local_stack.ports.site_url
    assert "Idempotency-Key" in headers["Access-Control-Allow-Headers"]


def test_the_site_is_served_with_its_security_headers(local_stack: Any) -> None:
    """The same Content-Security-Policy as in production: scripts from the site only."""
    with urllib.request.urlopen(local_stack.ports.site_url + "/", timeout=10) as response:
        policy = response.headers["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_concurrent_identical_submissions_store_one_complaint_and_send_one_email(local_stack: Any) -> None:
    """Five simultaneous POSTs with one Idempotency-Key: one reference, one acknowledgement."""
    from concurrent.futures import ThreadPoolExecutor

    email = f"double-{uuid.uuid4().hex[:6]}@example.com"
    key = str(uuid.uuid4())
    headers = {"Content-Type": "application/json", "Idempotency-Key": key}
    with ThreadPoolExecutor(max_workers=5) as pool:
        answers = list(
            pool.map(
                lambda _: request(f"{local_stack.ports.api_url}/complaints", "POST", body(email=email), headers),
                range(5),
            )
        )
    assert {status for status, _, _ in answers} == {201}, answers
    assert len({answer["reference"] for _, _, answer in answers}) == 1
    assert len([m for m in sent_emails(local_stack) if email in m["destinations"]["ToAddresses"]]) == 1
