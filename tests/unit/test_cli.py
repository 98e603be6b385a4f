"""The `complaints deadlines` command prints what CONTRACT.md section 3 says."""

from __future__ import annotations

import hashlib
import http.server
import json
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from chalicelib.cli import files, main, output
from chalicelib.cli.output import due_table

CONTRACT_EXAMPLE = [
    "deadlines",
    "--profile",
    "payments-lt",
    "--received",
    "2026-12-23T15:00:00+02:00",
    "--customer-type",
    "consumer",
    "--json",
]


def test_the_contract_example_prints_the_three_deadlines_as_json(capsys: pytest.CaptureFixture[str]) -> None:
    """Exactly acknowledge_by, respond_by and respond_by_extended."""
    assert main(CONTRACT_EXAMPLE) == 0
    assert json.loads(capsys.readouterr().out) == {
        "acknowledge_by": "2026-12-28T23:59:59+02:00",
        "respond_by": "2027-01-18T23:59:59+02:00",
        "respond_by_extended": "2027-02-15T23:59:59+02:00",
    }


def test_complexity_and_category_are_taken_into_account(capsys: pytest.CaptureFixture[str]) -> None:
    """bank-fr's exceptional grade, and the investigation start of an unauthorised transaction."""
    main(
        [
            "deadlines",
            "--profile",
            "bank-fr",
            "--received",
            "2026-05-07T10:00:00+02:00",
            "--customer-type",
            "consumer",
            "--complexity",
            "exceptional",
            "--json",
        ]
    )
    printed = json.loads(capsys.readouterr().out)
    assert (printed["respond_by"], printed["respond_by_extended"]) == (
        "2026-06-02T23:59:59+02:00",
        "2026-06-23T23:59:59+02:00",
    )
    main([*CONTRACT_EXAMPLE, "--category", "unauthorised_transaction"])
    assert json.loads(capsys.readouterr().out)["investigate_by"] == "2026-12-28T23:59:59+02:00"


# (profile, received, customer type, extra options, acknowledge_by, respond_by, respond_by_extended)
TABLE = [
    ("payments-lt", "2026-12-23T15:00:00+02:00", "business", [], "2026-12-28", "2027-01-18", "2027-02-15"),
    ("exchange-eu", "2026-12-31T16:00:00+00:00", "consumer", [], "2027-01-05", "2027-01-12", "2027-02-28"),
    ("exchange-fr", "2026-11-10T10:00:00+01:00", "business", [], None, "2026-11-20", "2027-01-10"),
    ("bank-fr", "2026-11-10T10:00:00+01:00", "consumer", [], "2026-11-12", "2026-11-18", None),
    (
        "bank-fr",
        "2026-11-10T10:00:00+01:00",
        "business",
        ["--complexity", "exceptional"],
        "2026-11-12",
        "2026-12-02",
        "2026-12-23",
    ),
    ("bank-it", "2026-12-04T10:00:00+01:00", "consumer", [], "2026-12-09", "2027-02-02", None),
    ("bank-it", "2026-12-04T10:00:00+01:00", "consumer", ["--service", "banking"], "2026-12-09", "2027-02-02", None),
    (
        "bank-it",
        "2026-12-04T10:00:00+01:00",
        "business",
        ["--service", "payments"],
        "2026-12-09",
        "2026-12-29",
        "2027-01-28",
    ),
    (
        "payments-lt",
        "2026-12-23T15:00:00+02:00",
        "consumer",
        ["--service", "banking"],
        "2026-12-28",
        "2027-01-18",
        "2027-02-15",
    ),
]


