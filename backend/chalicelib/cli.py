"""The `complaints` command.

    complaints deadlines --profile payments-lt --received 2026-12-23T15:00:00+02:00 \\
        --customer-type consumer [--complexity simple|complex|exceptional] [--category CODE] --json
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from typing import Sequence

from .domain.profiles import COMPLEXITIES, CUSTOMER_TYPES, PROFILES, get_profile
from .domain.schedule import compute_deadlines


def _aware_datetime(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    if value.tzinfo is None:
        raise argparse.ArgumentTypeError("give the time with its offset, like 2026-12-23T15:00:00+02:00")
    return value


def _deadlines(args: argparse.Namespace) -> int:
    deadlines = compute_deadlines(
        get_profile(args.profile), args.received, args.customer_type, args.complexity, args.category
    ).as_json()
    if not args.category:
        deadlines.pop("investigate_by")
    if args.json:
        print(json.dumps(deadlines))
    else:
        for name, value in deadlines.items():
            print(f"{name:<22} {value or '-'}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="complaints", description="Complaint portal tools.")
    commands = parser.add_subparsers(dest="command", required=True)

    deadlines = commands.add_parser("deadlines", help="print the deadlines of a complaint under a policy profile")
    deadlines.add_argument("--profile", required=True, choices=sorted(PROFILES))
    deadlines.add_argument("--received", required=True, type=_aware_datetime, help="ISO 8601 time with offset")
    deadlines.add_argument("--customer-type", required=True, choices=CUSTOMER_TYPES)
    deadlines.add_argument("--complexity", choices=COMPLEXITIES)
    deadlines.add_argument("--category", help="a category code; unauthorised_transaction adds investigate_by")
    deadlines.add_argument("--json", action="store_true", help="print JSON")
    deadlines.set_defaults(handler=_deadlines)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())
