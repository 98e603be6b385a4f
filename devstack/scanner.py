"""The local stand-in for GuardDuty Malware Protection for S3: it scans new objects and writes
the same tag GuardDuty writes (GuardDutyMalwareScanStatus), so the backend reads verdicts the same
way under `make run` as in AWS. It knows one signature: the EICAR test file."""

from __future__ import annotations

from typing import Any

from chalicelib.adapters.s3 import CLEAN, INFECTED, SCAN_TAG

EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


def scan_new_objects(client: Any, bucket: str, prefix: str = "complaints/") -> int:
    """Tag every object under `prefix` that has no verdict yet; returns how many were scanned."""
    scanned = 0
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
        for item in page.get("Contents", []):
            key = item["Key"]
            tags = client.get_object_tagging(Bucket=bucket, Key=key)["TagSet"]
            if any(tag["Key"] == SCAN_TAG for tag in tags):
                continue
            content = client.get_object(Bucket=bucket, Key=key)["Body"].read()
            verdict = INFECTED if EICAR in content else CLEAN
            client.put_object_tagging(Bucket=bucket, Key=key, Tagging={"TagSet": [{"Key": SCAN_TAG, "Value": verdict}]})
            scanned += 1
    return scanned
