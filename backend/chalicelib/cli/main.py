"""The `complaints` command: deadlines under a policy profile, and the handlers' tools.

    complaints deadlines --profile payments-lt --received 2026-12-23T15:00:00+02:00 \\
        --customer-type consumer [--complexity simple|complex|exceptional] [--service payments|banking] \\
        [--category CODE] --json
    complaints due | show REF | triage REF ... | request-info REF --item screenshots ... |
        holding-reply REF --until 2027-01-20 --reason "..." | final-response REF --outcome ... |
        register --from 2026-11-01 --to 2026-11-30 --format csv

Handler commands talk to the staff API at $COMPLAINTS_API (default http://127.0.0.1:8000) with
the token in $COMPLAINTS_TOKEN; under `make run`, `complaints token --user alice` makes one.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from ..domain.profiles import COMPLEXITIES, CUSTOMER_TYPES, PROFILES, SERVICES, get_profile
from ..domain.schedule import compute_deadlines
from .client import StaffApiError, StaffClient, fetch
from .dev_tokens import DEV_KEY, NoDevelopmentKey, mint_from_key_file
from .files import WouldOverwrite, save_as, save_new
from .output import complaint_summary, due_table, filter_queue, queue_table, refusal, safe_text


def _aware_datetime(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise argparse.ArgumentTypeError("give the time with its offset, like 2026-12-23T15:00:00+02:00")
    return value


def _deadlines(args: argparse.Namespace) -> int:
    deadlines = compute_deadlines(
        get_profile(args.profile),
        args.received,
        args.customer_type,
        args.complexity,
        args.category,
        service=args.service,
    ).as_json()
    if not args.category:
        deadlines.pop("investigate_by")
    if args.json:
        print(json.dumps(deadlines))
    else:
        for name, value in deadlines.items():
            print(f"{name:<22} {value or '-'}")
    return 0


def _token(args: argparse.Namespace) -> int:
    """A development token, signed with the local stack's key (never available in AWS)."""
    try:
        print(mint_from_key_file(args.user, args.role, args.key))
    except NoDevelopmentKey as missing:
        print(missing, file=sys.stderr)
        return 1
    return 0


def _client(args: argparse.Namespace) -> StaffClient:
    token = args.token or os.environ.get("COMPLAINTS_TOKEN")
    if not token:
        raise SystemExit("Set COMPLAINTS_TOKEN (locally: export COMPLAINTS_TOKEN=$(complaints token --user alice)).")
    return StaffClient(args.api or os.environ.get("COMPLAINTS_API", "http://127.0.0.1:8000"), token)


def _print_complaint(args: argparse.Namespace, complaint: Any) -> None:
    print(safe_text(json.dumps(complaint, indent=2, ensure_ascii=False)) if args.json else complaint_summary(complaint))


def _staff(handler: Callable[[StaffClient, argparse.Namespace], Any]) -> Callable[[argparse.Namespace], int]:
    """Runs a staff command and turns the API's refusals into readable lines and exit status 1."""

    def run(args: argparse.Namespace) -> int:
        try:
            handler(_client(args), args)
        except StaffApiError as error:
            print(f"Refused (HTTP {error.status}):", file=sys.stderr)
            for problem in error.errors:
                print(f"  - {refusal(problem)}", file=sys.stderr)
            return 1
        except WouldOverwrite as clash:
            print(f"Not saved: {safe_text(str(clash))}", file=sys.stderr)
            return 1
        return 0

    return run


def _action(action: str, **fixed: Any) -> Callable[[argparse.Namespace], int]:
    """A command that posts one action with the options given on the command line."""

    def handler(client: StaffClient, args: argparse.Namespace) -> None:
        params = {name: value for name, value in vars(args).items() if name not in _COMMON and value is not None}
        _print_complaint(args, client.act(args.reference, action, **{**params, **fixed}))

    return _staff(handler)


_COMMON = {"command", "handler", "api", "token", "json", "reference"}


def _due(client: StaffClient, args: argparse.Namespace) -> None:
    items = client.call("GET", "/complaints", query={"horizon_hours": str(args.hours)})["due"]
    print(safe_text(json.dumps(items, indent=2)) if args.json else due_table(items))


def _queue(client: StaffClient, args: argparse.Namespace) -> None:
    items = filter_queue(
        client.call("GET", "/queue")["queue"],
        status=args.status,
        assignee=args.assignee,
        category=args.category,
        unassigned=args.unassigned,
        overdue=args.overdue,
        urgent=args.urgent,
    )
    print(safe_text(json.dumps(items, indent=2)) if args.json else queue_table(items))


def _show(client: StaffClient, args: argparse.Namespace) -> None:
    _print_complaint(args, client.call("GET", f"/complaints/{args.reference}"))


def _assign(client: StaffClient, args: argparse.Namespace) -> None:
    _print_complaint(args, client.call("POST", f"/assignments/{args.reference}", {"handler": args.handler_name}))


