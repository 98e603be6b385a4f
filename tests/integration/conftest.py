"""Integration fixtures: moto's in-process AWS with the production table and sender identity."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import boto3
import pytest
from chalice.test import Client
from chalicelib import settings
from chalicelib.adapters.table_schema import TTL_ATTRIBUTE, create_table_request
from chalicelib.config.firm import load_firm
from moto import mock_aws

from tests.conftest import BACKEND

TABLE = "complaints"
BUCKET = "complaint-attachments"


@pytest.fixture
def aws(aws_credentials: None) -> Iterator[None]:
    """Moto's AWS in this process, with the table (keys, indexes, TTL) and the verified sender."""
    with mock_aws():
        dynamodb = boto3.client("dynamodb")
        dynamodb.create_table(**create_table_request(TABLE))
        dynamodb.update_time_to_live(
            TableName=TABLE, TimeToLiveSpecification={"Enabled": True, "AttributeName": TTL_ATTRIBUTE}
        )
        boto3.client("sesv2").create_email_identity(EmailIdentity=load_firm().complaints_email)
        boto3.client("s3").create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        yield


@pytest.fixture
def table(aws: None) -> Any:
    return boto3.resource("dynamodb").Table(TABLE)


def sent_messages() -> list[Any]:
    """Messages moto's SES accepted in this process."""
    from moto.core import DEFAULT_ACCOUNT_ID
    from moto.ses.models import ses_backends

    return list(ses_backends[DEFAULT_ACCOUNT_ID]["eu-west-1"].sent_messages)


@contextmanager
def app_client() -> Iterator[Client]:
    """Chalice's test client on the real app, with adapters built afresh inside the current AWS."""
    settings.reset()
    from app import app

    with Client(app, stage_name="test", project_dir=str(BACKEND)) as test_client:
        yield test_client
    settings.reset()


@pytest.fixture
def client(aws: None) -> Iterator[Client]:
    with app_client() as test_client:
        yield test_client
