"""Staff tokens: RS256 JWTs checked against published keys (a JWKS).

In AWS the keys are the Cognito user pool's; under `make run` they are a development key pair
the local stack writes (devstack/staff_keys.py). Either way the same check runs inside Chalice's
built-in authorizer, which chalice local enforces as API Gateway does: a missing token is 401,
and an invalid, expired, tampered or wrong-role token gets no route (403).
"""

from __future__ import annotations

import json
import urllib.parse
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..services.handling import StaffMember

if TYPE_CHECKING:
    import jwt

# PyJWT (and the cryptography it loads) is imported where a token is checked, not at module level:
# the customer routes share the Lambda package and need neither on a cold start.

ROLES = ("supervisor", "handler")  # Cognito groups, strongest first
CLOCK_SKEW_SECONDS = 30


@dataclass(frozen=True)
class TokenSettings:
    jwks_url: str  # https://cognito-idp.<region>.amazonaws.com/<pool>/.well-known/jwks.json, or file:// locally
    issuer: str
    client_id: str


class TokenRefused(Exception):
    pass


@lru_cache(maxsize=4)
def _remote_keys(jwks_url: str) -> jwt.PyJWKClient:
    import jwt

    return jwt.PyJWKClient(jwks_url, cache_keys=True, lifespan=3600)


def _signing_key(jwks_url: str, token: str) -> Any:
    """The public key a token names (by `kid`), from the user pool's JWKS or, locally, a JWKS file."""
    import jwt

    if not jwks_url.startswith("file://"):
        return _remote_keys(jwks_url).get_signing_key_from_jwt(token).key
    kid = jwt.get_unverified_header(token).get("kid")
    with open(urllib.parse.urlparse(jwks_url).path, encoding="utf-8") as handle:
        keys = jwt.PyJWKSet.from_dict(json.load(handle))
    return next((key.key for key in keys.keys if key.key_id == kid), None) or _no_key()


def _no_key() -> Any:
    raise TokenRefused("no published key has this token's kid")


def verify(token: str, settings: TokenSettings) -> StaffMember:
    """The staff member a token names, or TokenRefused."""
    import jwt

    token = token.removeprefix("Bearer ").strip()
    try:
        claims: dict[str, Any] = jwt.decode(
            token,
            key=_signing_key(settings.jwks_url, token),
            algorithms=["RS256"],
            issuer=settings.issuer,
            leeway=CLOCK_SKEW_SECONDS,
            options={"require": ["exp", "iat", "iss", "sub"], "verify_aud": False},
        )
    except (jwt.PyJWTError, ValueError, OSError) as error:
        raise TokenRefused(type(error).__name__) from error
    # Cognito access tokens carry the app client in client_id and say what they are in token_use.
    if claims.get("token_use") != "access" or claims.get("client_id") != settings.client_id:
        raise TokenRefused("not an access token of this app")
    # A list of whole names: `in` on a string would match "supervisor" inside "not-a-supervisor".
    groups = claims.get("cognito:groups")
    if not isinstance(groups, list) or not all(isinstance(group, str) for group in groups):
        raise TokenRefused("cognito:groups is not a list of names")
    role = next((role for role in ROLES if role in groups), None)
    if role is None:
        raise TokenRefused("no staff role")
    return StaffMember(user=str(claims.get("username") or claims["sub"]), role=role)  # type: ignore[arg-type]
