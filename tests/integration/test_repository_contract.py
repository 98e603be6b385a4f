"""One contract for the complaint repository, run against the in-memory twin and DynamoDB (moto).

A twin that passes the same tests as the real adapter cannot drift from it.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from chalicelib.adapters.dynamodb import DynamoDBComplaintRepository
from chalicelib.adapters.memory import MemoryComplaintRepository
from chalicelib.adapters.ports import ConcurrentUpdate, IdempotencyKeyTaken, Quota, QuotaExhausted, ReferenceTaken
from chalicelib.domain import acknowledgement as ack
from chalicelib.domain.attachments import Attachment
from chalicelib.domain.complaint import DEFAULT_CATEGORIES, Complaint, Draft, FinalResponse, LegalHold, Supervision
from chalicelib.domain.events import Event
from chalicelib.domain.idempotency import IdempotencyRecord
from chalicelib.domain.profiles import get_profile
from chalicelib.domain.schedule import compute_deadlines
from chalicelib.domain.validation import validate_submission

from tests.support import body

NOW = datetime(2026, 11, 20, 10, tzinfo=UTC)


def complaint(reference: str = "K7M2-QX9P", received: datetime = NOW, **changes: Any) -> Complaint:
    submission = validate_submission(body(**changes), latest_incident_date=NOW.date(), categories=DEFAULT_CATEGORIES)
    profile = get_profile("payments-lt")
    local = received.astimezone(profile.zone)
    return Complaint(
        reference=reference,
        submission=submission,
        received_at=local,
        deadlines=compute_deadlines(profile, local, submission.customer_type, None, submission.category),
        profile=profile.name,
        tracking_token_hashes=("hash",),
    )


def received(at: datetime = NOW) -> Event:
    return Event(at=at, actor="customer", kind="received", status_to="received")


def idempotency(reference: str = "K7M2-QX9P", key_hash: str = "k1") -> IdempotencyRecord:
    return IdempotencyRecord(key_hash, "body", reference, "5eal", {"reference": reference, "status": "received"})


class RepositoryContract:
    """Subclasses provide `repository`."""

    @pytest.fixture
    def repository(self) -> Any:
        raise NotImplementedError

    def test_a_stored_complaint_reads_back_equal(self, repository: Any) -> None:
        """Every field survives the round trip, dates with their offsets."""
        original = complaint(representative={"name": "Jonas", "email": "j@example.com", "capacity": "lawyer"})
        repository.add(original, received(), None)
        assert repository.get("K7M2-QX9P") == original
        assert repository.get("ZZZZ-ZZZZ") is None

    def test_the_supervisors_draft_hold_and_alerts_read_back_equal(self, repository: Any) -> None:
        """A draft awaiting approval, a legal hold and management's alerts survive the round trip."""
        response = FinalResponse("upheld", "The transfer was late by our error.", "Fee refunded.", None, None, NOW)
        supervision = Supervision(
            draft=Draft(response=response, drafted_by="alice", drafted_at=NOW),
            legal_hold=LegalHold(reason="Court case 2-123/2027", placed_by="bob", placed_at=NOW),
            management_alerts=("response@2026-12-11T23:59:59+02:00",),
            first_handler="alice",
        )
        original = replace(complaint(), status="awaiting_approval", supervision=supervision)
        repository.add(original, received(), None)
        assert repository.get("K7M2-QX9P") == original

    def test_a_taken_reference_is_refused(self, repository: Any) -> None:
        """Uniqueness is a conditional write."""
        repository.add(complaint(), received(), None)
        with pytest.raises(ReferenceTaken):
            repository.add(complaint(), received(), None)

    def test_a_taken_idempotency_key_is_refused_and_nothing_else_is_stored(self, repository: Any) -> None:
        """All or nothing: the second complaint is not stored when its key is taken."""
        repository.add(complaint(), received(), idempotency())
        with pytest.raises(IdempotencyKeyTaken):
            repository.add(complaint("BBBB-BBBB"), received(), idempotency("BBBB-BBBB"))
        assert repository.get("BBBB-BBBB") is None
        assert repository.get_idempotency("k1") == idempotency()
        assert repository.get_idempotency("nope") is None

    def test_a_save_needs_the_version_it_read(self, repository: Any) -> None:
        """Optimistic locking: the second of two writers from the same version loses."""
        original = complaint()
        repository.add(original, received(), None)
        claimed = ack.claim(original, NOW)
        repository.save(claimed)
        with pytest.raises(ConcurrentUpdate):
            repository.save(ack.claim(original, NOW))
        assert repository.get(original.reference) == claimed

    def test_events_are_appended_in_order_and_kept(self, repository: Any) -> None:
        """The history grows; nothing is overwritten."""
        original = complaint()
        repository.add(original, received(), None)
        claimed = ack.claim(original, NOW)
        repository.save(claimed)
        sent, event = ack.mark_sent(claimed, NOW + timedelta(seconds=1), "m-1")
        repository.save(sent, event)
        assert [e.kind for e in repository.events(original.reference)] == ["received", "acknowledgement_sent"]
        assert repository.events(original.reference)[1].details == {"attempts": 1}

    def test_open_complaints_are_listed_by_status_and_next_deadline(self, repository: Any) -> None:
        """The monitor's query: one status, earliest deadline first, optionally only those due."""
        for reference, day in (("CCCC-CCCC", 4), ("AAAA-AAAA", 0), ("BBBB-BBBB", 3)):
            repository.add(complaint(reference, NOW + timedelta(days=day)), received(), None)
        assert repository.references_by_status("received") == ["AAAA-AAAA", "BBBB-BBBB", "CCCC-CCCC"]
        # acknowledge_by of AAAA is Monday 23 November, 23:59:59 in Vilnius
        assert repository.references_by_status("received", due_before=datetime(2026, 11, 23, 22, tzinfo=UTC)) == [
            "AAAA-AAAA"
        ]
        assert repository.references_by_status("acknowledged") == []

    def test_a_complaint_leaves_its_old_status_list_when_it_changes(self, repository: Any) -> None:
        """The status index follows the complaint."""
        original = complaint()
        repository.add(original, received(), None)
        claimed = ack.claim(original, NOW)
        repository.save(claimed)
        sent, event = ack.mark_sent(claimed, NOW, "m-1")
        repository.save(sent, event)
        assert repository.references_by_status("received") == []
        assert repository.references_by_status("acknowledged") == [original.reference]

    def test_a_customers_complaints_are_found_by_their_email_in_any_case(self, repository: Any) -> None:
        """The customer index: the same address, whatever its letter case, oldest first."""
        repository.add(complaint("BBBB-BBBB", NOW + timedelta(hours=1)), received(), None)
        repository.add(complaint("AAAA-AAAA", NOW), received(), None)
        repository.add(complaint("CCCC-CCCC", NOW, email="someone.else@example.com"), received(), None)
        assert repository.references_by_customer("Ana.Jonaitiene@Example.com") == ["AAAA-AAAA", "BBBB-BBBB"]

    def test_rate_slots_count_up_to_the_limit_per_client_and_window(self, repository: Any) -> None:
        """Three slots for one client in one hour; other clients and windows are separate."""
        expires = NOW + timedelta(hours=2)
        assert [repository.take_rate_slot("c1", "h1", 3, expires) for _ in range(4)] == [True, True, True, False]
        assert repository.take_rate_slot("c2", "h1", 3, expires)
        assert repository.take_rate_slot("c1", "h2", 3, expires)

    def test_a_complaint_is_added_only_within_its_quotas_in_the_same_write(self, repository: Any) -> None:
        """The limits ride in the complaint's own write: a full quota stores nothing, and a retry's
        slot (the same idempotency key) counts once even at the limit."""
        expires = NOW + timedelta(hours=2)
        quota = Quota(key="client-1", window="h1", limit=1, expires_at=expires, slot="s1")
        repository.add(complaint("AAAA-AAAA"), received(), idempotency("AAAA-AAAA", "k1"), (quota,))
        with pytest.raises(QuotaExhausted) as exhausted:
            repository.add(complaint("BBBB-BBBB"), received(), None, (replace(quota, slot="s2"),))
        assert exhausted.value.quota.key == "client-1"
        assert repository.get("BBBB-BBBB") is None
        with pytest.raises(IdempotencyKeyTaken):  # the retry: its own slot, answered as a replay
            repository.add(complaint("CCCC-CCCC"), received(), idempotency("CCCC-CCCC", "k1"), (quota,))
        repository.add(complaint("DDDD-DDDD"), received(), None, (replace(quota, key="client-2", slot="s2"),))
        assert repository.get("DDDD-DDDD") is not None

    def test_every_quota_of_an_add_must_have_room(self, repository: Any) -> None:
        """A second quota that is full refuses the complaint though the first has room."""
        expires = NOW + timedelta(hours=2)
        address = Quota(key="address-1", window="d1", limit=1, expires_at=expires, slot="s1")
        repository.add(complaint("AAAA-AAAA"), received(), None, (address,))
        client = Quota(key="client-9", window="h1", limit=5, expires_at=expires, slot="s2")
        with pytest.raises(QuotaExhausted) as exhausted:
            repository.add(complaint("BBBB-BBBB"), received(), None, (client, replace(address, slot="s2")))
        assert exhausted.value.quota.key == "address-1"
        assert repository.get("BBBB-BBBB") is None

    def test_a_slot_taken_again_counts_once(self, repository: Any) -> None:
        """Retries of one submission share its slot, even at the limit; other submissions are refused."""
        expires = NOW + timedelta(hours=2)
        assert repository.take_rate_slot("c1", "h1", 2, expires, slot="s1")
        assert repository.take_rate_slot("c1", "h1", 2, expires, slot="s1")
        assert repository.take_rate_slot("c1", "h1", 2, expires, slot="s2")
        assert repository.take_rate_slot("c1", "h1", 2, expires, slot="s1")
        assert not repository.take_rate_slot("c1", "h1", 2, expires, slot="s3")
        assert not repository.take_rate_slot("c1", "h1", 2, expires)

    def test_a_complaint_is_added_with_its_files_and_claimed(self, repository: Any) -> None:
        """The intake's one write: the files checked and the acknowledgement claimed, read back equal."""
        files = (
            Attachment("a" * 32, "evidence", "capture.png", "image/png", "received", "image/png", 70, "f" * 64),
            Attachment("b" * 32, "evidence", "x.pdf", "application/pdf", "refused", None, 9, refusal="wrong_type"),
        )
        original = ack.claim_on_receipt(replace(complaint(), attachments=files), NOW)
        repository.add(original, received(), idempotency())
        assert repository.get(original.reference) == original
        assert repository.references_by_status("received") == [original.reference]
        sent, event = ack.mark_sent(original, NOW, "m-1")
        repository.save(sent, event)
        assert repository.get(original.reference) == sent

    def test_a_changed_complaint_keeps_its_submission(self, repository: Any) -> None:
        """Saving a status change never loses what the customer sent."""
        original = complaint()
        repository.add(original, received(), None)
        repository.save(replace(original, status="in_progress", version=2))
        stored = repository.get(original.reference)
        assert stored is not None and stored.submission == original.submission and stored.status == "in_progress"


