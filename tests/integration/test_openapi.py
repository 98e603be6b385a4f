"""backend/openapi.yaml agrees with CONTRACT.md and with what the API really answers."""

from __future__ import annotations

import json
import uuid
from typing import Any

import jsonschema
import yaml
from chalice.test import Client
from openapi_spec_validator import validate

from tests.conftest import BACKEND
from tests.support import body

SPEC: dict[str, Any] = yaml.safe_load((BACKEND / "openapi.yaml").read_text())
CONTRACT_FIELDS = {
    "language",
    "email",
    "has_account",
    "account_id",
    "full_name",
    "country",
    "customer_type",
    "category",
    "description",
    "incident_date",
    "incident_time",
    "transaction_ids",
    "ticket_ids",
    "people_involved",
    "desired_resolution",
    "actions_taken",
    "amount_disputed",
    "phone",
    "address",
    "representative",
    "consent",
}
EXTENSIONS = {"attachments"}  # fields this API adds to the contract's (allowed: extend, never rename)
CONTRACT_REQUIRED = {
    "language",
    "email",
    "has_account",
    "full_name",
    "country",
    "customer_type",
    "category",
    "description",
    "incident_date",
    "desired_resolution",
    "consent",
}


def check(instance: Any, schema_name: str) -> None:
    schema = {**SPEC, "$ref": f"#/components/schemas/{schema_name}"}
    jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker()).validate(instance)


def test_the_description_is_valid_openapi() -> None:
    """OpenAPI 3.1, checked by openapi-spec-validator."""
    validate(SPEC)


def test_the_description_lists_exactly_the_routes_the_app_serves() -> None:
    """No undocumented route, no documented route that does not exist."""
    from app import app

    served = {
        (path, method.lower()) for path, methods in app.routes.items() for method in methods if method != "OPTIONS"
    }
    documented = {(path, method) for path, methods in SPEC["paths"].items() for method in methods}
    assert documented == served


def test_the_request_schema_has_the_contract_fields_and_required_set() -> None:
    """CONTRACT.md section 2: every field, and which are required."""
    request = SPEC["components"]["schemas"]["ComplaintRequest"]
    assert set(request["properties"]) == CONTRACT_FIELDS | EXTENSIONS
    assert set(request["required"]) == CONTRACT_REQUIRED


def test_real_answers_match_the_documented_schemas(client: Client) -> None:
    """A valid body, the 201 receipt, the status and an error all validate against the description."""
    payload = body()
    check(payload, "ComplaintRequest")
    created = client.http.post(
        "/complaints",
        body=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())},
    )
    receipt = json.loads(created.body)
    check(receipt, "Receipt")
    status = client.http.get(f"/complaints/{receipt['reference']}?token={receipt['tracking_token']}")
    check(json.loads(status.body), "Status")
    error = client.http.post("/complaints", body=b"{}", headers={"Content-Type": "application/json"})
    check(json.loads(error.body), "Errors")
