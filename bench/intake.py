"""An accepted complaint in process (the app under chalice.test.Client) against the same AWS calls
made raw, on the same embedded AWS (devstack's moto server) holding 1,000 complaints: the app's
own cost over the floor of its round trips. The raw calls are the app's own requests, replayed
into a twin table, so both sides write the same items into tables of the same size."""

from __future__ import annotations

import contextlib
import copy
import json
import logging
import os
import time
import uuid
from collections.abc import Iterator
from typing import Any

import boto3
from chalice.test import Client

from devstack import aws
from devstack.addresses import free_port
from tests.support import body

from .measure import Result, median

STORED, RUNS = 1000, 15
TWIN = "complaints-raw"


def _fill(client: Any, table: str) -> None:
    resource = boto3.resource("dynamodb", endpoint_url=client.meta.endpoint_url, region_name=aws.REGION)
    # complaint-sized items under their own keys: the table's size is what slows moto
    with resource.Table(table).batch_writer() as batch:
        for number in range(STORED):
            batch.put_item(Item={"pk": f"FILL#{number}", "sk": "X", "data": "x" * 2000})


def _to_twin(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: (TWIN if k == "TableName" else _to_twin(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [_to_twin(v) for v in value]
    return value


@contextlib.contextmanager
def _logs_discarded() -> Iterator[None]:
    """The app still formats and writes its log lines, as in Lambda, but not onto the bench's table."""
    import chalicelib.log  # noqa: F401 - its handler exists from here on

    handlers = [h for h in logging.getLogger("complaints").handlers if isinstance(h, logging.StreamHandler)]
    with open(os.devnull, "w") as nowhere:
        streams = [handler.setStream(nowhere) for handler in handlers]
        try:
            yield
        finally:
            for handler, stream in zip(handlers, streams, strict=True):
                if stream is not None:
                    handler.setStream(stream)


def run() -> list[Result]:
    with _logs_discarded():
        return _run()


def _run() -> list[Result]:
    port = free_port()
    server = aws.start_moto(port)
    url = f"http://127.0.0.1:{port}"
    os.environ.update(aws.aws_environment(url))
    os.environ.update(SUBMISSIONS_PER_HOUR="100000", CORS_ORIGIN="http://127.0.0.1:8001")
    try:
        aws.bootstrap(url, "http://127.0.0.1:8001")
        dynamodb = aws.client("dynamodb", url)
        from chalicelib.adapters.table_schema import create_table_request

        dynamodb.create_table(**create_table_request(TWIN))
        for table in (aws.TABLE_NAME, TWIN):
            _fill(dynamodb, table)
        made: list[tuple[str, str, dict[str, Any]]] = []
        boto3.setup_default_session()
        session = boto3.DEFAULT_SESSION
        assert session is not None

        def record(model: Any, params: dict[str, Any], **_: Any) -> None:
            made.append((model.service_model.service_name, model.name, copy.deepcopy(params)))

        session.events.register("provide-client-params.*.*", record)
        from chalicelib import settings

        settings.reset()
        from app import app

        # The app writes through boto3's resource layer (typed values): the raw calls do the same.
        resource = boto3.resource("dynamodb", endpoint_url=url, region_name=aws.REGION)
        raw = {"dynamodb": resource.meta.client, "sesv2": aws.client("sesv2", url)}
        app_ms, raw_ms, calls = [], [], 0
        with Client(app, stage_name="test", project_dir=str(aws.__file__).rsplit("/devstack", 1)[0] + "/backend") as c:
            for number in range(RUNS + 1):
                made.clear()
                submission = json.dumps(body(email=f"bench{number}-{uuid.uuid4().hex[:8]}@example.com")).encode()
                headers = {"Content-Type": "application/json", "Idempotency-Key": str(uuid.uuid4())}
                start = time.perf_counter()
                assert c.http.post("/complaints", body=submission, headers=headers).status_code == 201
                elapsed = time.perf_counter() - start
                replay = list(made)
                start = time.perf_counter()
                for service, operation, params in replay:
                    method = getattr(
                        raw[service], "".join("_" + ch.lower() if ch.isupper() else ch for ch in operation)[1:]
                    )
                    method(**(_to_twin(params) if service == "dynamodb" else params))
                if number:  # the first builds the clients
                    app_ms.append(elapsed * 1000)
                    raw_ms.append((time.perf_counter() - start) * 1000)
                    calls = len(replay)
        session.events.unregister("provide-client-params.*.*", record)
    finally:
        server.stop()
    return [
        Result(
            "AWS calls per accepted complaint", "calls", calls, 7, "calls before issue 13", goal=3, goal_of="measured"
        ),
        Result(
            f"intake in process ({STORED} stored)",
            "ms",
            median(app_ms),
            median(raw_ms),
            "its AWS calls made raw",
            goal=1.5,
        ),
    ]
