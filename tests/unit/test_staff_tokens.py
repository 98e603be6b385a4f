"""The staff role comes from a list of group names, matched whole (issue 11, finding 9)."""

from __future__ import annotations

import hashlib
import hmac
import json
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import jwt
import pytest
from chalicelib.api.tokens import TokenRefused, verify

from devstack.staff_keys import JWKS_FILE, KEY_ID, PRIVATE_KEY_FILE, write_dev_keys


def token_with_groups(directory: Path, groups: Any) -> tuple[str, Any]:
    settings = write_dev_keys(directory)
    now = int(time.time())
    claims = {
        "sub": "mallory",
        "username": "mallory",
        "cognito:groups": groups,
        "token_use": "access",
        "client_id": settings.client_id,
        "iss": settings.issuer,
        "iat": now,
        "exp": now + 600,
    }
    pem = (directory / PRIVATE_KEY_FILE).read_bytes()
    return jwt.encode(claims, pem, algorithm="RS256", headers={"kid": KEY_ID}), settings


@pytest.mark.parametrize(
    "groups",
    ["not-a-supervisor", "supervisor", "handlers", ["not-a-supervisor"], ["supervisor", 3], {"supervisor": 1}, None],
)
def test_a_groups_claim_that_is_not_a_list_of_staff_names_gives_no_role(tmp_path: Path, groups: Any) -> None:
    """A string would match by substring ("supervisor" in "not-a-supervisor"): refused, like any odd shape."""
    token, settings = token_with_groups(tmp_path, groups)
    with pytest.raises(TokenRefused):
        verify(token, settings)


@pytest.mark.parametrize(
    ("groups", "role"),
    [(["handler"], "handler"), (["supervisor"], "supervisor"), (["auditors", "handler", "supervisor"], "supervisor")],
)
def test_a_list_of_group_names_gives_the_strongest_staff_role(tmp_path: Path, groups: list[str], role: str) -> None:
    """Other groups are ignored; the strongest staff group wins."""
    token, settings = token_with_groups(tmp_path, groups)
    assert verify(token, settings).role == role


def signed(directory: Path, header: dict[str, Any], claims: dict[str, Any]) -> str:
    """A token with any header, signed RS256 by the development key whatever `alg` says."""
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import padding, rsa

    key = serialization.load_pem_private_key((directory / PRIVATE_KEY_FILE).read_bytes(), password=None)
    assert isinstance(key, rsa.RSAPrivateKey)
    segments = [jwt.utils.base64url_encode(json.dumps(part).encode()).decode() for part in (header, claims)]
    signing_input = ".".join(segments).encode()
    signature = key.sign(signing_input, padding.PKCS1v15(), hashes.SHA256())
    return ".".join([*segments, jwt.utils.base64url_encode(signature).decode()])


def good_claims(directory: Path) -> tuple[dict[str, Any], Any]:
    token, settings = token_with_groups(directory, ["handler"])
    return jwt.decode(token, options={"verify_signature": False}), settings


def test_a_token_whose_header_names_another_algorithm_is_refused_even_when_rs256_signed(tmp_path: Path) -> None:
    """The algorithm is fixed by the server, never taken from the token: none, HS256, RS512 are refused."""
    claims, settings = good_claims(tmp_path)
    assert verify(signed(tmp_path, {"alg": "RS256", "kid": KEY_ID}, claims), settings).role == "handler"
    for alg in ("none", "HS256", "RS512", "rs256", None):
        with pytest.raises(TokenRefused):
            verify(signed(tmp_path, {"alg": alg, "kid": KEY_ID}, claims), settings)


def test_an_hs256_token_keyed_with_the_public_key_is_refused(tmp_path: Path) -> None:
    """The classic confusion: the published key used as an HMAC secret opens nothing."""
    claims, settings = good_claims(tmp_path)
    public = (tmp_path / JWKS_FILE).read_bytes()
    segments = [jwt.utils.base64url_encode(json.dumps(p).encode()) for p in ({"alg": "HS256", "kid": KEY_ID}, claims)]
    signing_input = b".".join(segments)
    mac = jwt.utils.base64url_encode(hmac.new(public, signing_input, hashlib.sha256).digest())
    with pytest.raises(TokenRefused):
        verify((signing_input + b"." + mac).decode(), settings)


