"""The published API description (backend/openapi.yaml) holds against the running local stack:
schemathesis sends generated requests to every operation, valid and invalid, and every answer is
one the description documents, in its documented shape, and never a server error (CONTRACT.md
section 2). SCHEMATHESIS_EXAMPLES raises the number of requests per operation for a longer run."""

from __future__ import annotations

import os
import uuid
from datetime import date, timedelta
from typing import Any

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import ROOT
from tests.stack_tools import api, handler_token
from tests.support import body

pytestmark = pytest.mark.e2e

# Schemathesis sends several requests per example (each mode and location); 5 keep a run in seconds.
EXAMPLES = int(os.environ.get("SCHEMATHESIS_EXAMPLES", "5"))
# Each accepted upload takes one of the client's 60 hourly slots, which the other tests share.
UPLOAD_EXAMPLES = min(EXAMPLES, 5)
# Staff requests mostly reach the same parsing as the customer's; fewer keep `make test` short.
STAFF_EXAMPLES = min(EXAMPLES, 5)
# What "as documented" means: a declared status, content type, headers and body shape; no 5xx.
DOCUMENTED = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]

schema = schemathesis.openapi.from_path(
    ROOT / "backend" / "openapi.yaml",
    config=schemathesis.Config.from_dict(
        {
            # No shrinking: a failure is reported as found, and a run stays within seconds.
            "generation": {"max-examples": EXAMPLES, "mode": "all", "no-shrink": True},
            "phases": {
                # TRACE is answered 501 by the standard library's HTTP server under chalice local,
                # before the app sees it; API Gateway refuses it in AWS.
                "coverage": {"unexpected-methods": ["GET", "PUT", "POST", "DELETE", "PATCH", "OPTIONS"]},
                "stateful": {"enabled": False},
            },
            "operations": [
                {"include-path": "/uploads", "generation": {"max-examples": UPLOAD_EXAMPLES, "no-shrink": True}},
                {"include-path-regex": "^/staff/", "generation": {"max-examples": STAFF_EXAMPLES, "no-shrink": True}},
            ],
        }
    ),
)


@pytest.fixture(scope="module")
def http() -> Any:
    with requests.Session() as session:
        yield session


@pytest.fixture(scope="module")
def filed(local_stack: Any) -> dict[str, Any]:
    """A real complaint, so that the staff operations reach their handling and not only a 404."""
    return api(local_stack, "/complaints", body(email=f"fuzz-{uuid.uuid4().hex[:8]}@example.com"), str(uuid.uuid4()))


@pytest.fixture(scope="module")
def supervisor(local_stack: Any) -> str:
    """A development token of the role that reaches every staff route."""
    return handler_token(local_stack, user="sam", role="supervisor")


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck))
def test_every_operation_answers_as_documented_and_never_with_a_server_error(
    case: Any, local_stack: Any, http: Any, filed: dict[str, Any], supervisor: str
) -> None:
    """Generated requests, valid and not, each get a documented status with a documented body."""
    if case.path.startswith("/staff/") and case.path_parameters and "reference" in case.path_parameters:
        case.path_parameters["reference"] = filed["reference"]
    case.call_and_validate(
        base_url=local_stack.ports.api_url,
        session=http,
        headers={"Authorization": f"Bearer {supervisor}"} if case.path.startswith("/staff/") else None,
        checks=DOCUMENTED,
    )


# Text a customer would type: letters, digits, punctuation and spaces in any script. (The
# description allows any string; the API refuses control and unassigned characters: reported.)
TYPED = st.characters(categories=["L", "N", "P", "Zs"])


def typed(min_size: int = 1, max_size: int = 40) -> st.SearchStrategy[str]:
    return st.text(TYPED, min_size=min_size, max_size=max_size).filter(lambda text: len(text.strip()) >= min_size)


def optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


PAST_DAYS = st.integers(0, 3000).map(lambda days: (date.today() - timedelta(days=days)).isoformat())
ACCOUNTS = st.tuples(st.just(True), typed(1, 20)) | st.just((False, None))
REPRESENTATIVES = st.fixed_dictionaries(
    {"name": typed(1, 30), "email": st.uuids().map(lambda u: f"rep-{u.hex[:12]}@example.org"), "capacity": typed()}
)
AMOUNTS = st.fixed_dictionaries(
    {
        "value": st.integers(1, 10**12).map(lambda cents: f"{cents // 100}.{cents % 100:02d}"),
        "currency": st.sampled_from(["EUR", "eur", "BTC"]),
    }
)
# A valid complaint (tests/support.py) with every field the customer chooses generated within the
# API's rules, and a new email address each time (a customer may file only so many a day).
VALID_COMPLAINTS = st.builds(
    lambda email, account, changes: body(email=email, has_account=account[0], account_id=account[1], **changes),
    st.uuids().map(lambda u: f"fuzz-{u.hex[:12]}@example.com"),
    ACCOUNTS,
    st.fixed_dictionaries(
        {},
        optional={
            "language": st.sampled_from(["en", "fr", "it"]),
            "full_name": typed(1, 60),
            "country": st.sampled_from(["LT", "fr", "IT", "de"]),
            "customer_type": st.sampled_from(["consumer", "business"]),
            "category": st.sampled_from(["payment_delay", "account_access", "other"]),
            "description": typed(10, 300),
            "incident_date": PAST_DAYS,
            "incident_time": optional(st.from_regex(r"\A([01][0-9]|2[0-3]):[0-5][0-9]\Z")),
            "transaction_ids": optional(st.lists(typed(1, 20), max_size=5)),
            "ticket_ids": optional(st.lists(typed(1, 20), max_size=5)),
            "people_involved": optional(typed(0, 100)),
            "desired_resolution": typed(1, 200),
            "actions_taken": optional(typed(0, 100)),
            "amount_disputed": optional(AMOUNTS),
            "phone": optional(st.from_regex(r"\A\+?[0-9][0-9 ]{6,20}\Z")),
            "address": optional(typed(0, 100)),
            "representative": optional(REPRESENTATIVES),
        },
    ),
)
CREATE = schema["/complaints"]["POST"]
NO_SHRINK = [Phase.explicit, Phase.reuse, Phase.generate]


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), phases=NO_SHRINK)
@given(complaint=VALID_COMPLAINTS)
def test_every_valid_complaint_is_stored_once_with_a_documented_receipt(
    local_stack: Any, http: Any, complaint: dict[str, Any]
) -> None:
    """A generated valid complaint is 201 with a receipt as documented; its retry gives the same receipt."""
    case = CREATE.Case(body=complaint, headers={"Idempotency-Key": str(uuid.uuid4())}, media_type="application/json")
    first = case.call_and_validate(base_url=local_stack.ports.api_url, session=http, checks=DOCUMENTED)
    assert first.status_code == 201, first.text
    again = case.call_and_validate(base_url=local_stack.ports.api_url, session=http, checks=DOCUMENTED)
    assert (again.status_code, again.json()) == (201, first.json())
    assert again.headers.get("idempotent-replayed") == ["true"]
