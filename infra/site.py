"""The customer site: MkDocs output in a private bucket, served only by CloudFront, over HTTPS, with
the same security headers the local server sends (devstack/site_headers.py is their one source)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from aws_cdk import Duration, RemovalPolicy
from aws_cdk import aws_certificatemanager as acm
from aws_cdk import aws_cloudfront as cloudfront
from aws_cdk import aws_cloudfront_origins as origins
from aws_cdk import aws_s3 as s3
from constructs import Construct

from devstack.site_headers import security_headers

DIRECTORY_INDEX_CODE = Path(__file__).with_name("directory_index.js")
# Two years, the HSTS preload list's minimum; preload itself is the domain owner's decision.
HSTS_MAX_AGE = Duration.days(730)
NOT_FOUND_PAGE = "/404.html"  # the default language's 404 page (built last, STACK-NOTES.md)


def _enum_member(enum: Any, value: str) -> Any:
    """CloudFront's enum member for a header value: 'no-referrer' -> NO_REFERRER."""
    return enum[value.upper().replace("-", "_")]


def response_headers_behaviour(api_origin: str, upload_origin: str = "", sign_in_origin: str = "") -> dict[str, Any]:
    """ResponseHeadersPolicy arguments carrying security_headers(api_origin, upload_origin,
    sign_in_origin) exactly, plus HSTS.

    CloudFront takes the standard security headers as typed settings and the rest as custom
    headers; a header this mapping does not know goes out as a custom header, never dropped.
    """
    headers = dict(security_headers(api_origin, upload_origin, sign_in_origin))
    if headers.pop("X-Content-Type-Options") != "nosniff":
        raise ValueError("CloudFront can send X-Content-Type-Options: nosniff only")
    security = cloudfront.ResponseSecurityHeadersBehavior(
        content_security_policy=cloudfront.ResponseHeadersContentSecurityPolicy(
            content_security_policy=headers.pop("Content-Security-Policy"), override=True
        ),
        content_type_options=cloudfront.ResponseHeadersContentTypeOptions(override=True),
        frame_options=cloudfront.ResponseHeadersFrameOptions(
            frame_option=_enum_member(cloudfront.HeadersFrameOption, headers.pop("X-Frame-Options")), override=True
        ),
        referrer_policy=cloudfront.ResponseHeadersReferrerPolicy(
            referrer_policy=_enum_member(cloudfront.HeadersReferrerPolicy, headers.pop("Referrer-Policy")),
            override=True,
        ),
        strict_transport_security=cloudfront.ResponseHeadersStrictTransportSecurity(
            access_control_max_age=HSTS_MAX_AGE, include_subdomains=True, preload=False, override=True
        ),
    )
    custom = cloudfront.ResponseCustomHeadersBehavior(
        custom_headers=[
            cloudfront.ResponseCustomHeader(header=name, value=value, override=True) for name, value in headers.items()
        ]
    )
    return {"security_headers_behavior": security, "custom_headers_behavior": custom}


class Site(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        *,
        domain: str,
        certificate_arn: str,
        api_origin: str,
        upload_origin: str,
        headers_policy_name: str,
        sign_in_origin: str = "",  # the staff pool's hosted sign-in (infra/staff.py), for the console
    ) -> None:
        super().__init__(scope, construct_id)
        self.bucket = s3.Bucket(
            self,
            "Bucket",
            block_public_access=s3.BlockPublicAccess.BLOCK_ALL,
            object_ownership=s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
            encryption=s3.BucketEncryption.S3_MANAGED,
            enforce_ssl=True,
            versioned=True,
            # Earlier builds stay restorable for a while (RUNBOOK.md, "Rollback"), then go.
            lifecycle_rules=[s3.LifecycleRule(noncurrent_version_expiration=Duration.days(90))],
            removal_policy=RemovalPolicy.RETAIN,
        )
        headers_policy = cloudfront.ResponseHeadersPolicy(
            self,
            "Headers",
            response_headers_policy_name=headers_policy_name,
            comment="Security headers of devstack/site_headers.py, plus HSTS",
            **response_headers_behaviour(api_origin, upload_origin, sign_in_origin),
        )
        directory_index = cloudfront.Function(
            self,
            "DirectoryIndex",
            code=cloudfront.FunctionCode.from_file(file_path=str(DIRECTORY_INDEX_CODE)),
            runtime=cloudfront.FunctionRuntime.JS_2_0,
            comment="Serves /path/ from /path/index.html",
        )
        not_found = [
            # Through origin access control S3 answers 403 for a missing object (listing is not allowed).
            cloudfront.ErrorResponse(
                http_status=status, response_http_status=404, response_page_path=NOT_FOUND_PAGE, ttl=Duration.minutes(5)
            )
            for status in (403, 404)
        ]
        self.distribution = cloudfront.Distribution(
            self,
            "Distribution",
            comment=f"Complaint portal site ({domain})",
            domain_names=[domain],
            certificate=acm.Certificate.from_certificate_arn(self, "Certificate", certificate_arn),
            minimum_protocol_version=cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
            http_version=cloudfront.HttpVersion.HTTP2_AND_3,
            price_class=cloudfront.PriceClass.PRICE_CLASS_100,  # Europe and North America edges
            default_root_object="index.html",
            error_responses=not_found,
            default_behavior=cloudfront.BehaviorOptions(
                origin=origins.S3BucketOrigin.with_origin_access_control(self.bucket),
                viewer_protocol_policy=cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
                allowed_methods=cloudfront.AllowedMethods.ALLOW_GET_HEAD,
                cache_policy=cloudfront.CachePolicy.CACHING_OPTIMIZED,
                response_headers_policy=headers_policy,
                compress=True,
                function_associations=[
                    cloudfront.FunctionAssociation(
                        function=directory_index, event_type=cloudfront.FunctionEventType.VIEWER_REQUEST
                    )
                ],
            ),
        )
