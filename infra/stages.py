"""The deployment stages (staging, prod): what differs between them, read from stages.toml.

Values the firm already states in backend/chalicelib/config/firm.toml are taken from there
unless a stage overrides them, so the site's address and the sender exist in one place.
"""

from __future__ import annotations

import sys
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from chalicelib.config.firm import load_firm
from chalicelib.domain.firm import Firm

STAGES_FILE = Path(__file__).with_name("stages.toml")
APP_NAME = "complaints"
# CloudFront accepts ACM certificates from this region only.
CERTIFICATE_REGION = "us-east-1"


@dataclass(frozen=True)
class Stage:
    name: str
    region: str
    site_domain: str
    certificate_arn: str
    sender_email: str
    handlers_email: str
    alarm_email: str | None
    policy_profile: str
    submissions_per_hour: int
    throttle_rate: int
    throttle_burst: int
    submissions_per_address_per_day: int = 10  # acknowledgements one mailbox can be sent a day

    @property
    def stack_name(self) -> str:
        return f"{APP_NAME}-{self.name}"

    @property
    def site_origin(self) -> str:
        return f"https://{self.site_domain}"

    @property
    def sender_domain(self) -> str:
        """The SES identity: the sender's whole domain, so DKIM signs every address in it."""
        return self.sender_email.rpartition("@")[2]

    def resource_name(self, purpose: str) -> str:
        """A physical name that cannot clash between two stages in one account."""
        return f"{self.stack_name}-{purpose}"


def _firm_defaults(firm: Firm) -> dict[str, Any]:
    return {
        "site_domain": urlsplit(firm.site_url).hostname,
        "sender_email": firm.complaints_email,
        "handlers_email": firm.complaints_email,
        "policy_profile": firm.profile,
        "alarm_email": None,
    }


def _stage(name: str, values: dict[str, object], firm: Firm) -> Stage:
    known = {field.name for field in fields(Stage)} - {"name"}
    unknown = set(values) - known
    if unknown:
        raise ValueError(f"stage {name}: unknown settings {sorted(unknown)} (known: {sorted(known)})")
    settings: dict[str, Any] = {**_firm_defaults(firm), **values}
    stage = Stage(name=name, **settings)
    if stage.certificate_arn.split(":")[3] != CERTIFICATE_REGION:
        raise ValueError(f"stage {name}: certificate_arn must be in {CERTIFICATE_REGION} for CloudFront")
    return stage


def load_stages(path: Path = STAGES_FILE, firm: Firm | None = None) -> tuple[Stage, ...]:
    with path.open("rb") as handle:
        table = tomllib.load(handle)
    firm = firm or load_firm()
    return tuple(_stage(name, values, firm) for name, values in table.items())


def main(arguments: list[str]) -> None:
    """`python -m infra.stages STAGE`: the stage's region and policy profile as GitHub step outputs,
    so the deployment builds the site under the profile the stack gives the backend."""
    (name,) = arguments
    stages = {stage.name: stage for stage in load_stages()}
    if name not in stages:
        raise SystemExit(f"unknown stage {name!r} (stages: {', '.join(sorted(stages))})")
    stage = stages[name]
    print(f"region={stage.region}")
    print(f"policy_profile={stage.policy_profile}")


if __name__ == "__main__":
    main(sys.argv[1:])
