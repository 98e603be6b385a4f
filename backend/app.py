"""HTTP routes and schedules: parse the request, call a service, map its errors to statuses."""

from __future__ import annotations

import json
from typing import Any

from chalice.app import Chalice, CORSConfig, Rate, Request, Response
from chalicelib import attachment_services, errors, handling_services, i18n, oversight, services, settings
from chalicelib.adapters.ports import FileUnavailable, StorageUnavailable
from chalicelib.clock import utc_now
from chalicelib.domain.complaint import LANGUAGES
from chalicelib.domain.validation import InvalidSubmission, request_language
from chalicelib.log import log_event
from chalicelib.staff_api import PREFIX, staff

app = Chalice(app_name="complaints")
app.register_blueprint(staff, url_prefix=PREFIX)
cors = CORSConfig(
    allow_origin=settings.cors_origin(),
    allow_headers=["Idempotency-Key", "Content-Type"],
    expose_headers=["Idempotent-Replayed", "Retry-After"],
    max_age=600,
)


def _json(status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
    return Response(
        body=json.dumps(body, ensure_ascii=False),
        status_code=status,
        headers={"Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store", **(headers or {})},
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


def _request_error(status: int, language: str | None, code: str, **params: Any) -> Response:
    return _json(status, i18n.request_error_body(language or "en", code, **params))


@app.route("/health", methods=["GET"], cors=cors)
def health() -> dict[str, str]:
    return {"status": "ok"}


@app.route("/complaints", methods=["POST"], cors=cors, content_types=["*/*"])
def create_complaint() -> Response:
    request = _request()
    fallback = _header_language()
    raw = _json_body(fallback)
    if isinstance(raw, Response):
        return raw
    language = request_language(raw, fallback)
    try:
        result = services.submit_complaint(
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
        return _json(400, i18n.error_body(language, invalid.errors))
    except errors.IdempotencyConflict:
        return _request_error(409, language, "idempotency_conflict")
    except errors.RateLimited:
        return _json(429, i18n.request_error_body(language, "rate_limited"), {"Retry-After": "3600"})
    except StorageUnavailable as error:
        log_event("complaint_not_stored", error=str(error))
        return _json(503, i18n.request_error_body(language, "unavailable"), {"Retry-After": "5"})
    headers = {"Idempotent-Replayed": "true"} if result.replayed else {}
    return _json(201, result.body, headers)


@app.route("/complaints/{reference}", methods=["GET"], cors=cors)
def complaint_status(reference: str) -> Response:
    query = _request().query_params
    token = query.get("token") if query else None
    try:
        return _json(200, services.public_status(reference, token, repository=settings.repository()))
    except errors.ComplaintNotFound:
        return _request_error(404, _header_language(), "not_found")
    except StorageUnavailable:
        return _json(503, i18n.request_error_body(_header_language() or "en", "unavailable"), {"Retry-After": "5"})


def _client_address() -> str:
    return str(_request().context.get("identity", {}).get("sourceIp", "unknown"))


def _json_body(fallback: str | None) -> dict[str, Any] | Response:
    """The request's JSON object, or the contract's error answer for a body that is not one."""
    request = _request()
    content_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    if content_type != "application/json":
        return _request_error(415, fallback, "unsupported_media_type")
    if len(request.raw_body or b"") > settings.MAX_BODY_BYTES:
        return _request_error(413, fallback, "too_large", max_kb=settings.MAX_BODY_BYTES // 1024)
    try:
        raw = json.loads(request.raw_body or b"")
    except (ValueError, UnicodeDecodeError):
        return _request_error(400, fallback, "invalid_json")
    return raw if isinstance(raw, dict) else _request_error(400, fallback, "not_object")


@app.route("/uploads", methods=["POST"], cors=cors, content_types=["*/*"])
def create_upload() -> Response:
    """A short-lived URL to PUT one file straight to storage: the API never carries file bytes."""
    raw = _json_body(_header_language())
    if isinstance(raw, Response):
        return raw
    language = request_language(raw, _header_language())
    try:
        upload = attachment_services.request_upload(
            raw,
            client_id=str(_request().context.get("identity", {}).get("sourceIp", "unknown")),
            repository=settings.repository(),
            files=settings.files(),
            clock=utc_now,
        )
    except InvalidSubmission as invalid:
        return _json(400, i18n.error_body(language, invalid.errors))
    except errors.ComplaintNotFound:
        return _request_error(404, language, "not_found")
    except errors.RateLimited:
        return _json(429, i18n.request_error_body(language, "rate_limited"), {"Retry-After": "3600"})
    except (StorageUnavailable, FileUnavailable):
        return _json(503, i18n.request_error_body(language, "unavailable"), {"Retry-After": "5"})
    return _json(201, upload)


@app.route("/complaints/{reference}/attachments", methods=["POST"], cors=cors, content_types=["*/*"])
def add_attachment(reference: str) -> Response:
    """A file sent after filing, from the track page (e.g. the power of attorney the firm asked for)."""
    raw = _json_body(_header_language())
    if isinstance(raw, Response):
        return raw
    language = request_language(raw, _header_language())
    try:
        attachment = attachment_services.attach_later(
            reference, raw.get("token"), raw, files=settings.files(), repository=settings.repository(), clock=utc_now
        )
    except InvalidSubmission as invalid:
        return _json(400, i18n.error_body(language, invalid.errors))
    except errors.ComplaintNotFound:
        return _request_error(404, language, "not_found")
    except (StorageUnavailable, FileUnavailable):
        return _json(503, i18n.request_error_body(language, "unavailable"), {"Retry-After": "5"})
    return _json(201, {"purpose": attachment.purpose, "status": attachment.status, "refusal": attachment.refusal})


@app.schedule(Rate(5, unit=Rate.MINUTES))
def retry_acknowledgements(event: Any) -> int:
    """Sends acknowledgements and letters the mail service refused earlier, each exactly once."""
    repository, mailer = settings.repository(), settings.mailer()
    sent = services.retry_pending_acknowledgements(
        repository=repository, mailer=mailer, clock=utc_now, firm=settings.portal_config().firm
    )
    return sent + handling_services.retry_pending_letters(repository=repository, mailer=mailer, clock=utc_now)


@app.schedule(Rate(1, unit=Rate.HOURS))
def deadline_monitor(event: Any) -> int:
    """Alerts the handlers to deadlines within 48 hours (one digest per run) and sends what is owed."""
    repository, mailer, config = settings.repository(), settings.mailer(), settings.portal_config()
    items = oversight.run_monitor(
        repository=repository,
        mailer=mailer,
        clock=utc_now,
        recipient=settings.handlers_email(),
        sender_name=config.firm.name,
    )
    services.retry_pending_acknowledgements(repository=repository, mailer=mailer, clock=utc_now, firm=config.firm)
    handling_services.retry_pending_letters(repository=repository, mailer=mailer, clock=utc_now)
    return len(items)
