"""The staff directory: a Cognito user pool whose access tokens the backend's staff API verifies
(chalicelib/api/tokens.py: issuer, client_id, and the group handler or supervisor).

Only administrators create accounts (no self sign-up); every account needs an authenticator app.
The backend learns the pool through STAFF_JWKS_URL, STAFF_ISSUER and STAFF_AUDIENCE.
"""

from __future__ import annotations

from aws_cdk import Aws, CfnOutput, Duration, Fn, RemovalPolicy, Stack
from aws_cdk import aws_cognito as cognito
from constructs import Construct

ACCESS_TOKEN_HOURS = 1
CONSOLE_PATH = "/staff/"  # the handlers' console on the site's origin (CONTRACT.md section 4)
CONSOLE_SCOPES = (cognito.OAuthScope.OPENID,)
GROUPS = {
    "handler": "Handles complaints: reads, answers, records each step",
    "supervisor": "Oversees handling: reassigns, approves final responses, reads the register",
}


class StaffDirectory(Construct):
    def __init__(self, scope: Construct, construct_id: str, *, pool_name: str, site_origin: str | None = None) -> None:
        """`site_origin`: where the handlers' console lives; with it, the pool gets a hosted sign-in
        domain and the console's app client (authorization code + PKCE, design/console.md)."""
        super().__init__(scope, construct_id)
        self.pool = cognito.UserPool(
            self,
            "Pool",
            user_pool_name=pool_name,
            self_sign_up_enabled=False,
            sign_in_aliases=cognito.SignInAliases(username=True, email=True),  # "alice" in assignments
            sign_in_case_sensitive=False,
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
        # Staff sign in from the `complaints` command (RUNBOOK.md, "Staff accounts"): a public
        # client (no secret) with password + authenticator code, no hosted pages.
        self.client = self.pool.add_client(
            "Client",
            generate_secret=False,
            auth_flows=cognito.AuthFlow(user_password=True, user_srp=True),
            disable_o_auth=True,
            prevent_user_existence_errors=True,
            enable_token_revocation=True,
            # Short-lived access: a stolen token is worth an hour at most; the refresh token carries a
            # working day. The API also asks the pool about each new token (STAFF_ACCOUNT_CHECK), so a
            # disabled or signed-out account is refused within the authorizer's cache time.
            access_token_validity=Duration.hours(ACCESS_TOKEN_HOURS),
            id_token_validity=Duration.hours(ACCESS_TOKEN_HOURS),
            refresh_token_validity=Duration.hours(10),
        )
        self.console_client: cognito.UserPoolClient | None = None
        self.sign_in_domain: cognito.UserPoolDomain | None = None
        if site_origin:
            self._add_console(site_origin, domain_prefix=pool_name)

    def _add_console(self, site_origin: str, *, domain_prefix: str) -> None:
        """The hosted sign-in pages (password and authenticator code, as the pool requires) and a
        public client that only gets tokens by the authorization code, back to the console's page.
        PKCE: the console always sends an S256 challenge (console/session.js)."""
        self.sign_in_domain = self.pool.add_domain(
            "SignIn", cognito_domain=cognito.CognitoDomainOptions(domain_prefix=domain_prefix)
        )
        console = f"{site_origin.rstrip('/')}{CONSOLE_PATH}"
        self.console_client = self.pool.add_client(
            "Console",
            generate_secret=False,  # a browser keeps no secret: PKCE stands in for it
            o_auth=cognito.OAuthSettings(
                flows=cognito.OAuthFlows(authorization_code_grant=True),
                scopes=list(CONSOLE_SCOPES),
                callback_urls=[console],
                logout_urls=[console],
            ),
            supported_identity_providers=[cognito.UserPoolClientIdentityProvider.COGNITO],
            prevent_user_existence_errors=True,
            enable_token_revocation=True,
            access_token_validity=Duration.hours(ACCESS_TOKEN_HOURS),
            id_token_validity=Duration.hours(ACCESS_TOKEN_HOURS),
            refresh_token_validity=Duration.hours(1),  # the console keeps none: Cognito's minimum
        )
        # No password or SRP sign-in through this client: the hosted pages only.
        client = self.console_client.node.default_child
        assert isinstance(client, cognito.CfnUserPoolClient)
        client.explicit_auth_flows = ["ALLOW_REFRESH_TOKEN_AUTH"]
        # What the deploy gives the site's build (STAFF_SIGN_IN_DOMAIN, STAFF_CONSOLE_CLIENT_ID).
        # At the stack's scope, so the outputs keep these names (infra/RUNBOOK.md lists them).
        CfnOutput(Stack.of(self), "ConsoleSignInDomain", value=self.sign_in_domain_url)
        CfnOutput(Stack.of(self), "ConsoleClientId", value=self.console_client.user_pool_client_id)

    @property
    def sign_in_domain_url(self) -> str:
        """https://<prefix>.auth.<region>.amazoncognito.com: the hosted pages and the token endpoint."""
        assert self.sign_in_domain is not None
        return self.sign_in_domain.base_url()

    @property
    def issuer(self) -> str:
        """The `iss` claim of the pool's tokens."""
        return f"https://cognito-idp.{Stack.of(self).region}.{Aws.URL_SUFFIX}/{self.pool.user_pool_id}"

    @property
    def jwks_url(self) -> str:
        return f"{self.issuer}/.well-known/jwks.json"

    @property
    def audience(self) -> str:
        """The app clients whose tokens the staff API accepts (STAFF_AUDIENCE): the command's, and the
        console's when the pool has one, comma-separated (chalicelib/api/tokens.py)."""
        clients = [self.client.user_pool_client_id]
        if self.console_client is not None:
            clients.append(self.console_client.user_pool_client_id)
        return Fn.join(",", clients)
