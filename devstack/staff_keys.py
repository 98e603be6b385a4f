"""The development key pair for staff tokens under `make run` and in tests.

The private key signs tokens (`complaints token`); the API only sees the public key, as a JWKS
file, exactly as in AWS it sees the Cognito user pool's published keys.
"""

from __future__ import annotations

import json
from pathlib import Path

import jwt
from chalicelib.api.tokens import TokenSettings
from chalicelib.cli.dev_tokens import DEV_KEY_DESCRIPTION as DESCRIPTION_FILE  # what `complaints token` reads
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

DEV_ISSUER = "https://staff.complaints.invalid/local"
DEV_CLIENT_ID = "complaints-local"
KEY_ID = "local-dev-1"
PRIVATE_KEY_FILE = "staff-signing-key.pem"
JWKS_FILE = "staff-jwks.json"


def write_dev_keys(directory: Path) -> TokenSettings:
    """A fresh key pair in `directory` (private key readable by its owner only)."""
    directory.mkdir(parents=True, exist_ok=True)
    private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = private_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    key_file = directory / PRIVATE_KEY_FILE
    key_file.touch(mode=0o600)
    key_file.write_bytes(pem)
    public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(private_key.public_key()))
    (directory / JWKS_FILE).write_text(json.dumps({"keys": [{**public, "kid": KEY_ID, "alg": "RS256", "use": "sig"}]}))
    settings = dev_settings(directory)
    description = {
        "issuer": settings.issuer,
        "client_id": settings.client_id,
        "key_id": KEY_ID,
        "jwks_url": settings.jwks_url,
    }
    (directory / DESCRIPTION_FILE).write_text(json.dumps(description, indent=2))
    return settings


def dev_settings(directory: Path) -> TokenSettings:
    return TokenSettings(
        jwks_url=(directory / JWKS_FILE).resolve().as_uri(), issuer=DEV_ISSUER, client_id=DEV_CLIENT_ID
    )


def token_environment(settings: TokenSettings) -> dict[str, str]:
    """What the API reads to check staff tokens (settings.staff_token_settings)."""
    return {"STAFF_JWKS_URL": settings.jwks_url, "STAFF_ISSUER": settings.issuer, "STAFF_AUDIENCE": settings.client_id}
