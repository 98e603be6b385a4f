"""Staff free text refuses control characters other than newline and tab (issue 11, finding 9)."""

from __future__ import annotations

import pytest
from chalicelib.api.actions import parse_action
from chalicelib.domain.lifecycle import ActionRefused


@pytest.mark.parametrize("hostile", ["\x1b[2J", "bell\x07", "carriage\rreturn", "nul\x00", "csi\x9b", "rlo\u202e"])
@pytest.mark.parametrize(
    ("action", "field"),
    [("close", "reason"), ("final_response", "reasons"), ("escalate", "reason"), ("corrective_action", "owner")],
)
def test_control_characters_in_staff_text_are_refused_field_by_field(action: str, field: str, hostile: str) -> None:
    """ESC, BEL, CR, NUL, C1 controls and bidi overrides: 400 `invalid` on that field, before any service."""
    with pytest.raises(ActionRefused) as refused:
        parse_action(action, {field: f"Text with {hostile} inside"})
    assert refused.value.problems == [(field, "invalid")]


def test_control_characters_in_requested_items_are_refused() -> None:
    """The items of a request for information are text too."""
    with pytest.raises(ActionRefused) as refused:
        parse_action("request_information", {"items": ["statement", "screen\x1bshots"]})
    assert refused.value.problems == [("items", "invalid")]


def test_newlines_and_tabs_are_kept_in_staff_text() -> None:
    """A reasoned answer has paragraphs; a pasted table has tabs."""
    parse_action("close", {"reason": "First point.\n\n\tSecond point, in French: réclamation traitée."})


@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01", "20270120", "2027-W03-1", "2027-02-30"])
def test_a_staff_date_outside_sane_years_or_not_yyyy_mm_dd_is_refused(day: str) -> None:
    """A holding reply until year 9999 would overflow the deadline arithmetic: 400 `invalid` instead."""
    with pytest.raises(ActionRefused) as refused:
        parse_action("holding_reply", {"until": day, "reason": "Waiting for the bank's records."})
    assert refused.value.problems == [("until", "invalid")]
