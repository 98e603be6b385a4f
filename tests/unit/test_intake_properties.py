"""The intake's contract under generated input: whatever the bytes, the answer is a 201 or a 4xx in
the contract's error shape, never a 5xx (CONTRACT.md section 2; issue 11, "keep proving it").

The customer route's own steps, in process on the twins so that many thousands of bodies run in
seconds: the body read (api/bodies.py), the intake service, the one error table (api/responses.py).
tests/integration/test_fuzz.py runs fewer through the real app on moto."""

from __future__ import annotations

import json
import os
import uuid
from typing import Any

from chalicelib.api.bodies import Unreadable, read_object
from chalicelib.api.responses import HANDLED, customer_error
from chalicelib.domain.validation import request_language
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support import VALID_BODY, body
from tests.unit.test_services import Portal

# CI runs at least ten thousand bodies; a developer's run, a tenth of that.
EXAMPLES = 10_000 if os.environ.get("CI") else 1_000

TEXT = st.text(st.characters(codec=None, categories=["Cs", "Cc", "Cf", "Zl", "Zs", "L", "N", "P", "S"]), max_size=30)
SCALARS = st.none() | st.booleans() | st.integers(-(10**30), 10**30) | st.floats() | TEXT
VALUES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(TEXT, children, max_size=3),
    max_leaves=8,
)
# A valid body with some fields replaced by anything, removed, or left as they were.
MUTATED = st.fixed_dictionaries({}, optional={name: VALUES | st.just(value) for name, value in VALID_BODY.items()})
# Plausible edits of the valid body: right types, odd values.
EDITED = st.builds(
    lambda changes: body(**changes),
    st.fixed_dictionaries(
        {},
        optional={
            "email": TEXT,
            "full_name": TEXT,
            "country": TEXT,
            "category": TEXT,
            "description": TEXT,
            "incident_date": TEXT,
            "incident_time": TEXT | st.none(),
            "transaction_ids": st.lists(TEXT, max_size=3),
            "amount_disputed": st.none() | st.fixed_dictionaries({"value": TEXT, "currency": TEXT}),
            "language": st.sampled_from(["en", "fr", "it", "de", ""]),
        },
    ),
)
BODIES = st.one_of(
    MUTATED.map(lambda value: json.dumps(value).encode()),
    EDITED.map(lambda value: json.dumps(value).encode()),
    VALUES.map(lambda value: json.dumps(value).encode()),
    st.binary(max_size=120),
)
PORTAL = Portal(submissions_per_hour=10**9, submissions_per_address_per_day=10**9)


def answer(raw: bytes, key: str | None) -> tuple[int, Any]:
    """What the customer route answers: (status, body)."""
    try:
        parsed = read_object(raw)
    except Unreadable as unreadable:
        return 400, {"errors": [{"field": unreadable.field, "code": unreadable.code, "message": "-"}]}
    language = request_language(parsed, None)
    try:
        return 201, PORTAL.submit(parsed, key=key).body
    except HANDLED as error:
        response = customer_error(error, language)
        return response.status_code, json.loads(response.body)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
@given(raw=BODIES, keyed=st.booleans())
def test_every_generated_body_gets_a_receipt_or_a_clear_refusal(raw: bytes, keyed: bool) -> None:
    """201 with the contract's receipt, or a 4xx listing each field's problem: nothing else."""
    status, payload = answer(raw, str(uuid.uuid4()) if keyed else None)
    if status == 201:
        assert {"reference", "received_at", "respond_by", "status", "tracking_token"} <= set(payload)
    else:
        assert 400 <= status < 500
        assert payload["errors"] and all(set(e) == {"field", "code", "message"} for e in payload["errors"])
