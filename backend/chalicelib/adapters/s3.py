"""Attachments in a private S3 bucket: presigned uploads and downloads, moves, malware verdicts.

In AWS, GuardDuty Malware Protection for S3 scans every new object and tags it with
`GuardDutyMalwareScanStatus`; files are released to handlers only once that tag says
NO_THREATS_FOUND. Under `make run` a local scanner writes the same tag (devstack/scanner.py).
"""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote

from botocore.exceptions import BotoCoreError, ClientError

from .ports import FileUnavailable, PresignedUpload

SCAN_TAG = "GuardDutyMalwareScanStatus"
CLEAN, INFECTED = "NO_THREATS_FOUND", "THREATS_FOUND"
UPLOAD_SECONDS = 15 * 60
DOWNLOAD_SECONDS = 5 * 60


class S3FileStore:
    def __init__(self, client: Any, bucket: str):
        self.client = client  # a boto3 "s3" client, signature version 4
        self.bucket = bucket

    def upload_url(self, key: str, content_type: str, size: int, now: datetime) -> PresignedUpload:
        # If-None-Match: * makes S3 refuse the PUT when the key exists: an upload cannot overwrite.
        # Content-Length and Content-Type are signed: S3 refuses a body of any other size or type.
        url = self.client.generate_presigned_url(
            "put_object",
            Params={
                "Bucket": self.bucket,
                "Key": key,
                "ContentType": content_type,
                "ContentLength": size,
                "IfNoneMatch": "*",
            },
            ExpiresIn=UPLOAD_SECONDS,
        )
        headers = {"Content-Type": content_type, "If-None-Match": "*"}
        return PresignedUpload(url=url, headers=headers, expires_at=now + timedelta(seconds=UPLOAD_SECONDS))

    def download_url(self, key: str, filename: str, content_type: str, now: datetime) -> str:
        # RFC 6266: an ASCII fallback name, and the real one percent-encoded in UTF-8.
        fallback = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode().replace('"', "'")
        disposition = f"attachment; filename=\"{fallback or 'file'}\"; filename*=UTF-8''{quote(filename)}"
        return str(
            self.client.generate_presigned_url(
                "get_object",
                Params={
                    "Bucket": self.bucket,
                    "Key": key,
                    "ResponseContentType": content_type,
                    "ResponseContentDisposition": disposition,
                },
                ExpiresIn=DOWNLOAD_SECONDS,
            )
        )

    def size(self, key: str) -> int | None:
        try:
            return int(self._call("head_object", Bucket=self.bucket, Key=key)["ContentLength"])
        except FileNotFoundError:
            return None

    def read(self, key: str, limit: int | None = None) -> bytes:
        arguments: dict[str, Any] = {"Bucket": self.bucket, "Key": key}
        if limit is not None:
            arguments["Range"] = f"bytes=0-{limit - 1}"
        return bytes(self._call("get_object", **arguments)["Body"].read())

    def move(self, source: str, target: str) -> None:
        self._call(
            "copy_object",
            Bucket=self.bucket,
            Key=target,
            CopySource={"Bucket": self.bucket, "Key": source},
            TaggingDirective="COPY",
        )
        self.delete(source)

    def delete(self, key: str) -> None:
        self._call("delete_object", Bucket=self.bucket, Key=key)

    def keys(self, prefix: str) -> list[str]:
        found: list[str] = []
        token: dict[str, str] = {}
        while True:  # a page holds at most 1,000 keys
            page = self._call("list_objects_v2", Bucket=self.bucket, Prefix=prefix, **token)
            found += [str(item["Key"]) for item in page.get("Contents", [])]
            if not page.get("IsTruncated"):
                return found
            token = {"ContinuationToken": str(page["NextContinuationToken"])}

    def scan_verdict(self, key: str) -> str:
        try:
            tags = self._call("get_object_tagging", Bucket=self.bucket, Key=key)["TagSet"]
        except FileNotFoundError:
            return "pending"
        status = next((tag["Value"] for tag in tags if tag["Key"] == SCAN_TAG), None)
        if status == CLEAN:
            return "clean"
        return "infected" if status == INFECTED else "pending"

    def _call(self, operation: str, **arguments: Any) -> Any:
        try:
            return getattr(self.client, operation)(**arguments)
        except ClientError as error:
            if error.response["Error"]["Code"] in ("404", "NoSuchKey", "NotFound"):
                raise FileNotFoundError(arguments.get("Key")) from error
            raise FileUnavailable(error.response["Error"]["Code"]) from error
        except BotoCoreError as error:
            raise FileUnavailable(type(error).__name__) from error