def test_a_token_naming_no_published_key_is_refused(tmp_path: Path) -> None:
    """The key is chosen by kid among the published ones: an unknown or missing kid opens nothing."""
    claims, settings = good_claims(tmp_path)
    for header in ({"alg": "RS256", "kid": "other"}, {"alg": "RS256"}, {"alg": "RS256", "kid": 1}):
        with pytest.raises(TokenRefused):
            verify(signed(tmp_path, header, claims), settings)


@pytest.mark.parametrize(
    ("claim", "value"),
    [("exp", None), ("exp", "9999999999"), ("iat", None), ("iat", True), ("iss", None), ("sub", None)],
)
def test_a_token_missing_a_required_claim_or_with_a_mistyped_one_is_refused(
    tmp_path: Path, claim: str, value: Any
) -> None:
    """exp, iat, iss and sub are required, and times are numbers."""
    claims, settings = good_claims(tmp_path)
    changed = {name: v for name, v in claims.items() if name != claim}
    if value is not None:
        changed[claim] = value
    with pytest.raises(TokenRefused):
        verify(signed(tmp_path, {"alg": "RS256", "kid": KEY_ID}, changed), settings)


def test_a_token_issued_in_the_future_or_not_yet_valid_is_refused(tmp_path: Path) -> None:
    """Beyond the clock skew, iat and nbf in the future refuse the token."""
    claims, settings = good_claims(tmp_path)
    for later in ({"iat": time.time() + 3600}, {"nbf": time.time() + 3600}):
        with pytest.raises(TokenRefused):
            verify(signed(tmp_path, {"alg": "RS256", "kid": KEY_ID}, {**claims, **later}), settings)


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda s: s + b"\x00", id="longer"),
        pytest.param(lambda s: s[1:], id="shorter"),
        pytest.param(lambda s: b"\x00" * len(s), id="zero"),
        pytest.param(lambda s: b"\xff" * len(s), id="above-the-modulus"),
        pytest.param(lambda s: s[:-1] + bytes([s[-1] ^ 1]), id="one-bit"),
    ],
)
def test_a_signature_that_is_not_exactly_the_keys_encoding_is_refused(tmp_path: Path, spoil: Any) -> None:
    """Length, range and every byte of the PKCS#1 v1.5 encoding are checked."""
    token, settings = token_with_groups(tmp_path, ["handler"])
    head, _, signature = token.rpartition(".")
    spoiled = jwt.utils.base64url_encode(spoil(jwt.utils.base64url_decode(signature))).decode()
    with pytest.raises(TokenRefused):
        verify(f"{head}.{spoiled}", settings)


