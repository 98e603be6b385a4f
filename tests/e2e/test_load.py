"""Many customers at once on loopback lose nothing and duplicate nothing: every 201 is exactly one
stored complaint with exactly one acknowledgement. LOAD_CLIENTS and LOAD_SECONDS size the run
(`make soak` runs it longer)."""

from __future__ import annotations

import json
import os
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.conftest import sent_emails
from tests.stack_tools import retry_mail, stored_complaints
from tests.support import body

pytestmark = pytest.mark.e2e

CLIENTS = int(os.environ.get("LOAD_CLIENTS", "8"))
SECONDS = float(os.environ.get("LOAD_SECONDS", "5"))
RETRY_EVERY = 3  # every third complaint is sent again with its key, as a browser retry would
ATTEMPTS = 20  # moto answers 503 to concurrent transactions; the client retries with the same key


@dataclass
class Tally:
    receipts: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # key -> every 201 body
    emails: dict[str, str] = field(default_factory=dict)  # key -> the complaint's email address
    statuses: Counter[int] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)


def post(url: str, payload: dict[str, Any], key: str) -> tuple[int, Any]:
    request = urllib.request.Request(
        url,
        method="POST",
        data=json.dumps(payload).encode(),
        headers={"Content-Type": "application/json", "Idempotency-Key": key},
    )
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.load(response)
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def submit(url: str, payload: dict[str, Any], key: str, tally: Tally) -> None:
    """Send until an answer other than 503, as the form does; keep what came back."""
    for _ in range(ATTEMPTS):
        status, answer = post(url, payload, key)
        with tally.lock:
            tally.statuses[status] += 1
            if status == 201:
                tally.receipts.setdefault(key, []).append(answer)
        if status != 503:
            return
        time.sleep(0.05)


def customer(url: str, run: str, deadline: float, tally: Tally) -> None:
    sent = 0
    while time.monotonic() < deadline:
        key, email = str(uuid.uuid4()), f"load-{run}-{uuid.uuid4().hex[:10]}@example.com"
        payload = body(email=email, language=("en", "fr", "it")[sent % 3])
        with tally.lock:
            tally.emails[key] = email
        submit(url, payload, key, tally)
        if sent % RETRY_EVERY == 0:
            submit(url, payload, key, tally)
        sent += 1


def test_concurrent_customers_get_each_complaint_stored_and_acknowledged_exactly_once(local_stack: Any) -> None:
    """CLIENTS threads file complaints for SECONDS, some twice with the same key: only 201, 429 or
    503 (retried) come back, and each key's 201s name one reference, stored once and mailed once."""
    run, tally = uuid.uuid4().hex[:8], Tally()
    deadline = time.monotonic() + SECONDS
    threads = [
        threading.Thread(target=customer, args=(f"{local_stack.ports.api_url}/complaints", run, deadline, tally))
        for _ in range(CLIENTS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert set(tally.statuses) <= {201, 429, 503}, tally.statuses
    assert tally.receipts, tally.statuses
    references = {key: {receipt["reference"] for receipt in receipts} for key, receipts in tally.receipts.items()}
    assert [named for named in references.values() if len(named) != 1] == []
    accepted = {tally.emails[key]: named.pop() for key, named in references.items()}

    stored = Counter(
        (item["submission"]["email"], item["reference"])
        for item in stored_complaints(local_stack)
        if item["submission"]["email"].startswith(f"load-{run}-")
    )
    assert stored == Counter(accepted.items())

    retry_mail(local_stack)  # acknowledgements whose first send met a busy moto go out now
    mails = Counter(
        (address, mail["subject"].rsplit(" ", 1)[-1])
        for mail in sent_emails(local_stack)
        for address in mail["destinations"]["ToAddresses"]
        if address.startswith(f"load-{run}-")
    )
    assert mails == Counter(accepted.items())
