"""The staff directory in AWS: a Cognito user pool, asked whether a token's account still stands.

`GetUser` is authorised by the access token itself (no IAM permission), and Cognito refuses it for
a disabled account or a token revoked by a global sign-out: what a JWT signature alone cannot tell.
"""

from __future__ import annotations

from typing import Any

from botocore.exceptions import BotoCoreError, ClientError

from .ports import StorageUnavailable

REFUSED = frozenset({"NotAuthorizedException", "UserNotFoundException", "UserNotConfirmedException"})


class CognitoStaffAccounts:
    def __init__(self, client: Any):
        self.client = client

    def is_active(self, access_token: str) -> bool:
        try:
            self.client.get_user(AccessToken=access_token)
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in REFUSED:
                return False
            raise StorageUnavailable(f"staff directory: {error}") from error
        except BotoCoreError as error:
            raise StorageUnavailable(f"staff directory: {error}") from error
        return True
