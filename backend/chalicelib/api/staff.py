"""The complaints team's API under /staff: every route behind the staff-token authorizer.

Handlers read, act on and report complaints; only supervisors assign them (/staff/assignments).
The authorizer names the routes each role may call, so the gateway itself (API Gateway in AWS,
chalice local here) refuses the rest; the services check the role again.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from chalice.app import AuthRequest, AuthResponse, AuthRoute, Blueprint, CORSConfig, Request, Response

from .. import settings
from ..adapters.ports import StorageUnavailable
from ..clock import utc_now
from ..domain.lifecycle import ActionRefused
from ..domain.reference import normalise_reference
from ..log import log_event
from ..services import attachments as attachment_services
from ..services import handling as team
from ..services.errors import ComplaintNotFound, NotAllowedForRole
from .bodies import Unreadable, read_object
from .responses import answer, json_response, staff_error

# The queues, the register, the action parsers and the token checks are imported by the routes that
# use them, so that a customer's cold start never loads them (design/performance.md).

staff = Blueprint(__name__)
PREFIX = "/staff"
HANDLER_ROUTES: list[str | AuthRoute] = [
    f"{PREFIX}/complaints",
    f"{PREFIX}/complaints/*",
    f"{PREFIX}/queue",
    f"{PREFIX}/register",
]
SUPERVISOR_ROUTES: list[str | AuthRoute] = [
    *HANDLER_ROUTES,
    f"{PREFIX}/assignments/*",
    f"{PREFIX}/approvals",  # four eyes: the drafts awaiting approval, and the decision on each
    f"{PREFIX}/approvals/*",
    f"{PREFIX}/legal-holds/*",
]
APPROVAL_DECISIONS = {"approve": "approve_final_response", "return": "return_final_response"}
HOURS = re.compile(r"^[0-9]{1,5}$")
MAX_HORIZON_HOURS = 366 * 24  # a year ahead, leap or not
# The console (/staff/ on the site's origin, design/console.md) calls these routes from the browser.
console = CORSConfig(
    allow_origin=settings.cors_origin(),
    allow_headers=["Authorization", "Content-Type"],
    expose_headers=["Retry-After", "Content-Disposition"],
    max_age=600,
)


@staff.authorizer(ttl_seconds=60)
def staff_token(auth_request: AuthRequest) -> AuthResponse:
    from .tokens import TokenRefused, verify

    token_settings = settings.staff_token_settings()
    try:
        if token_settings is None:
            raise TokenRefused("staff tokens are not configured")
        member = verify(auth_request.token, token_settings)
        accounts = settings.staff_accounts()
        if accounts is not None and not accounts.is_active(auth_request.token.removeprefix("Bearer ").strip()):
            raise TokenRefused("account disabled or signed out")
    except StorageUnavailable as unreachable:  # the directory cannot vouch for the account: refuse
        log_event("staff_token_refused", error=str(unreachable))
        return AuthResponse(routes=[], principal_id="anonymous")
    except TokenRefused as refused:
        log_event("staff_token_refused", error=str(refused))
        return AuthResponse(routes=[], principal_id="anonymous")
    routes = SUPERVISOR_ROUTES if member.role == "supervisor" else HANDLER_ROUTES
    return AuthResponse(routes=routes, principal_id=member.user, context={"role": member.role})


def _request() -> Request:
    request = staff.current_request
    assert request is not None  # Chalice sets it for every route call
    return request


def _query() -> dict[str, str]:
    return dict(_request().query_params or {})


def _member() -> team.StaffMember:
    authorizer = _request().context.get("authorizer") or {}
    return team.StaffMember(user=str(authorizer["principalId"]), role=authorizer.get("role", "handler"))


def _body() -> dict[str, Any]:
    raw = _request().raw_body or b"{}"
    if len(raw) > settings.MAX_BODY_BYTES:
        raise ActionRefused([(None, "too_large")])
    try:
        return read_object(raw)
    except Unreadable as unreadable:
        raise ActionRefused([(unreadable.field, unreadable.code)]) from None


def _guarded(call: Callable[[], Response]) -> Response:
    return answer(call, staff_error)


def _file(complaint: Any) -> dict[str, Any]:
    """The complaint's file, with each attachment's malware verdict."""
    from ..services import oversight

    verdicts = attachment_services.scan_verdicts(complaint, settings.files()) if complaint.attachments else {}
    return oversight.complaint_file(complaint, settings.repository(), verdicts)


def _perform(reference: str, action: str) -> Response:
    from .actions import parse_action

    canonical = normalise_reference(reference) or reference
    complaint = team.perform(
        canonical,
        action,
        parse_action(action, _body()),
        staff=_member(),
        repository=settings.repository(),
        mailer=settings.mailer(),
        clock=utc_now,
        firm=settings.portal_config().firm,
    )
    return json_response(200, _file(complaint))


@staff.route("/complaints", methods=["GET"], authorizer=staff_token, cors=console)
def due() -> Response:
    def answer() -> Response:
        from ..services import oversight

        hours = _query().get("horizon_hours", "48")
        if not HOURS.match(hours) or int(hours) > MAX_HORIZON_HOURS:
            raise ActionRefused([("horizon_hours", "invalid")])
        items = oversight.due_list(settings.repository(), utc_now(), timedelta(hours=int(hours)))
        return json_response(200, {"due": [item.as_json() for item in items]})

    return _guarded(answer)


@staff.route("/complaints/{reference}", methods=["GET"], authorizer=staff_token, cors=console)
def show(reference: str) -> Response:
    def answer() -> Response:
        complaint = settings.repository().get(normalise_reference(reference) or reference)
        if complaint is None:
            raise ComplaintNotFound()
        log_event("complaint_viewed", reference=complaint.reference, role=_member().role)
        return json_response(200, _file(complaint))

    return _guarded(answer)


@staff.route("/complaints/{reference}/actions/{action}", methods=["POST"], authorizer=staff_token, cors=console)
def act(reference: str, action: str) -> Response:
    if action in team.SUPERVISOR_ONLY:  # through the routes only supervisors reach
        return staff_error(NotAllowedForRole(action))
    return _guarded(lambda: _perform(reference, action))


@staff.route("/complaints/{reference}/preview/{action}", methods=["POST"], authorizer=staff_token, cors=console)
def preview(reference: str, action: str) -> Response:
    """The letter an action would send, rendered in the customer's language; nothing stored or sent."""
    if action in team.SUPERVISOR_ONLY:  # as for the action itself
        return staff_error(NotAllowedForRole(action))

    def answer() -> Response:
        from .actions import parse_action

        letter = team.preview(
            normalise_reference(reference) or reference,
            action,
            parse_action(action, _body()),
            staff=_member(),
            repository=settings.repository(),
            clock=utc_now,
            firm=settings.portal_config().firm,
        )
        shown = None
        if letter is not None:
            shown = {
                "kind": letter.kind,
                "language": letter.language,
                "to": list(letter.to),
                "cc": list(letter.cc),
                "subject": letter.subject,
                "text": letter.text,
            }
        return json_response(200, {"letter": shown})

    return _guarded(answer)


