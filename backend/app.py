"""HTTP routes, schedules and the table's stream: parse the request, call a service, map its errors to statuses
(chalicelib/api/responses.py)."""

from __future__ import annotations

from functools import partial
from typing import Any

from chalice.app import Chalice, CORSConfig, DynamoDBEvent, Rate, Request, Response
from chalicelib import i18n, settings
from chalicelib.adapters.records import COMPLAINT_SK, complaint_pk
from chalicelib.api.bodies import Unreadable, read_object
from chalicelib.api.responses import answer, customer_error, json_response, request_error
from chalicelib.api.staff import PREFIX, staff
from chalicelib.clock import utc_now
from chalicelib.domain.complaint import LANGUAGES
from chalicelib.domain.validation import FieldError, InvalidSubmission, request_language
from chalicelib.log import log_event
from chalicelib.services import access, attachments, intake

app = Chalice(app_name="complaints")
app.register_blueprint(staff, url_prefix=PREFIX)
cors = CORSConfig(
    allow_origin=settings.cors_origin(),
    allow_headers=["Idempotency-Key", "Content-Type"],
    expose_headers=["Idempotent-Replayed", "Retry-After"],
    max_age=600,
)


def _request() -> Request:
    request = app.current_request
    assert request is not None  # Chalice sets it for every route call
    return request


def _header_language() -> str | None:
    """The first supported language of Accept-Language, for errors before the body is read."""
    header = str(_request().headers.get("accept-language") or "")
    for part in header.split(","):
        code = part.split(";")[0].strip().lower()[:2]
        if code in LANGUAGES:
            return code
    return None


def _client_address() -> str:
    return str(_request().context.get("identity", {}).get("sourceIp", "unknown"))


def _json_body(fallback: str | None) -> dict[str, Any] | Response:
    """The request's JSON object, or the contract's error answer for a body that is not one."""
    request = _request()
    content_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    if content_type != "application/json":
        return request_error(415, fallback, "unsupported_media_type")
    if len(request.raw_body or b"") > settings.MAX_BODY_BYTES:
        return request_error(413, fallback, "too_large", max_kb=settings.MAX_BODY_BYTES // 1024)
    try:
        return read_object(request.raw_body or b"")
    except Unreadable as unreadable:
        if unreadable.field is None:
            return request_error(400, fallback, unreadable.code)
        error = FieldError(unreadable.field, unreadable.code)
        return json_response(400, i18n.error_body(fallback or "en", [error]))


@app.route("/health", methods=["GET"], cors=cors)
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.route("/complaints", methods=["POST"], cors=cors, content_types=["*/*"])
def create_complaint() -> Response:
    request = _request()
    raw = _json_body(_header_language())
    if isinstance(raw, Response):
        return raw
    language = request_language(raw, _header_language())

    def submit() -> Response:
        try:
            result = intake.submit_complaint(
                raw,
                idempotency_key=request.headers.get("idempotency-key"),
                client_id=_client_address(),
                repository=settings.repository(),
                mailer=settings.mailer(),
                clock=utc_now,
                config=settings.portal_config(),
                files=settings.files(),
            )
        except InvalidSubmission as invalid:
            log_event("complaint_invalid", fields=sorted({e.field or "" for e in invalid.errors}))
            raise
        headers = {"Idempotent-Replayed": "true"} if result.replayed else {}
        return json_response(201, result.body, headers)

    return answer(submit, partial(customer_error, language=language))


@app.route("/complaints/{reference}", methods=["GET"], cors=cors)
def complaint_status(reference: str) -> Response:
    query = _request().query_params
    token = query.get("token") if query else None
    return answer(
        lambda: json_response(200, access.public_status(reference, token, repository=settings.repository())),
        partial(customer_error, language=_header_language() or "en"),
    )


@app.route("/uploads", methods=["POST"], cors=cors, content_types=["*/*"])
def create_upload() -> Response:
    """A short-lived URL to PUT one file straight to storage: the API never carries file bytes."""
    raw = _json_body(_header_language())
    if isinstance(raw, Response):
        return raw
    return answer(
        lambda: json_response(
            201,
            attachments.request_upload(
                raw,
                client_id=_client_address(),
                repository=settings.repository(),
                files=settings.files(),
                clock=utc_now,
            ),
        ),
        partial(customer_error, language=request_language(raw, _header_language())),
    )


@app.route("/complaints/{reference}/attachments", methods=["POST"], cors=cors, content_types=["*/*"])
def add_attachment(reference: str) -> Response:
    """A file sent after filing, from the track page (e.g. the power of attorney the firm asked for)."""
    raw = _json_body(_header_language())
    if isinstance(raw, Response):
        return raw

    def attach() -> Response:
        attachment = attachments.attach_later(
            reference, raw.get("token"), raw, files=settings.files(), repository=settings.repository(), clock=utc_now
        )
        return json_response(
            201, {"purpose": attachment.purpose, "status": attachment.status, "refusal": attachment.refusal}
        )

    return answer(attach, partial(customer_error, language=request_language(raw, _header_language())))


@app.schedule(Rate(5, unit=Rate.MINUTES))
def retry_acknowledgements(event: Any) -> int:
    """Sends acknowledgements and letters the mail service refused earlier, each exactly once."""
    from chalicelib.services import jobs  # the schedules' own: not loaded by the API's cold start

    return jobs.retry_mail(
        repository=settings.repository(), mailer=settings.mailer(), clock=utc_now, firm=settings.portal_config().firm
    )


@app.schedule(Rate(1, unit=Rate.HOURS))
def deadline_monitor(event: Any) -> int:
    """Alerts the handlers to deadlines within 48 hours (one digest per run) and sends what is owed."""
    from chalicelib.services import jobs

    return jobs.monitor_deadlines(
        repository=settings.repository(),
        mailer=settings.mailer(),
        clock=utc_now,
        firm=settings.portal_config().firm,
        recipient=settings.handlers_email(),
    )


# Packaging needs an ARN here; infra/backend.py replaces it with the table's stream, which only
# CloudFormation knows, and adds the filter that lets only TTL deletions of complaints through.
COMPLAINTS_STREAM = "arn:aws:dynamodb:eu-west-1:000000000000:table/complaints/stream/set-by-infra"
TTL_DELETER = {"type": "Service", "principalId": "dynamodb.amazonaws.com"}


def _expired_complaint(record: dict[str, Any]) -> str | None:
    """The reference of a complaint whose record DynamoDB's TTL deleted; None for any other change."""
    keys = record.get("dynamodb", {}).get("Keys", {})
    pk, sk = keys.get("pk", {}).get("S", ""), keys.get("sk", {}).get("S")
    prefix = complaint_pk("")
    if record.get("eventName") != "REMOVE" or record.get("userIdentity") != TTL_DELETER:
        return None
    return pk.removeprefix(prefix) if sk == COMPLAINT_SK and pk.startswith(prefix) else None


@app.on_dynamodb_record(stream_arn=COMPLAINTS_STREAM, batch_size=10, starting_position="TRIM_HORIZON")
def forget_expired_files(event: DynamoDBEvent) -> int:
    """Deletes the files of each complaint whose record expired; a failure fails the batch, which the
    stream retries, halves, and finally sends to the failure queue (infra/RUNBOOK.md)."""
    references = [reference for record in event if (reference := _expired_complaint(record.to_dict()))]
    repository, files = settings.repository(), settings.files()
    return sum(attachments.forget_files(reference, repository=repository, files=files) for reference in references)
