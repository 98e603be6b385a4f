"""Staff tokens: RS256 JWTs checked against published keys (a JWKS).

In AWS the keys are the Cognito user pool's; under `make run` they are a development key pair
the local stack writes (devstack/staff_keys.py). Either way the same check runs inside Chalice's
built-in authorizer, which chalice local enforces as API Gateway does: a missing token is 401,
and an invalid, expired, tampered or wrong-role token gets no route (403).

The check is the standard library's (issue 13): the Lambda package ships without PyJWT and
cryptography. RS256 is RSASSA-PKCS1-v1_5 with SHA-256 (RFC 7518 3.3, RFC 8017 8.2.2): the
signature, raised to the key's public exponent modulo n, must equal byte for byte the one
encoding of the token's SHA-256 digest. Nothing is parsed out of the decrypted block.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
import urllib.parse
from typing import Any

from ..domain.value import frozen
from ..services.handling import StaffMember

ROLES = ("supervisor", "handler")  # Cognito groups, strongest first
CLOCK_SKEW_SECONDS = 30
ALGORITHM = "RS256"
MIN_MODULUS_BITS = 2048  # Cognito's keys are 2048-bit; anything shorter is refused
KEYS_LIFESPAN_SECONDS = 3600
KEYS_REFETCH_SECONDS = 60  # an unknown kid refetches the JWKS (key rotation), at most this often
JWKS_TIMEOUT_SECONDS = 5
MAX_TOKEN_CHARS = 16_384
# DER of DigestInfo{sha256, NULL} before the 32-byte digest (RFC 8017 9.2, note 1).
SHA256_DIGEST_INFO = bytes.fromhex("3031300d060960864801650304020105000420")


@frozen
class TokenSettings:
    """Where staff tokens come from: the keys' address, the issuer and the app clients."""

    jwks_url: str  # https://cognito-idp.<region>.amazonaws.com/<pool>/.well-known/jwks.json, or file:// locally
    issuer: str
    client_id: str  # the app clients whose tokens open the staff API, comma-separated (CLI, console)

    @property
    def client_ids(self) -> frozenset[str]:
        return frozenset(part.strip() for part in self.client_id.split(",") if part.strip())


@frozen
class PublicKey:
    """An RSA public key that signs staff tokens."""

    n: int
    e: int

    @property
    def size(self) -> int:
        return (self.n.bit_length() + 7) // 8


class TokenRefused(Exception):
    pass


_fetched: dict[str, tuple[float, dict[str, PublicKey]]] = {}  # remote JWKS by URL: (when, keys by kid)


def _b64decode(segment: str) -> bytes:
    if not segment.isascii() or "=" in segment:
        raise TokenRefused("not base64url")
    try:
        return base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4))
    except (binascii.Error, ValueError) as error:
        raise TokenRefused("not base64url") from error


def _json_object(segment: str) -> dict[str, Any]:
    try:
        value = json.loads(_b64decode(segment))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise TokenRefused("not JSON") from error
    if not isinstance(value, dict):
        raise TokenRefused("not a JSON object")
    return value


def _integer(value: Any) -> int:
    if not isinstance(value, str) or not value:
        raise TokenRefused("a key member is not base64url")
    return int.from_bytes(_b64decode(value), "big")


def parse_keys(jwks: Any) -> dict[str, PublicKey]:
    """The RSA signing keys of a JWKS by kid; keys of another type, use or algorithm are left out."""
    keys: dict[str, PublicKey] = {}
    entries = jwks.get("keys") if isinstance(jwks, dict) else None
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict) or entry.get("kty") != "RSA" or not isinstance(entry.get("kid"), str):
            continue
        if entry.get("use", "sig") != "sig" or entry.get("alg", ALGORITHM) != ALGORITHM:
            continue
        key = PublicKey(n=_integer(entry.get("n")), e=_integer(entry.get("e")))
        if key.n.bit_length() >= MIN_MODULUS_BITS and key.e >= 3 and key.e % 2 == 1:
            keys[entry["kid"]] = key
    return keys


def _read_keys(jwks_url: str) -> dict[str, PublicKey]:
    try:
        if jwks_url.startswith("file://"):
            with open(urllib.parse.urlparse(jwks_url).path, encoding="utf-8") as handle:
                return parse_keys(json.load(handle))
        if not jwks_url.startswith("https://"):
            raise TokenRefused("the JWKS address is not https")
        from urllib.request import urlopen  # http.client, ssl, email: only to fetch the pool's keys

        with urlopen(jwks_url, timeout=JWKS_TIMEOUT_SECONDS) as response:  # noqa: S310 - https only
            return parse_keys(json.load(response))
    except (OSError, ValueError) as error:  # unreachable, or not JSON
        raise TokenRefused(f"keys unavailable: {type(error).__name__}") from error