def _approvals(client: StaffClient, args: argparse.Namespace) -> None:
    rows = client.call("GET", "/approvals")["approvals"]
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    for row in rows:
        print(f"{row['reference']}  {row['outcome']:17} drafted by {row['drafted_by']}  answer due {row['answer_due']}")
    if not rows:
        print("No final response awaits approval.")


def _decide(decision: str) -> Callable[[StaffClient, argparse.Namespace], None]:
    def handler(client: StaffClient, args: argparse.Namespace) -> None:
        body = {"reason": args.reason} if getattr(args, "reason", None) else {}
        _print_complaint(args, client.call("POST", f"/approvals/{args.reference}/{decision}", body))

    return handler


def _legal_hold(method: str) -> Callable[[StaffClient, argparse.Namespace], None]:
    def handler(client: StaffClient, args: argparse.Namespace) -> None:
        _print_complaint(args, client.call(method, f"/legal-holds/{args.reference}", {"reason": args.reason}))

    return handler


def _attachments(client: StaffClient, args: argparse.Namespace) -> None:
    files = client.call("GET", f"/complaints/{args.reference}")["attachments"]
    if args.json:
        print(safe_text(json.dumps(files, indent=2, ensure_ascii=False)))
        return
    for file in files:
        print(
            safe_text(
                f"{file['upload_id']}  {file['status']:9} {file['scan']:15} {file['size'] or '-':>9}  "
                f"{file['purpose']:18} {file['filename']}{'  (' + file['refusal'] + ')' if file['refusal'] else ''}"
            )
        )
    if not files:
        print("No files.")


def _download(client: StaffClient, args: argparse.Namespace) -> None:
    """Fetches a file through its short-lived link and checks it against the SHA-256 taken on receipt."""
    link = client.call("GET", f"/complaints/{args.reference}/attachments/{args.upload_id}")
    data = fetch(link["url"])
    if hashlib.sha256(data).hexdigest() != link["sha256"]:
        raise SystemExit("The downloaded file does not match the one received: not saved.")
    if args.output:
        target = save_as(Path(args.output), data, force=args.force)
    else:
        target = save_new(Path.cwd(), str(link["filename"]), data)
    print(f"Saved {safe_text(str(target))} ({len(data)} bytes, SHA-256 {link['sha256']}).")