class TestMemoryRepository(RepositoryContract):
    @pytest.fixture
    def repository(self) -> Any:
        return MemoryComplaintRepository()


class TestDynamoDBRepository(RepositoryContract):
    @pytest.fixture
    def repository(self, table: Any) -> Any:
        return DynamoDBComplaintRepository(table)

    def test_no_index_key_holds_personal_data(self, repository: Any, table: Any) -> None:
        """The customer index is keyed by a hash of the email; other keys hold codes and dates."""
        repository.add(complaint(), received(), None)
        item = table.get_item(Key={"pk": "C#K7M2-QX9P", "sk": "COMPLAINT"})["Item"]
        keys = [
            item[name]
            for name in ("pk", "sk", "status_pk", "due_sk", "customer_pk", "customer_sk", "month_pk", "month_sk")
        ]
        assert not any("@" in key or "Jonait" in key for key in keys)
        assert item["customer_pk"].startswith("CUSTOMER#")

    def test_retention_marks_every_item_of_a_complaint_and_can_be_lifted(self, repository: Any, table: Any) -> None:
        """Events and letters get the TTL the closed complaint item carries; a reopening removes it."""
        repository.add(complaint(), received(), None)
        ends = NOW + timedelta(days=5 * 365)
        repository.set_expiry("K7M2-QX9P", ends)
        events = [item for item in table.scan()["Items"] if item["sk"].startswith("EVENT#")]
        assert [int(item["expires_at"]) for item in events] == [int(ends.timestamp())]
        repository.set_expiry("K7M2-QX9P", None)
        assert all("expires_at" not in item for item in table.scan()["Items"] if item["sk"].startswith("EVENT#"))

    def test_idempotency_records_expire_by_ttl(self, repository: Any, table: Any) -> None:
        """Kept a week, then removed by DynamoDB's TTL."""
        repository.add(complaint(), received(), idempotency(key_hash=uuid.uuid4().hex))
        items = table.scan()["Items"]
        record = next(item for item in items if item["pk"].startswith("IDEM#"))
        assert int(record["expires_at"]) == int(NOW.timestamp()) + 7 * 86_400