def _key(jwks_url: str, kid: str) -> PublicKey:
    """The published key with this kid. A local file is read each time; a remote JWKS is cached."""
    if jwks_url.startswith("file://"):
        key = _read_keys(jwks_url).get(kid)
    else:
        now = time.monotonic()
        fetched_at, keys = _fetched.get(jwks_url, (float("-inf"), {}))
        stale = now - fetched_at > KEYS_LIFESPAN_SECONDS
        if stale or (kid not in keys and now - fetched_at > KEYS_REFETCH_SECONDS):
            keys = _read_keys(jwks_url)
            _fetched[jwks_url] = (now, keys)
        key = keys.get(kid)
    if key is None:
        raise TokenRefused("no published key has this token's kid")
    return key


def rs256_valid(signing_input: bytes, signature: bytes, key: PublicKey) -> bool:
    """RSASSA-PKCS1-v1_5 verification with SHA-256 (RFC 8017 8.2.2), by comparing whole encodings."""
    if len(signature) != key.size:
        return False
    s = int.from_bytes(signature, "big")
    if s >= key.n:
        return False
    encoded = pow(s, key.e, key.n).to_bytes(key.size, "big")
    digest_info = SHA256_DIGEST_INFO + hashlib.sha256(signing_input).digest()
    padding = key.size - len(digest_info) - 3
    expected = b"\x00\x01" + b"\xff" * padding + b"\x00" + digest_info
    return padding >= 8 and hmac.compare_digest(encoded, expected)


def _number(claims: dict[str, Any], name: str) -> float:
    value = claims.get(name)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TokenRefused(f"{name} is not a number")
    return float(value)


def decode(token: str, settings: TokenSettings, now: float) -> dict[str, Any]:
    """The claims of a token signed by a published key, unexpired and of this issuer."""
    if not isinstance(token, str) or len(token) > MAX_TOKEN_CHARS or token.count(".") != 2:
        raise TokenRefused("not a JWT")
    header_segment, claims_segment, signature_segment = token.split(".")
    header = _json_object(header_segment)
    if header.get("alg") != ALGORITHM:  # never "none", never HS256 keyed with the public key
        raise TokenRefused("algorithm is not RS256")
    if "crit" in header:
        raise TokenRefused("critical header extensions are not understood")
    kid = header.get("kid")
    if not isinstance(kid, str):
        raise TokenRefused("no kid")
    key = _key(settings.jwks_url, kid)
    signing_input = f"{header_segment}.{claims_segment}".encode("ascii")
    if not rs256_valid(signing_input, _b64decode(signature_segment), key):
        raise TokenRefused("bad signature")
    claims = _json_object(claims_segment)
    if now > _number(claims, "exp") + CLOCK_SKEW_SECONDS:
        raise TokenRefused("expired")
    if _number(claims, "iat") > now + CLOCK_SKEW_SECONDS:
        raise TokenRefused("issued in the future")
    if "nbf" in claims and _number(claims, "nbf") > now + CLOCK_SKEW_SECONDS:
        raise TokenRefused("not yet valid")
    if claims.get("iss") != settings.issuer:
        raise TokenRefused("another issuer")
    if not isinstance(claims.get("sub"), str) or not claims["sub"]:
        raise TokenRefused("no subject")
    return claims


def verify(token: str, settings: TokenSettings) -> StaffMember:
    """The staff member a token names, or TokenRefused."""
    if not isinstance(token, str):
        raise TokenRefused("not a JWT")
    claims = decode(token.removeprefix("Bearer ").strip(), settings, time.time())
    # Cognito access tokens carry the app client in client_id and say what they are in token_use.
    client = claims.get("client_id")
    if claims.get("token_use") != "access" or not isinstance(client, str) or client not in settings.client_ids:
        raise TokenRefused("not an access token of this app")
    # A list of whole names: `in` on a string would match "supervisor" inside "not-a-supervisor".
    groups = claims.get("cognito:groups")
    if not isinstance(groups, list) or not all(isinstance(group, str) for group in groups):
        raise TokenRefused("cognito:groups is not a list of names")
    role = next((role for role in ROLES if role in groups), None)
    if role is None:
        raise TokenRefused("no staff role")
    return StaffMember(user=str(claims.get("username") or claims["sub"]), role=role)  # type: ignore[arg-type]
