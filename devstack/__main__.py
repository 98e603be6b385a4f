"""`make run`: the whole product locally, in the foreground until Ctrl-C."""

from __future__ import annotations

import contextlib
import signal
import sys
import threading

from .addresses import Ports
from .site import ROOT
from .stack import LocalStack


def main() -> int:
    ports = Ports.from_environment()
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    print("Starting the embedded AWS, the API and the site…", flush=True)
    with LocalStack(ports, site_dir=ROOT / "site", key_dir=ROOT / ".devstack"):
        print(
            f"""
  Embedded AWS (moto server)  {ports.aws_url}
  API                         {ports.api_url}
  Site                        {ports.site_url}

  Sent emails (SES): {ports.mailbox_url}  (key "ses")
  Handlers: export COMPLAINTS_TOKEN=$(.venv/bin/complaints token --user alice)
            then .venv/bin/complaints due   (see .venv/bin/complaints --help)
  Press Ctrl-C to stop everything.
""",
            flush=True,
        )
        with contextlib.suppress(KeyboardInterrupt):
            stopping.wait()
    print("Stopped.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
