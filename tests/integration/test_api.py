"""The HTTP API through Chalice's test client, on moto's DynamoDB and SES (CONTRACT.md section 2)."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest
from botocore.exceptions import ClientError
from chalice.test import Client
from chalicelib import settings
from chalicelib.domain.attachments import owner_key, pending_key

from tests.integration.conftest import sent_messages
from tests.support import body
from tests.support_files import PNG

SITE = "http://127.0.0.1:8001"


def post(
    client: Client,
    payload: Any,
    key: str | None = None,
    content_type: str = "application/json",
    raw: bytes | None = None,
) -> Any:
    headers = {"Content-Type": content_type}
    if key:
        headers["Idempotency-Key"] = key
    data = raw if raw is not None else json.dumps(payload).encode()
    return client.http.post("/complaints", body=data, headers=headers)


def answer(response: Any) -> Any:
    return json.loads(response.body)


def test_health_says_ok(client: Client) -> None:
    """GET /health → 200 {"status": "ok"}."""
    response = client.http.get("/health")
    assert (response.status_code, answer(response)) == (200, {"status": "ok"})


def test_a_valid_complaint_is_created_stored_and_acknowledged(client: Client, table: Any) -> None:
    """201 with the contract's fields; the item is in the table; SES sent the acknowledgement."""
    response = post(client, body(), key=str(uuid.uuid4()))
    assert response.status_code == 201
    created = answer(response)
    assert set(created) >= {"reference", "received_at", "acknowledge_by", "respond_by", "status", "tracking_token"}
    assert created["status"] == "received"
    item = table.get_item(Key={"pk": f"C#{created['reference']}", "sk": "COMPLAINT"})["Item"]
    assert item["submission"]["email"] == "ana.jonaitiene@example.com"
    assert created["tracking_token"] not in json.dumps(item, default=str)  # stored only as a hash
    messages = sent_messages()
    assert [m.subject for m in messages] == [f"We have received your complaint {created['reference']}"]


def test_every_invalid_field_is_reported_at_once_in_the_contract_shape(client: Client) -> None:
    """400 with one entry per field: field, code and a message in the body's language."""
    response = post(client, body(email="nope", country="XX", consent=False))
    assert response.status_code == 400
    errors = answer(response)["errors"]
    assert {(e["field"], e["code"]) for e in errors} == {
        ("email", "invalid"),
        ("country", "invalid"),
        ("consent", "required"),
    }
    assert all(e["message"] for e in errors)


@pytest.mark.parametrize(
    ("payload", "raw", "content_type", "status", "code"),
    [
        (None, b"{not json", "application/json", 400, "invalid_json"),
        (None, b"\xff\xfe", "application/json", 400, "invalid_json"),
        (None, b"[1, 2]", "application/json", 400, "not_object"),
        (body(), None, "text/plain", 415, "unsupported_media_type"),
        (body(), None, "application/x-www-form-urlencoded", 415, "unsupported_media_type"),
        (body(description="x" * 70_000), None, "application/json", 413, "too_large"),
    ],
)
def test_malformed_requests_get_a_clear_error_never_a_5xx(
    client: Client, payload: Any, raw: bytes | None, content_type: str, status: int, code: str
) -> None:
    """Invalid JSON, a non-object, a wrong content type and an oversized body."""
    response = post(client, payload, raw=raw, content_type=content_type)
    assert response.status_code == status
    assert [(e["field"], e["code"]) for e in answer(response)["errors"]] == [(None, code)]


def test_errors_follow_the_accept_language_header_when_the_body_says_nothing(client: Client) -> None:
    """Before the body is read, the header is the only hint of the customer's language."""
    english = client.http.post("/complaints", body=b"{", headers={"Content-Type": "application/json"})
    french = client.http.post(
        "/complaints", body=b"{", headers={"Content-Type": "application/json", "Accept-Language": "fr-FR,fr;q=0.9"}
    )
    assert answer(english)["errors"][0]["message"] != answer(french)["errors"][0]["message"]


