"""The staff directory's account check, on moto's Cognito: a disabled or signed-out account's token
stops opening the staff API even though its signature is still valid."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from chalicelib.adapters.cognito import CognitoStaffAccounts
from chalicelib.adapters.memory import MemoryStaffAccounts
from chalicelib.adapters.ports import StaffAccounts

PASSWORD = "Correct-Horse-Battery-9"


class Pool:
    """A user pool with one confirmed handler, as infra/staff.py defines it (password sign-in)."""

    def __init__(self) -> None:
        self.client: Any = boto3.client("cognito-idp")
        self.pool_id = self.client.create_user_pool(PoolName="staff")["UserPool"]["Id"]
        self.app_id = self.client.create_user_pool_client(
            UserPoolId=self.pool_id, ClientName="console", ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH"]
        )["UserPoolClient"]["ClientId"]
        self.client.admin_create_user(UserPoolId=self.pool_id, Username="alice", MessageAction="SUPPRESS")
        self.client.admin_set_user_password(
            UserPoolId=self.pool_id, Username="alice", Password=PASSWORD, Permanent=True
        )

    def sign_in(self) -> str:
        answer = self.client.initiate_auth(
            ClientId=self.app_id,
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters={"USERNAME": "alice", "PASSWORD": PASSWORD},
        )
        return str(answer["AuthenticationResult"]["AccessToken"])

    def disable(self) -> None:
        self.client.admin_disable_user(UserPoolId=self.pool_id, Username="alice")

    def sign_out(self) -> None:
        self.client.admin_user_global_sign_out(UserPoolId=self.pool_id, Username="alice")


class MemoryPool:
    """The twin: the same three moves on an in-memory directory."""

    def __init__(self) -> None:
        self.accounts = MemoryStaffAccounts()
        self.issued = 0

    def sign_in(self) -> str:
        self.issued += 1
        return self.accounts.issue("alice", f"token-{self.issued}")

    def disable(self) -> None:
        self.accounts.disable("alice")

    def sign_out(self) -> None:
        self.accounts.sign_out("alice")


@pytest.fixture(params=["memory", "cognito"])
def directory(request: pytest.FixtureRequest, aws: None) -> Iterator[tuple[Any, StaffAccounts]]:
    if request.param == "memory":
        pool: Any = MemoryPool()
        yield pool, pool.accounts
    else:
        pool = Pool()
        yield pool, CognitoStaffAccounts(pool.client)


def test_an_enabled_account_with_a_current_token_is_active(directory: tuple[Any, StaffAccounts]) -> None:
    """The everyday case: the check lets the handler in."""
    pool, accounts = directory
    assert accounts.is_active(pool.sign_in()) is True


def test_a_disabled_account_is_not_active(directory: tuple[Any, StaffAccounts]) -> None:
    """An administrator disables a leaver: their unexpired token stops working."""
    pool, accounts = directory
    token = pool.sign_in()
    pool.disable()
    assert accounts.is_active(token) is False


def test_a_signed_out_account_is_not_active(directory: tuple[Any, StaffAccounts]) -> None:
    """A global sign-out (a lost laptop) revokes the tokens already issued."""
    pool, accounts = directory
    token = pool.sign_in()
    pool.sign_out()
    assert accounts.is_active(token) is False


def test_a_token_the_directory_never_issued_is_not_active(directory: tuple[Any, StaffAccounts]) -> None:
    """A token signed elsewhere is refused, not waved through."""
    _, accounts = directory
    assert accounts.is_active("never-issued") is False
