"""The staff directory: a Cognito user pool whose tokens the backend's staff API verifies.

Only administrators create accounts (no self sign-up); every account needs an authenticator app.
The backend learns the pool through STAFF_JWKS_URL, STAFF_ISSUER and STAFF_AUDIENCE.
"""

from __future__ import annotations

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_cognito as cognito
from constructs import Construct

GROUPS = {
    "handler": "Handles complaints: reads, answers, records each step",
    "supervisor": "Oversees handling: reassigns, approves final responses, reads the register",
}


class StaffDirectory(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, pool_name: str, site_origin: str) -> None:
        super().__init__(scope, construct_id)
        self.pool = cognito.UserPool(
            self,
            "Pool",
            user_pool_name=pool_name,
            self_sign_up_enabled=False,
            sign_in_aliases=cognito.SignInAliases(email=True),
            mfa=cognito.Mfa.REQUIRED,
            mfa_second_factor=cognito.MfaSecondFactor(otp=True, sms=False),
            password_policy=cognito.PasswordPolicy(
                min_length=14, require_digits=True, require_lowercase=True, require_uppercase=True
            ),
            account_recovery=cognito.AccountRecovery.EMAIL_ONLY,
            deletion_protection=True,
            removal_policy=RemovalPolicy.RETAIN,
        )
        for name, description in GROUPS.items():
            cognito.CfnUserPoolGroup(
                self,
                f"{name.capitalize()}Group",
                user_pool_id=self.pool.user_pool_id,
                group_name=name,
                description=description,
            )
        # A public client (the staff pages run in the browser): code flow with PKCE, no secret.
        staff_pages = f"{site_origin}/staff/"
        self.client = self.pool.add_client(
            "Client",
            generate_secret=False,
            auth_flows=cognito.AuthFlow(user_srp=True),
            o_auth=cognito.OAuthSettings(
                flows=cognito.OAuthFlows(authorization_code_grant=True),
                scopes=[cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL],
                callback_urls=[staff_pages],
                logout_urls=[staff_pages],
            ),
            prevent_user_existence_errors=True,
            enable_token_revocation=True,
            id_token_validity=Duration.hours(1),
            access_token_validity=Duration.hours(1),
            refresh_token_validity=Duration.hours(12),
        )

    @property
    def issuer(self) -> str:
        return self.pool.user_pool_provider_url

    @property
    def jwks_url(self) -> str:
        return f"{self.issuer}/.well-known/jwks.json"

    @property
    def audience(self) -> str:
        return self.client.user_pool_client_id