def _register(client: StaffClient, args: argparse.Namespace) -> None:
    query = {"from": args.start, "to": args.end, "format": args.format}
    result = client.call("GET", "/register", query=query)
    text = result if args.format == "csv" else json.dumps(result, indent=2, ensure_ascii=False)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        print(safe_text(text))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="complaints", description="Complaint portal tools.")
    commands = parser.add_subparsers(dest="command", required=True)

    deadlines = commands.add_parser("deadlines", help="print the deadlines of a complaint under a policy profile")
    deadlines.add_argument("--profile", required=True, choices=sorted(PROFILES))
    deadlines.add_argument("--received", required=True, type=_aware_datetime, help="ISO 8601 time with offset")
    deadlines.add_argument("--customer-type", required=True, choices=CUSTOMER_TYPES)
    deadlines.add_argument("--complexity", choices=COMPLEXITIES)
    deadlines.add_argument("--category", help="a category code; unauthorised_transaction adds investigate_by")
    deadlines.add_argument(
        "--service",
        choices=SERVICES,
        help="bank-it only: the service complained about (default: as the category tells, else banking)",
    )
    deadlines.add_argument("--json", action="store_true", help="print JSON")
    deadlines.set_defaults(handler=_deadlines)

    token = commands.add_parser("token", help="print a development staff token (local stack only)")
    token.add_argument("--user", required=True)
    token.add_argument("--role", choices=["handler", "supervisor"], default="handler")
    token.add_argument("--key", help=f"private key file (default {DEV_KEY})")
    token.set_defaults(handler=_token)

    def staff(
        name: str, help_text: str, handler: Callable[[argparse.Namespace], int], reference: bool = True
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("--api", help="staff API address (default $COMPLAINTS_API or http://127.0.0.1:8000)")
        sub.add_argument("--token", help="staff token (default $COMPLAINTS_TOKEN)")
        sub.add_argument("--json", action="store_true", help="print the API's JSON")
        if reference:
            sub.add_argument("reference")
        sub.set_defaults(handler=handler)
        return sub

    due = staff("due", "list complaints with a deadline soon or past", _staff(_due), reference=False)
    due.add_argument("--hours", type=int, default=48, help="how far ahead to look (default 48)")
    staff("show", "show a complaint with its history and letters", _staff(_show))
    queue = staff("queue", "every open complaint, the next deadline first", _staff(_queue), reference=False)
    queue.add_argument("--status")
    queue.add_argument("--assigned", dest="assignee", help="only this handler's complaints")
    queue.add_argument("--category")
    queue.add_argument("--unassigned", action="store_true")
    queue.add_argument("--overdue", action="store_true")
    queue.add_argument("--urgent", action="store_true")

    triage = staff("triage", "record admissibility, severity, complexity, urgency, authority", _action("triage"))
    triage.add_argument("--severity", choices=["minor", "serious"])
    triage.add_argument("--complexity", choices=COMPLEXITIES)
    triage.add_argument("--urgent", action=argparse.BooleanOptionalAction, default=None)
    triage.add_argument("--authority", choices=["not_needed", "missing", "received"])
    triage.add_argument("--admissible", action=argparse.BooleanOptionalAction, default=None)
    triage.add_argument("--inadmissible-reasons", dest="inadmissible_reasons")
    triage.add_argument(
        "--service", choices=["payments", "banking"], help="bank-it: the service complained about (its deadlines)"
    )

    assign = staff("assign", "assign to a handler (supervisors)", _staff(_assign))
    assign.add_argument("handler_name", metavar="handler")

    staff("start", "start the investigation", _action("start_investigation"))
    request = staff("request-info", "ask the customer for missing information", _action("request_information"))
    request.add_argument(
        "--item",
        dest="items",
        action="append",
        required=True,
        help="e.g. screenshots, statement, police_report, power_of_attorney, phone",
    )
    request.add_argument("--note")
    received = staff("info-received", "the customer answered", _action("information_received"))
    received.add_argument("--authority-received", dest="authority_received", action="store_true", default=None)
    holding = staff(
        "holding-reply", "tell the customer why the answer is late and when it comes", _action("holding_reply")
    )
    holding.add_argument("--until", required=True, help="YYYY-MM-DD, at most the profile's limit")
    holding.add_argument("--reason", required=True)
    escalate = staff("escalate", "escalate to management or legal", _action("escalate"))
    escalate.add_argument("--to", dest="target", choices=["management", "legal"], required=True)
    escalate.add_argument("--reason", required=True)
    resume = staff("resume", "back to the investigation", _action("resume"))
    resume.add_argument("--reason")

    final = staff("final-response", "send the reasoned final response", _action("final_response"))
    final.add_argument("--outcome", choices=["upheld", "partially_upheld", "rejected"], required=True)
    final.add_argument("--reasons", required=True, help="every point of the complaint, answered")
    final.add_argument("--redress", help="what the firm does (required when upheld or partly upheld)")
    final.add_argument("--basis", help="the contract terms or law relied on (required unless upheld)")
    final.add_argument("--apology", help="a personal apology added to the standard one")
    final.add_argument("--comment", help="short comment for the register")

    staff("approvals", "final responses awaiting approval (supervisors)", _staff(_approvals), reference=False)
    staff("approve", "approve a drafted final response: the letter goes out (supervisors)", _staff(_decide("approve")))
    returned = staff(
        "return", "return a drafted final response to its handler (supervisors)", _staff(_decide("return"))
    )
    returned.add_argument("--reason", required=True)
    hold = staff(
        "hold", "place a legal hold: nothing of the complaint expires (supervisors)", _staff(_legal_hold("POST"))
    )
    hold.add_argument("--reason", required=True)
    lift = staff(
        "lift-hold", "lift the legal hold: normal retention again (supervisors)", _staff(_legal_hold("DELETE"))
    )
    lift.add_argument("--reason", required=True)

    refer = staff("refer", "the customer went to the ADR body or regulator", _action("refer"))
    refer.add_argument("--body", required=True, help="a remedy code of the profile, e.g. bank_of_lithuania")
    result = staff("referral-result", "record the outside body's result (closes)", _action("referral_result"))
    result.add_argument("--result", required=True)
    close = staff("close", "close a resolved complaint", _action("close"))
    close.add_argument("--reason")

    corrective = staff("corrective-action", "record root cause and corrective action", _action("corrective_action"))
    corrective.add_argument("--root-cause", dest="root_cause", required=True)
    corrective.add_argument("--immediate", dest="immediate_action", required=True)
    corrective.add_argument("--preventive", dest="preventive_action", required=True)
    corrective.add_argument("--owner", required=True)
    corrective.add_argument("--due", dest="due_on", required=True, help="YYYY-MM-DD")
    corrective.add_argument("--done", dest="done_on", help="YYYY-MM-DD")

    staff("attachments", "list a complaint's files with their checks", _staff(_attachments))
    download = staff("download", "download one file (only once its malware scan is clean)", _staff(_download))
    download.add_argument("upload_id")
    download.add_argument(
        "--output", help="file to write (default: the file's own name, in this folder, numbered on a clash)"
    )
    download.add_argument("--force", action="store_true", help="replace the --output file if it exists")

    register = staff("register", "export the register of a period", _staff(_register), reference=False)
    register.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
    register.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD")
    register.add_argument("--format", choices=["json", "csv"], default="json")
    register.add_argument("--output", help="write to this file instead of printing")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())