@staff.route("/queue", methods=["GET"], authorizer=staff_token, cors=console)
def queue() -> Response:
    """Every open complaint by its next deadline, with business days left (the console's queue)."""
    from ..services import oversight

    return _guarded(
        lambda: json_response(
            200, {"queue": [item.as_json() for item in oversight.work_queue(settings.repository(), utc_now())]}
        )
    )


@staff.route("/complaints/{reference}/attachments/{upload_id}", methods=["GET"], authorizer=staff_token, cors=console)
def open_attachment(reference: str, upload_id: str) -> Response:
    """A five-minute download link for a received file whose malware scan came back clean."""

    def answer() -> Response:
        link = attachment_services.open_for_handler(
            normalise_reference(reference) or reference,
            upload_id,
            _member().user,
            files=settings.files(),
            repository=settings.repository(),
            clock=utc_now,
        )
        return json_response(200, link)

    return _guarded(answer)


@staff.route("/assignments/{reference}", methods=["POST"], authorizer=staff_token, cors=console)
def assign(reference: str) -> Response:
    return _guarded(lambda: _perform(reference, "assign"))


@staff.route("/approvals", methods=["GET"], authorizer=staff_token, cors=console)
def approvals() -> Response:
    """The final responses waiting for a supervisor (four eyes, seed 004 §24)."""
    from ..services import oversight

    return _guarded(lambda: json_response(200, {"approvals": oversight.approval_queue(settings.repository())}))


@staff.route("/approvals/{reference}/{decision}", methods=["POST"], authorizer=staff_token, cors=console)
def decide_approval(reference: str, decision: str) -> Response:
    """approve (the letter goes out as drafted) or return (with a reason) a draft final response."""
    action = APPROVAL_DECISIONS.get(decision)
    if action is None:
        return staff_error(ActionRefused([("decision", "invalid")]))
    return _guarded(lambda: _perform(reference, action))


@staff.route("/legal-holds/{reference}", methods=["POST", "DELETE"], authorizer=staff_token, cors=console)
def legal_hold(reference: str) -> Response:
    """POST places a legal hold, DELETE lifts it; each with a reason."""
    action = "place_legal_hold" if _request().method == "POST" else "lift_legal_hold"
    return _guarded(lambda: _perform(reference, action))


@staff.route("/register", methods=["GET"], authorizer=staff_token, cors=console)
def export_register() -> Response:
    def answer() -> Response:
        from ..services import register

        query = _query()
        start, end = register.read_period(query.get("from"), query.get("to"))
        rows = register.register(settings.repository(), start, end, utc_now())
        if query.get("format") == "csv":
            return Response(
                body=register.register_csv(rows),
                status_code=200,
                headers={"Content-Type": "text/csv; charset=utf-8", "Cache-Control": "no-store"},
            )
        return json_response(
            200, {"from": start.isoformat(), "to": end.isoformat(), "rows": rows, "figures": register.figures(rows)}
        )

    return _guarded(answer)
