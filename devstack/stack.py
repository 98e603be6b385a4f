"""Starts and stops the local stack as one unit, leaving no process behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import boto3
from chalicelib.adapters.dynamodb import DynamoDBComplaintRepository
from chalicelib.adapters.ses import SesMailer
from chalicelib.clock import utc_now
from chalicelib.config.firm import load_firm
from chalicelib.services import jobs

from . import aws
from .addresses import HOST, Ports, wait_for_port
from .scanner import scan_new_objects
from .site import ROOT, build_site, serve_site
from .staff_keys import PRIVATE_KEY_FILE, token_environment, write_dev_keys

BACKEND = ROOT / "backend"
RETRY_EVERY_SECONDS = 60.0  # in AWS a schedule runs the same retry every 5 minutes
MONITOR_EVERY_RUNS = 60  # and the deadline monitor every hour
SCAN_EVERY_SECONDS = 2.0


class LocalStack:
    def __init__(
        self,
        ports: Ports,
        site_dir: Path | None = None,
        api_log: Any = None,
        key_dir: Path | None = None,
        api_settings: dict[str, str] | None = None,
    ):
        self.ports = ports
        self.api_settings = api_settings or {}  # more of the API's environment (chalicelib/settings.py)
        self.site_dir = site_dir or Path(tempfile.mkdtemp(prefix="complaints-site-"))
        self.key_dir = key_dir or Path(tempfile.mkdtemp(prefix="complaints-keys-"))
        self.token_settings = write_dev_keys(self.key_dir)
        self.api_log = api_log  # where chalice local writes; None: this terminal
        self._moto: Any = None
        self._site: Any = None
        self._api: subprocess.Popen[bytes] | None = None
        self._stop = threading.Event()

    def api_environment(self) -> dict[str, str]:
        return {
            **os.environ,
            **aws.aws_environment(self.ports.aws_url),
            "CORS_ORIGIN": self.ports.site_url,
            "SITE_URL": self.ports.site_url,
            "PYTHONUNBUFFERED": "1",
            **token_environment(self.token_settings),
            **self.api_settings,
        }

    def start(self) -> LocalStack:
        try:
            self._moto = aws.start_moto(self.ports.aws)
            wait_for_port(self.ports.aws)
            aws.bootstrap(self.ports.aws_url, self.ports.site_url)
            build_site(self.ports.api_url, self.ports.site_url, self.site_dir)
            self._site = serve_site(
                self.site_dir,
                self.ports.site,
                self.ports.api_url,
                self.ports.aws_url,
                signing_key=self.key_dir / PRIVATE_KEY_FILE,
            )
            self._api = subprocess.Popen(
                [
                    str(Path(sys.executable).parent / "chalice"),
                    "local",
                    "--host",
                    HOST,
                    "--port",
                    str(self.ports.api),
                    "--stage",
                    "local",
                    "--no-autoreload",
                ],
                cwd=BACKEND,
                env=self.api_environment(),
                start_new_session=True,
                stdout=self.api_log,
                stderr=subprocess.STDOUT if self.api_log else None,
            )
            wait_for_port(self.ports.api)
            threading.Thread(target=self._retry_loop, name="ack-retry", daemon=True).start()
            threading.Thread(target=self._scan_loop, name="malware-scan", daemon=True).start()
        except BaseException:
            self.stop()
            raise
        return self

    def _retry_loop(self) -> None:
        """The local stand-in for the scheduled functions: retries every minute, the monitor hourly."""
        repository = DynamoDBComplaintRepository(
            boto3.resource("dynamodb", **self._boto_arguments()).Table(aws.TABLE_NAME)
        )
        mailer = SesMailer(boto3.client("sesv2", **self._boto_arguments()), load_firm().complaints_email)
        firm = replace(load_firm(), site_url=self.ports.site_url)
        runs = 0
        while not self._stop.wait(RETRY_EVERY_SECONDS):
            runs += 1
            with _one_run_fails_alone("retry"):
                if runs % MONITOR_EVERY_RUNS == 0:
                    jobs.monitor_deadlines(
                        repository=repository, mailer=mailer, clock=utc_now, firm=firm, recipient=firm.complaints_email
                    )
                else:
                    jobs.retry_mail(repository=repository, mailer=mailer, clock=utc_now, firm=firm)

    def _scan_loop(self) -> None:
        """GuardDuty scans new objects within seconds; so does the local scanner."""
        s3 = boto3.client("s3", **self._boto_arguments())
        while not self._stop.wait(SCAN_EVERY_SECONDS):
            with _one_run_fails_alone("malware-scan"):
                scan_new_objects(s3, aws.BUCKET)

    def _boto_arguments(self) -> dict[str, str]:
        return {
            "endpoint_url": self.ports.aws_url,
            "region_name": aws.REGION,
            "aws_access_key_id": "local",
            "aws_secret_access_key": "local",
        }

    def stop(self) -> None:
        """Stop whatever started; safe to call twice."""
        self._stop.set()
        api, self._api = self._api, None
        if api and api.poll() is None:
            os.killpg(api.pid, signal.SIGTERM)  # chalice local and anything it started
            try:
                api.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(api.pid, signal.SIGKILL)
                api.wait()
        site, self._site = self._site, None
        if site:
            site.shutdown()
            site.server_close()
        moto, self._moto = self._moto, None
        if moto:
            moto.stop()

    def __enter__(self) -> LocalStack:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


@contextmanager
def _one_run_fails_alone(task: str) -> Iterator[None]:
    """As a scheduled Lambda does, a failed run is logged and the next one starts afresh: the embedded
    AWS may be resetting, or (in tests) sharing its state with an in-process mock."""
    try:
        yield
    except Exception as error:  # the loop must outlive any one failure
        print(f"{task}: run failed ({type(error).__name__}); trying again shortly", file=sys.stderr, flush=True)