def test_a_replay_returns_the_first_answer_and_a_changed_body_is_a_conflict(client: Client) -> None:
    """Same key and body: the same reference and token, nothing new stored; other body: 409."""
    key = str(uuid.uuid4())
    first = post(client, body(), key=key)
    again = post(client, body(), key=key)
    assert answer(again) == answer(first)
    assert again.headers["Idempotent-Replayed"] == "true"
    assert len(sent_messages()) == 1
    conflict = post(client, body(full_name="Someone Else"), key=key)
    assert conflict.status_code == 409
    assert answer(conflict)["errors"][0]["code"] == "idempotency_conflict"


def test_a_malformed_idempotency_key_is_a_field_error(client: Client) -> None:
    """The header must hold a UUID."""
    response = post(client, body(), key="1234")
    assert response.status_code == 400
    assert answer(response)["errors"][0]["field"] == "Idempotency-Key"


def test_the_status_endpoint_needs_the_token_and_hides_personal_data(client: Client) -> None:
    """Right token: status and dates. Wrong token or unknown reference: the same 404."""
    created = answer(post(client, body()))
    reference, token = created["reference"], created["tracking_token"]
    found = client.http.get(f"/complaints/{reference}?token={token}")
    assert found.status_code == 200
    assert answer(found)["status"] == "acknowledged"
    assert "ana.jonaitiene" not in found.body.decode()
    wrong = client.http.get(f"/complaints/{reference}?token=not-the-token")
    unknown = client.http.get(f"/complaints/ZZZZ-ZZZZ?token={token}")
    missing = client.http.get(f"/complaints/{reference}")
    assert wrong.status_code == unknown.status_code == missing.status_code == 404
    assert wrong.body == unknown.body == missing.body


def test_responses_name_the_site_as_the_only_allowed_origin(client: Client) -> None:
    """CORS for the site's origin only (the preflight is tested against chalice local, tests/e2e)."""
    created = post(client, body())
    refused = post(client, body(email="bad"))
    for response in (created, refused):
        assert response.headers["Access-Control-Allow-Origin"] == SITE
        assert "Idempotency-Key" in response.headers["Access-Control-Allow-Headers"]


def test_an_ses_outage_still_answers_201_and_the_schedule_sends_the_acknowledgement_once(
    client: Client, table: Any
) -> None:
    """Injected SES failure: stored with a pending acknowledgement; the scheduled retry sends it."""

    def refuse(**_: Any) -> None:
        raise ClientError({"Error": {"Code": "ServiceUnavailable", "Message": "down"}}, "SendEmail")

    settings.mailer().client.meta.events.register("before-call.sesv2.SendEmail", refuse, unique_id="outage")
    created = answer(post(client, body()))
    item = table.get_item(Key={"pk": f"C#{created['reference']}", "sk": "COMPLAINT"})["Item"]
    assert (item["status"], item["ack_state"]) == ("received", "pending")
    assert sent_messages() == []

    settings.mailer().client.meta.events.unregister("before-call.sesv2.SendEmail", unique_id="outage")
    event = client.events.generate_cw_event(source="aws.events", detail_type="Scheduled Event", detail={}, resources=[])
    assert client.lambda_.invoke("retry_acknowledgements", event).payload == 1
    assert client.lambda_.invoke("retry_acknowledgements", event).payload == 0
    assert len(sent_messages()) == 1


def test_a_throttled_table_answers_503_and_the_same_key_later_stores_once(client: Client, table: Any) -> None:
    """Nothing the customer sent is lost: retry with the same key and it is stored exactly once."""

    def throttle(**_: Any) -> None:
        raise ClientError(
            {"Error": {"Code": "ProvisionedThroughputExceededException", "Message": "slow down"}}, "TransactWriteItems"
        )

    events = settings.repository().client.meta.events
    events.register("before-call.dynamodb.TransactWriteItems", throttle, unique_id="throttle")
    key = str(uuid.uuid4())
    refused = post(client, body(), key=key)
    assert refused.status_code == 503
    assert refused.headers["Retry-After"]
    assert answer(refused)["errors"][0]["code"] == "unavailable"
    events.unregister("before-call.dynamodb.TransactWriteItems", unique_id="throttle")
    assert post(client, body(), key=key).status_code == 201
    assert post(client, body(), key=key).status_code == 201
    complaints = [i for i in table.scan()["Items"] if i["sk"] == "COMPLAINT"]
    assert len(complaints) == 1


