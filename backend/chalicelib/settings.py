"""The one place that reads the environment and wires the adapters.

Stage values come from .chalice/config.json (in AWS) or from the local runner's environment.
Clients are built lazily, on first use: not at import time (cold starts, and tests).
"""

from __future__ import annotations

import os
from dataclasses import replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .adapters.dynamodb import DynamoDBComplaintRepository
from .adapters.s3 import S3FileStore
from .adapters.ses import SesMailer
from .config.firm import load_firm
from .domain.complaint import DEFAULT_CATEGORIES
from .domain.profiles import get_profile
from .services.intake import PortalConfig

if TYPE_CHECKING:  # imported where used: only staff requests need them (design/performance.md)
    from .adapters.cognito import CognitoStaffAccounts
    from .api.tokens import TokenSettings

DEFAULT_SITE_ORIGIN = "http://127.0.0.1:8001"
MAX_BODY_BYTES = 64 * 1024  # documented in the API description; far below API Gateway's 10 MB


def _env(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None:
        raise RuntimeError(f"environment variable {name} is not set")
    return value


def cors_origin() -> str:
    return _env("CORS_ORIGIN", DEFAULT_SITE_ORIGIN)


def profile_name() -> str:
    return os.environ.get("POLICY_PROFILE") or load_firm().profile


@lru_cache(maxsize=1)
def portal_config() -> PortalConfig:
    firm = load_firm()
    firm = replace(firm, profile=profile_name(), site_url=os.environ.get("SITE_URL") or firm.site_url)
    return PortalConfig(
        firm=firm,
        profile=get_profile(firm.profile),
        categories=DEFAULT_CATEGORIES + tuple(firm.extra_categories),
        submissions_per_hour=int(_env("SUBMISSIONS_PER_HOUR", "20")),
        submissions_per_address_per_day=int(_env("SUBMISSIONS_PER_ADDRESS_PER_DAY", "10")),
    )


@lru_cache(maxsize=1)
def repository() -> DynamoDBComplaintRepository:
    import boto3  # AWS_ENDPOINT_URL, when set, points boto3 at the embedded AWS

    table: Any = boto3.resource("dynamodb").Table(_env("TABLE_NAME", "complaints"))
    return DynamoDBComplaintRepository(table)


@lru_cache(maxsize=1)
def files() -> S3FileStore:
    import boto3
    from botocore.config import Config

    # Signature version 4: the presigned PUT then binds its Content-Type and If-None-Match headers.
    client = boto3.client("s3", config=Config(signature_version="s3v4", s3={"addressing_style": "path"}))
    return S3FileStore(client, _env("ATTACHMENTS_BUCKET", "complaint-attachments"))


@lru_cache(maxsize=1)
def mailer() -> SesMailer:
    import boto3

    return SesMailer(
        boto3.client("sesv2"),
        sender=_env("SENDER_EMAIL", load_firm().complaints_email),
        configuration_set=os.environ.get("SES_CONFIGURATION_SET") or None,
    )


def staff_token_settings() -> TokenSettings | None:
    """Where staff tokens' keys are published; None (every staff request refused) when unset."""
    from .api.tokens import TokenSettings

    url, issuer, client = (os.environ.get(name) for name in ("STAFF_JWKS_URL", "STAFF_ISSUER", "STAFF_AUDIENCE"))
    return TokenSettings(jwks_url=url, issuer=issuer, client_id=client) if url and issuer and client else None


@lru_cache(maxsize=1)
def staff_accounts() -> CognitoStaffAccounts | None:
    """The directory that says whether a staff token's account still stands (STAFF_ACCOUNT_CHECK=cognito,
    set in AWS); None under `make run`, whose development tokens belong to no directory."""
    if os.environ.get("STAFF_ACCOUNT_CHECK") != "cognito":
        return None
    import boto3

    from .adapters.cognito import CognitoStaffAccounts

    return CognitoStaffAccounts(boto3.client("cognito-idp"))


def handlers_email() -> str:
    """Where the deadline monitor sends its digest."""
    return os.environ.get("HANDLERS_EMAIL") or load_firm().complaints_email


def reset() -> None:
    """Forget every adapter and setting built so far (tests that change the environment or the AWS)."""
    for cached in (portal_config, repository, files, mailer, staff_accounts):
        cached.cache_clear()
