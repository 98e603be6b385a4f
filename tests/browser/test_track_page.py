"""The track page in a real browser: the link from the acknowledgement shows the status and the
deadlines from the API; a representative sends the power of attorney the firm asked for."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from tests.browser.conftest import LANGUAGES, Visit, axe_violations
from tests.browser.test_complaint_form import catalogue
from tests.stack_tools import api, handler_token, wait_until_scanned
from tests.support import body
from tests.support_files import PDF

pytestmark = [pytest.mark.e2e, pytest.mark.browser]


def file_complaint(stack: Any, language: str) -> dict[str, Any]:
    representative = {"name": "Avv. Paola Neri", "email": "studio@example.com", "capacity": "lawyer"}
    return api(stack, "/complaints", body(language=language, representative=representative), key=str(uuid.uuid4()))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_link_shows_the_status_and_a_power_of_attorney_can_follow(visit: Visit, language: str) -> None:
    created = file_complaint(visit.stack, language)
    reference, token = created["reference"], created["tracking_token"]
    page = visit.open(language, f"track/?reference={reference}#token={token}")
    result = page.locator("[data-result]")
    result.wait_for()
    statuses = catalogue(language)["statuses"]
    assert page.locator('[data-out="status"]').inner_text() in (statuses["received"], statuses["acknowledged"])
    assert page.locator('[data-out="reference"]').inner_text() == reference
    assert page.locator('[data-row="respond_by"]').is_visible()
    assert axe_violations(page) == []

    page.check('[name="purpose"][value="power_of_attorney"]')
    page.set_input_files("#f-upload_id", files=[{"name": "procura.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.click("[data-send-document] [data-send]")
    said = page.locator("[data-document-result]")
    said.filter(has_text="procura.pdf").wait_for()
    assert page.locator("[data-document-list] li").count() == 1
    (file,) = wait_until_scanned(visit.stack, reference, handler_token(visit.stack), count=1)
    assert file["purpose"] == "power_of_attorney"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_wrong_code_is_refused_at_the_reference(visit: Visit, language: str) -> None:
    created = file_complaint(visit.stack, language)
    page = visit.open(language, "track/")
    page.fill('[name="reference"]', created["reference"].lower().replace("-", " "))
    page.fill('[name="token"]', "not-the-code")
    page.locator("[data-lookup] button[type=submit]").click()
    error = page.locator("#f-reference-error")
    error.wait_for()
    assert catalogue(language)["errors"]["request"]["not_found"] in error.inner_text()
    assert page.locator('[name="reference"]').input_value() == created["reference"]  # as we write it
    assert not page.locator("[data-result]").is_visible()
    assert axe_violations(page) == []
