"""`make run`: the whole product locally, in the foreground until Ctrl-C."""

from __future__ import annotations

import signal
import sys
import time
from typing import NoReturn

from .addresses import Ports
from .site import ROOT
from .stack import LocalStack

DEFAULT_API_PORT = 8000  # what `complaints` assumes without COMPLAINTS_API (chalicelib/cli/main.py)

ADDRESSES = """
  Embedded AWS (moto server)  {ports.aws_url}
  API                         {ports.api_url}
  Site                        {ports.site_url}

  Sent emails (SES): {ports.mailbox_url}  (key "ses")
  Handlers: {api_export}export COMPLAINTS_TOKEN=$(.venv/bin/complaints token --user alice)
            then .venv/bin/complaints queue   (see .venv/bin/complaints --help)
  Handlers' console: {ports.site_url}/staff/
            sign in with the development form there, no AWS account needed: any user name,
            role "handler" (e.g. alice) or "supervisor" (e.g. sofia); idle 15 minutes signs out.
  Press Ctrl-C to stop everything.
"""


def banner(ports: Ports) -> str:
    """The addresses, and how to reach the API from the `complaints` command: it assumes the default
    API port, so another port needs COMPLAINTS_API."""
    default_api = Ports(aws=0, api=DEFAULT_API_PORT, site=0).api_url
    api_export = "" if ports.api_url == default_api else f"export COMPLAINTS_API={ports.api_url}\n            "
    return ADDRESSES.format(ports=ports, api_export=api_export)


def _stop_requested(*_: object) -> NoReturn:
    # Ignore any further stop signal before anything else: under `make run`, Ctrl-C reaches the
    # stack from the terminal and again from make, and a second signal during the shutdown cut it
    # short, leaving the API server running (tests/e2e/test_make_run.py).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise KeyboardInterrupt  # SIGTERM stops the stack as Ctrl-C does


def main() -> int:
    ports = Ports.from_environment()
    signal.signal(signal.SIGINT, _stop_requested)
    signal.signal(signal.SIGTERM, _stop_requested)
    stack = LocalStack(ports, site_dir=ROOT / "site", key_dir=ROOT / ".devstack")
    try:
        print("Starting the embedded AWS, the API and the site…", flush=True)
        stack.start()
        print(banner(ports), flush=True)
        while True:
            # Poll rather than pause(): the kernel may hand the signal to another thread, and only a
            # main thread that wakes up runs Python's handler.
            time.sleep(0.2)
    except KeyboardInterrupt:
        pass
    finally:
        # Also when the stack stops for another reason than a signal.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        stack.stop()
    print("Stopped.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