def test_logs_carry_the_reference_and_no_personal_data(client: Client, caplog: pytest.LogCaptureFixture) -> None:
    """Structured JSON lines; the customer's email, name and text never appear."""
    created = answer(post(client, body()))
    post(client, body(email="bad"))
    output = "\n".join(caplog.messages)
    lines = [json.loads(line) for line in caplog.messages]
    assert any(line.get("reference") == created["reference"] for line in lines)
    for personal in ("ana.jonaitiene", "Jonaitienė", "transfer of 15 November", "EVP-4821"):
        assert personal not in output


def test_an_upload_is_allowed_for_a_declared_file_and_refused_for_a_wrong_type(client: Client) -> None:
    """POST /uploads: a presigned PUT for an allowed file; a field error, in French, for an executable."""
    key = str(uuid.uuid4())
    allowed = post_json(
        client,
        "/uploads",
        {"language": "fr", "submission_key": key, "filename": "capture.png", "content_type": "image/png", "size": 2048},
    )
    assert allowed.status_code == 201
    upload = answer(allowed)
    assert upload["method"] == "PUT" and upload["headers"]["If-None-Match"] == "*"
    assert len(upload["upload_id"]) == 32 and key not in upload["url"]
    refused = post_json(
        client,
        "/uploads",
        {
            "language": "fr",
            "submission_key": key,
            "filename": "virus.exe",
            "content_type": "application/x-msdownload",
            "size": 2048,
        },
    )
    assert refused.status_code == 400
    error = answer(refused)["errors"][0]
    assert (error["field"], error["code"]) == ("content_type", "wrong_type")
    assert "PDF, PNG, JPEG" in error["message"] and "Envoyez" in error["message"]


def test_a_later_attachment_needs_the_complaints_token(client: Client) -> None:
    """The same 404 for a wrong token as for an unknown reference."""
    created = answer(post(client, body()))
    refused = post_json(
        client, f"/complaints/{created['reference']}/attachments", {"token": "wrong", "upload_id": "0" * 32}
    )
    assert refused.status_code == 404


def post_json(client: Client, path: str, payload: Any) -> Any:
    return client.http.post(path, body=json.dumps(payload).encode(), headers={"Content-Type": "application/json"})


def test_a_file_store_outage_after_storing_answers_503_and_the_same_key_files_the_complaint_with_its_file(
    client: Client, table: Any
) -> None:
    """S3 fails while the checked file is moved: 503, never a 201 without it; the retry finishes once."""
    key = str(uuid.uuid4())
    upload = answer(
        post_json(
            client,
            "/uploads",
            {"submission_key": key, "filename": "capture.png", "content_type": "image/png", "size": len(PNG)},
        )
    )["upload_id"]
    files = settings.files()
    files.client.put_object(
        Bucket=files.bucket, Key=pending_key(owner_key("submission", key), upload), Body=PNG, ContentType="image/png"
    )

    def slow_down(**_: Any) -> None:
        raise ClientError({"Error": {"Code": "SlowDown", "Message": "slow down"}}, "CopyObject")

    files.client.meta.events.register("before-call.s3.CopyObject", slow_down, unique_id="slow")
    with_file = body(language="fr", attachments=[{"upload_id": upload}])
    refused = post(client, with_file, key=key)
    assert refused.status_code == 503
    files.client.meta.events.unregister("before-call.s3.CopyObject", unique_id="slow")
    retried = post(client, with_file, key=key)
    assert retried.status_code == 201 and retried.headers["Idempotent-Replayed"] == "true"
    reference = answer(retried)["reference"]
    item = table.get_item(Key={"pk": f"C#{reference}", "sk": "COMPLAINT"})["Item"]
    assert [(a["filename"], a["status"]) for a in item["attachments"]] == [("capture.png", "received")]
    stored = files.client.list_objects_v2(Bucket=files.bucket)["Contents"]
    assert [obj["Key"] for obj in stored] == [f"complaints/{reference}/{upload}"]
    assert len([i for i in table.scan()["Items"] if i["sk"] == "COMPLAINT"]) == 1