def raw_signature(directory: Path, encoded: bytes) -> bytes:
    """The RSA private operation on any block: a signature of exactly that encoding."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = serialization.load_pem_private_key((directory / PRIVATE_KEY_FILE).read_bytes(), password=None)
    assert isinstance(key, rsa.RSAPrivateKey)
    numbers = key.private_numbers()
    size = (numbers.public_numbers.n.bit_length() + 7) // 8
    return pow(int.from_bytes(encoded, "big"), numbers.d, numbers.public_numbers.n).to_bytes(size, "big")


@pytest.mark.parametrize(
    "encode",
    [
        # DigestInfo without the NULL parameters: a valid DER variant, not the one encoding compared.
        pytest.param(
            lambda d, size: (
                b"\x00\x01"
                + b"\xff" * (size - 54)
                + b"\x00"
                + bytes.fromhex("302f300b06096086480165030402010420")
                + d
                + b"\x00\x00"
            ),
            id="digest-info-without-null",
        ),
        # Bleichenbacher 2006: the right prefix and digest, garbage after it where padding should be.
        pytest.param(
            lambda d, size: (
                b"\x00\x01\xff\xff\xff\xff\xff\xff\xff\xff\x00"
                + bytes.fromhex("3031300d060960864801650304020105000420")
                + d
                + b"\x01" * (size - 62)
            ),
            id="garbage-after-digest",
        ),
        pytest.param(
            lambda d, size: (
                b"\x00\x02"
                + b"\xff" * (size - 54)
                + b"\x00"
                + bytes.fromhex("3031300d060960864801650304020105000420")
                + d
            ),
            id="block-type-2",
        ),
        pytest.param(lambda d, size: b"\x00\x01" + b"\xff" * (size - 34) + d, id="bare-digest"),
    ],
)
def test_a_signature_of_any_other_encoding_of_the_digest_is_refused(tmp_path: Path, encode: Any) -> None:
    """A real RSA signature of a block that is not exactly EMSA-PKCS1-v1_5(SHA-256) opens nothing."""
    claims, settings = good_claims(tmp_path)
    segments = [jwt.utils.base64url_encode(json.dumps(p).encode()) for p in ({"alg": "RS256", "kid": KEY_ID}, claims)]
    signing_input = b".".join(segments)
    encoded = encode(hashlib.sha256(signing_input).digest(), 256)
    assert len(encoded) == 256
    signature = jwt.utils.base64url_encode(raw_signature(tmp_path, encoded))
    with pytest.raises(TokenRefused):
        verify((signing_input + b"." + signature).decode(), settings)


def test_the_raw_signature_helper_makes_a_valid_signature_of_the_right_encoding(tmp_path: Path) -> None:
    """The refusals above are of the encoding alone: the same helper with the right block is accepted."""
    claims, settings = good_claims(tmp_path)
    segments = [jwt.utils.base64url_encode(json.dumps(p).encode()) for p in ({"alg": "RS256", "kid": KEY_ID}, claims)]
    signing_input = b".".join(segments)
    info = bytes.fromhex("3031300d060960864801650304020105000420") + hashlib.sha256(signing_input).digest()
    encoded = b"\x00\x01" + b"\xff" * (256 - len(info) - 3) + b"\x00" + info
    signature = jwt.utils.base64url_encode(raw_signature(tmp_path, encoded))
    assert verify((signing_input + b"." + signature).decode(), settings).role == "handler"


def test_staff_tokens_are_checked_without_pyjwt_or_cryptography(tmp_path: Path) -> None:
    """The Lambda package ships neither (issue 13): the check is the standard library's."""
    token, settings = token_with_groups(tmp_path, ["handler"])
    backend = Path(__file__).resolve().parents[2] / "backend"
    probe = (
        "import sys; sys.modules['jwt'] = sys.modules['cryptography'] = None\n"
        "from chalicelib.api.tokens import TokenSettings, verify\n"
        f"settings = TokenSettings({settings.jwks_url!r}, {settings.issuer!r}, {settings.client_id!r})\n"
        f"print(verify({token!r}, settings).role)"
    )
    result = subprocess.run([sys.executable, "-c", probe], cwd=backend, capture_output=True, text=True, check=False)
    assert result.stdout.strip() == "handler", result.stderr
    lines = (backend / "requirements.txt").read_text().lower().splitlines()
    shipped = {line.split("==")[0].strip() for line in lines if line.strip() and not line.startswith("#")}
    assert shipped.isdisjoint({"pyjwt", "cryptography", "cffi"})


def _token_of_client(directory: Path, client_id: str) -> str:
    """A handler's token for `client_id`, signed with the development key already in `directory`."""
    now = int(time.time())
    claims = {
        "sub": "alice",
        "username": "alice",
        "cognito:groups": ["handler"],
        "token_use": "access",
        "client_id": client_id,
        "iss": "https://staff.complaints.invalid/local",
        "iat": now,
        "exp": now + 600,
    }
    pem = (directory / PRIVATE_KEY_FILE).read_bytes()
    return jwt.encode(claims, pem, algorithm="RS256", headers={"kid": KEY_ID})


def test_tokens_of_every_listed_app_client_are_accepted_and_no_other(tmp_path: Path) -> None:
    """STAFF_AUDIENCE lists the pool's app clients (the command's and the console's), comma-separated:
    a token of either opens the staff API, a token of any other client of the pool does not."""
    settings = write_dev_keys(tmp_path)
    both = type(settings)(settings.jwks_url, settings.issuer, f"{settings.client_id},console-client")
    console = _token_of_client(tmp_path, "console-client")
    assert verify(console, both).user == "alice"
    assert verify(_token_of_client(tmp_path, settings.client_id), both).user == "alice"
    with pytest.raises(TokenRefused):
        verify(_token_of_client(tmp_path, "another-client"), both)
    with pytest.raises(TokenRefused):
        verify(console, settings)
