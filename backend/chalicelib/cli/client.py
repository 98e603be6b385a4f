"""A small HTTP client for the staff API, used by the `complaints` command."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import Any


class StaffApiError(Exception):
    def __init__(self, status: int, errors: list[dict[str, Any]]):
        super().__init__(f"HTTP {status}")
        self.status = status
        self.errors = errors


class StaffClient:
    def __init__(self, api_url: str, token: str):
        self.api_url = api_url.rstrip("/")
        self.token = token

    def call(
        self, method: str, path: str, body: dict[str, Any] | None = None, query: dict[str, str] | None = None
    ) -> Any:
        url = f"{self.api_url}/staff{path}"
        if query:
            url += "?" + urllib.parse.urlencode(query)
        if not url.startswith(("http://", "https://")):
            raise ValueError("the API address must be http(s)")
        request = urllib.request.Request(  # noqa: S310 - scheme checked above
            url,
            method=method,
            data=json.dumps(body).encode() if body is not None else None,
            headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 - scheme checked above
                payload = response.read()
                kind = response.headers.get("Content-Type", "")
        except urllib.error.HTTPError as error:
            raise StaffApiError(error.code, _errors(error.read())) from None
        return payload.decode() if kind.startswith("text/csv") else json.loads(payload)

    def act(self, reference: str, action: str, **params: Any) -> Any:
        body = {name: value for name, value in params.items() if value is not None}
        return self.call("POST", f"/complaints/{urllib.parse.quote(reference)}/actions/{action}", body)


def _errors(payload: bytes) -> list[dict[str, Any]]:
    try:
        return list(json.loads(payload).get("errors", []))
    except (ValueError, AttributeError):
        return [{"field": None, "code": "http_error", "message": payload.decode(errors="replace")[:200]}]


def fetch(url: str) -> bytes:
    """The bytes behind a presigned download link."""
    if not url.startswith(("http://", "https://")):
        raise ValueError("a download link must be http(s)")
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 - scheme checked above
        return bytes(response.read())