@pytest.mark.parametrize(("profile", "received", "customer_type", "options", "ack", "respond", "extended"), TABLE)
def test_the_command_agrees_with_the_contract_table_for_every_profile(
    capsys: pytest.CaptureFixture[str],
    profile: str,
    received: str,
    customer_type: str,
    options: list[str],
    ack: str | None,
    respond: str,
    extended: str | None,
) -> None:
    """--service matters only for bank-it (default banking), --complexity only for bank-fr (default simple)."""
    arguments = ["deadlines", "--profile", profile, "--received", received, "--customer-type", customer_type]
    assert main([*arguments, *options, "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert set(printed) == {"acknowledge_by", "respond_by", "respond_by_extended"}
    days = {name: value[:10] if value else None for name, value in printed.items()}
    assert (days["acknowledge_by"], days["respond_by"], days["respond_by_extended"]) == (ack, respond, extended)


def test_an_unknown_service_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """Only payments or banking."""
    with pytest.raises(SystemExit) as exit_:
        main([*CONTRACT_EXAMPLE, "--service", "insurance"])
    assert exit_.value.code == 2
    assert "--service" in capsys.readouterr().err


def test_a_time_without_offset_is_refused_with_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """argparse exits with status 2 and says what to type."""
    with pytest.raises(SystemExit) as exit_:
        main(["deadlines", "--profile", "payments-lt", "--received", "2026-12-23T15:00", "--customer-type", "consumer"])
    assert exit_.value.code == 2
    assert "offset" in capsys.readouterr().err


def test_the_project_installs_the_command_in_its_environment() -> None:
    """`complaints` is a console script of the project's virtual environment."""
    command = shutil.which("complaints", path=str(Path(sys.executable).parent))
    assert command is not None
    result = subprocess.run([command, *CONTRACT_EXAMPLE], capture_output=True, text=True, check=True)
    assert json.loads(result.stdout)["acknowledge_by"] == "2026-12-28T23:59:59+02:00"


class FileServer:
    """A real HTTP server standing in for the staff API and the storage link: one file, under a given name."""

    def __init__(self, filename: str, data: bytes):
        self.filename, self.data = filename, data
        self.recorded = hashlib.sha256(data).hexdigest()  # what the API says was received
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path == "/file":
                    payload, kind = server.data, "application/octet-stream"
                else:
                    link = {
                        "url": f"{server.address}/file",
                        "sha256": server.recorded,
                        "filename": server.filename,
                    }
                    payload, kind = json.dumps(link).encode(), "application/json"
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: object) -> None:
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.address = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def download(self, *options: str) -> int:
        return main(["download", "ABCD-EFGH", "0" * 32, "--api", self.address, "--token", "t", *options])


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """The handler's home with a .bashrc, and the folder they download into, two levels below."""
    home = tmp_path / "home"
    work = home / "cases" / "work"
    work.mkdir(parents=True)
    (home / ".bashrc").write_text("the handler's own", encoding="utf-8")
    monkeypatch.chdir(work)
    return home, work


@contextmanager
def serve(filename: str, data: bytes = b"%PDF-1.7 evidence") -> Iterator[FileServer]:
    server = FileServer(filename, data)
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()


def test_a_downloaded_file_named_with_a_path_stays_in_the_folder(folders: tuple[Path, Path]) -> None:
    """`../../.bashrc` is saved as `bashrc` here; the handler's .bashrc is untouched (issue 11, finding 3)."""
    home, work = folders
    with serve("../../.bashrc") as server:
        assert server.download() == 0
    assert (home / ".bashrc").read_text(encoding="utf-8") == "the handler's own"
    assert [path.name for path in work.iterdir()] == ["bashrc"]


@pytest.mark.parametrize(
    ("name", "saved"),
    [
        ("..\\..\\evil.pdf", "evil.pdf"),
        ("/etc/passwd", "passwd"),
        ("\x1b[31mred\x07.pdf", "[31mred.pdf"),
        ("report\u202egpj.exe", "reportgpj.exe"),
        ("...", "attachment"),
        ("..", "attachment"),
        (".pdf", "pdf"),
        ("a" * 400 + ".pdf", "a" * 146 + ".pdf"),
    ],
)
def test_a_customers_file_name_becomes_a_plain_name(name: str, saved: str) -> None:
    """No folders, control or bidi characters, leading dots, or excessive length."""
    assert files.safe_name(name) == saved


def test_a_name_clash_gets_a_numbered_copy(folders: tuple[Path, Path]) -> None:
    """An existing statement.pdf stays; the download becomes statement (1).pdf, then (2)."""
    _, work = folders
    (work / "statement.pdf").write_bytes(b"mine")
    with serve("statement.pdf") as server:
        assert server.download() == 0
        assert server.download() == 0
    assert (work / "statement.pdf").read_bytes() == b"mine"
    assert (work / "statement (1).pdf").read_bytes() == b"%PDF-1.7 evidence"
    assert (work / "statement (2).pdf").exists()


def test_an_explicit_output_is_not_overwritten_without_force(
    folders: tuple[Path, Path], capsys: pytest.CaptureFixture[str]
) -> None:
    """--output over an existing file is refused (exit 1, the file intact); --force replaces it."""
    _, work = folders
    (work / "mine.pdf").write_bytes(b"mine")
    with serve("statement.pdf") as server:
        assert server.download("--output", "mine.pdf") == 1
        assert "exists" in capsys.readouterr().err
        assert (work / "mine.pdf").read_bytes() == b"mine"
        assert server.download("--output", "mine.pdf", "--force") == 0
    assert (work / "mine.pdf").read_bytes() == b"%PDF-1.7 evidence"


def test_a_symbolic_link_in_the_way_is_not_followed(folders: tuple[Path, Path]) -> None:
    """A link named like the file, pointing at .bashrc, is a clash: the link's target is untouched."""
    home, work = folders
    (work / "notes.txt").symlink_to(home / ".bashrc")
    with serve("notes.txt") as server:
        assert server.download() == 0
    assert (home / ".bashrc").read_text(encoding="utf-8") == "the handler's own"
    assert (work / "notes (1).txt").read_bytes() == b"%PDF-1.7 evidence"


def test_the_due_list_shows_control_characters_as_escapes_not_raw() -> None:
    """ESC, BEL, CR and bidi overrides reach the terminal as visible \\u escapes (issue 11, finding 9)."""
    item = {
        "overdue": True,
        "due_at": "2026-12-01T10:00:00+00:00",
        "reference": "ABCD-EFGH",
        "deadline": "respond_by",
        "status": "in_progress",
        "assigned_to": "\x1b]0;pwned\x07bob\r",
        "category": "payment\u202edelay\x9b",
    }
    shown = due_table([item])
    assert not any(char in shown for char in "\x1b\x07\r\u202e\x9b")
    assert "\\u001b]0;pwned\\u0007bob\\u000d" in shown and "payment\\u202edelay\\u009b" in shown


def test_safe_text_keeps_line_breaks_tabs_and_letters() -> None:
    """Newlines, tabs and every script stay as they are."""
    assert output.safe_text("Ana Jonaitienė\n\tΑθήνα 東京") == "Ana Jonaitienė\n\tΑθήνα 東京"


def test_a_file_that_differs_from_the_one_received_is_not_saved(folders: tuple[Path, Path]) -> None:
    """The bytes served must match the SHA-256 taken on receipt; otherwise nothing is written."""
    _, work = folders
    with serve("statement.pdf") as server:
        server.recorded = hashlib.sha256(b"what the customer sent").hexdigest()
        with pytest.raises(SystemExit, match="does not match"):
            server.download()
    assert list(work.iterdir()) == []


def test_triage_can_correct_which_service_a_complaint_concerns() -> None:
    """bank-it: `--service payments|banking` reaches the staff API's triage body (CONTRACT §3)."""
    received: list[dict[str, Any]] = []

    class Recorder(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            payload = json.dumps({"reference": "K7M2-QX9P", "status": "in_progress"}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        api = f"http://127.0.0.1:{httpd.server_address[1]}"
        code = main(["triage", "K7M2-QX9P", "--service", "payments", "--api", api, "--token", "t", "--json"])
    finally:
        httpd.shutdown()
        httpd.server_close()
    assert code == 0
    assert received == [{"service": "payments"}]
