"""backend/openapi.yaml agrees with CONTRACT.md and with what the API really answers."""

from __future__ import annotations

import json
import uuid
from typing import Any

import jsonschema
import pytest
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


# Bodies the validator refuses; the description must refuse each too, or a client built from it
# would send what the API answers with a 400 (issue 11, finding 9).
REFUSED_BY_THE_VALIDATOR = {
    "empty full_name": {"full_name": ""},
    "blank full_name": {"full_name": "   "},
    "unknown country AA": {"country": "AA"},
    "three-letter country": {"country": "LTU"},
    "blank description": {"description": "          "},
    "empty desired_resolution": {"desired_resolution": ""},
    "bad currency": {"amount_disputed": {"value": "10", "currency": "€"}},
    "attachment without upload_id": {"attachments": [{"purpose": "evidence"}]},
    "representative without a name": {"representative": {"name": "", "email": "a@example.com", "capacity": "x"}},
    "not consented": {"consent": False},
    "empty category": {"category": ""},
    "no account id with an account": {"has_account": True, "account_id": None},
    "blank account id with an account": {"has_account": True, "account_id": "  "},
    "an account id without an account": {"has_account": False, "account_id": "EVP-1"},
    "bell in full_name": {"full_name": "Ana\u0007 Jonaitienė"},
    "line break in full_name": {"full_name": "Ana\nJonaitienė"},
    "carriage return in phone": {"phone": "+370 600\r00000"},
    "escape in description": {"description": "My transfer \u001b[31m has not arrived."},
    "bidi override in description": {"description": "My transfer \u202e has not arrived at all."},
    "line separator in desired_resolution": {"desired_resolution": "Refund\u2028it"},
    "C1 control in actions_taken": {"actions_taken": "Called\u0085twice"},
    "NUL in a transaction id": {"transaction_ids": ["TX-1\u0000"]},
    "line break in a representative's capacity": {
        "representative": {"name": "Me Dupont", "email": "a@example.com", "capacity": "law\nyer"}
    },
}
# Bodies both accept: the description's rules must not refuse what a customer may write.
ACCEPTED_BY_BOTH = {
    "line breaks and tabs in free text": {"description": "First line.\r\nSecond line,\tindented.\n"},
    "accents and emoji": {"full_name": "Zoë Ł’Année 🙂", "desired_resolution": "Un remboursement, s’il vous plaît."},
    "no account": {"has_account": False, "account_id": None},
    "a tab in a name": {"full_name": "Ana\tJonaitienė"},
}


def schema_accepts(instance: Any, schema: dict[str, Any]) -> bool:
    validator = jsonschema.Draft202012Validator({**SPEC, **schema}, format_checker=jsonschema.FormatChecker())
    return bool(validator.is_valid(instance))


def validator_accepts(raw: dict[str, Any]) -> bool:
    from datetime import date

    from chalicelib.domain.complaint import DEFAULT_CATEGORIES
    from chalicelib.domain.validation import InvalidSubmission, validate_submission

    try:
        validate_submission(raw, latest_incident_date=date(2026, 12, 1), categories=set(DEFAULT_CATEGORIES))
    except InvalidSubmission:
        return False
    return True


@pytest.mark.parametrize("changes", REFUSED_BY_THE_VALIDATOR.values(), ids=REFUSED_BY_THE_VALIDATOR.keys())
def test_the_description_refuses_what_the_validator_refuses(changes: dict[str, Any]) -> None:
    """The file is as strict as domain/validation.py on each of these; the valid body passes both."""
    complaint = {"$ref": "#/components/schemas/ComplaintRequest"}
    assert validator_accepts(body()) and schema_accepts(body(), complaint)
    assert not validator_accepts(body(**changes))
    assert not schema_accepts(body(**changes), complaint)


@pytest.mark.parametrize("changes", ACCEPTED_BY_BOTH.values(), ids=ACCEPTED_BY_BOTH.keys())
def test_the_description_accepts_what_the_validator_accepts(changes: dict[str, Any]) -> None:
    complaint = {"$ref": "#/components/schemas/ComplaintRequest"}
    assert validator_accepts(body(**changes))
    assert schema_accepts(body(**changes), complaint)


def test_the_country_list_is_the_validators() -> None:
    """Every code of domain/countries.py, in either case, and nothing else."""
    from chalicelib.domain.countries import COUNTRY_CODES

    documented = SPEC["components"]["schemas"]["ComplaintRequest"]["properties"]["country"]["enum"]
    assert {code.upper() for code in documented} == set(COUNTRY_CODES)
    assert all(validator_accepts(body(country=code)) for code in documented)


def test_an_upload_request_needs_its_submission_key_or_the_complaints_token() -> None:
    """Without either, the service refuses (submission_key required): so does the description."""
    upload = SPEC["paths"]["/uploads"]["post"]["requestBody"]["content"]["application/json"]["schema"]
    request = {"filename": "scan.pdf", "content_type": "application/pdf", "size": 2048}
    assert not schema_accepts(request, upload)
    assert schema_accepts({**request, "submission_key": str(uuid.uuid4())}, upload)
    assert schema_accepts({**request, "reference": "ABCD-EFGH", "token": "t"}, upload)


STAFF_CODES = {"invalid_json", "too_large", "out_of_range", "before_from", "period_too_long", "transition_not_allowed"}


def test_staff_errors_and_outages_are_documented_on_every_staff_route() -> None:
    """Each staff route lists 400 (or 404) and 503 in the staff error shape; the codes are named."""
    for path, methods in SPEC["paths"].items():
        if not path.startswith("/staff/"):
            continue
        for operation in methods.values():
            responses = operation["responses"]
            assert responses["503"] == {"$ref": "#/components/responses/StaffRetry"}, path
            assert {"400", "404"} & set(responses), path
    described = SPEC["components"]["responses"]["StaffError"]["description"]
    assert all(code in described for code in STAFF_CODES)


def test_attaching_later_documents_a_file_too_large() -> None:
    """413: the body limit applies to the track page's request too."""
    assert "413" in SPEC["paths"]["/complaints/{reference}/attachments"]["post"]["responses"]


@pytest.mark.parametrize("day", ["1999-12-31", "2101-01-01", "2026-13-01", "2026-00-10", "2026-01-32", "26-01-01"])
def test_the_registers_dates_refuse_what_the_service_refuses(day: str) -> None:
    """The register's period is read by services/register.py: years 2000 to 2100, real months and days."""
    from chalicelib.domain.lifecycle import ActionRefused
    from chalicelib.services.register import read_period

    with pytest.raises(ActionRefused):
        read_period(day, "2100-12-31" if day > "2100" else "2026-12-31")
    parameters = SPEC["paths"]["/staff/register"]["get"]["parameters"]
    for parameter in (p for p in parameters if p["name"] in ("from", "to")):
        assert not schema_accepts(day, parameter["schema"]), f"{parameter['name']} documents {day} as valid"
    assert all(schema_accepts("2026-02-28", p["schema"]) for p in parameters if p["name"] in ("from", "to"))
