"""The supervisors' verbs of the `complaints` command call the staff API's routes for them."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any, ClassVar

import pytest
from chalicelib.cli.main import main

FILE = {"reference": "K7M2-QX9P", "status": "resolved"}


class StaffApi(BaseHTTPRequestHandler):
    """A local HTTP server standing in for the staff API: records each request, answers a complaint."""

    calls: ClassVar[list[tuple[str, str, Any]]] = []

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = json.loads(self.rfile.read(length)) if length else None
        self.calls.append((self.command, self.path, body))
        payload = json.dumps({"approvals": []} if self.path.endswith("/approvals") else FILE).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_DELETE = _answer  # noqa: N815 - the names http.server calls

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def api() -> Iterator[str]:
    StaffApi.calls = []
    server = HTTPServer(("127.0.0.1", 0), StaffApi)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize(
    ("argv", "call"),
    [
        (["approvals"], ("GET", "/staff/approvals", None)),
        (["approve", "K7M2-QX9P"], ("POST", "/staff/approvals/K7M2-QX9P/approve", {})),
        (
            ["return", "K7M2-QX9P", "--reason", "Cite the fees."],
            ("POST", "/staff/approvals/K7M2-QX9P/return", {"reason": "Cite the fees."}),
        ),
        (
            ["hold", "K7M2-QX9P", "--reason", "Court case"],
            ("POST", "/staff/legal-holds/K7M2-QX9P", {"reason": "Court case"}),
        ),
        (
            ["lift-hold", "K7M2-QX9P", "--reason", "Judgment final"],
            ("DELETE", "/staff/legal-holds/K7M2-QX9P", {"reason": "Judgment final"}),
        ),
    ],
)
def test_each_supervisor_verb_calls_its_route(api: str, argv: list[str], call: tuple[str, str, Any]) -> None:
    """approvals, approve, return, hold and lift-hold: one request each, to the supervisors' routes."""
    assert main([*argv, "--api", api, "--token", "t", "--json"]) == 0
    assert StaffApi.calls == [call]
