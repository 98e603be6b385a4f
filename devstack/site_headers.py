"""The site's security headers: served by the local static server, and by CloudFront in AWS
(infra/ reads this module), so the browser tests prove the production policy."""

from __future__ import annotations


def content_security_policy(api_origin: str, upload_origin: str = "", sign_in_origin: str = "") -> str:
    """`upload_origin` is where the browser PUTs attachments (the S3 bucket's endpoint);
    `sign_in_origin` the staff pool's hosted sign-in domain, whose token endpoint the console calls."""
    # No 'unsafe-inline' for scripts: the site ships none inline (tests/site checks it).
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",  # style attributes in theme markup; no script risk
            "img-src 'self' data:",
            "font-src 'self'",
            " ".join(
                ["connect-src 'self'", *(origin for origin in (api_origin, upload_origin, sign_in_origin) if origin)]
            ),
            "manifest-src 'self'",
            "form-action 'self'",
            "base-uri 'self'",
            "frame-ancestors 'none'",
        ]
    )


def security_headers(api_origin: str, upload_origin: str = "", sign_in_origin: str = "") -> dict[str, str]:
    return {
        "Content-Security-Policy": content_security_policy(api_origin, upload_origin, sign_in_origin),
        "X-Content-Type-Options": "nosniff",
        "Referrer-Policy": "no-referrer",
        "X-Frame-Options": "DENY",
        "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=()",
        "Cross-Origin-Opener-Policy": "same-origin",
    }
