"""One contract for attachment storage, run against the in-memory twin and S3 on a moto server.

S3 is reached over real HTTP here, because presigned URLs are what the browser and the
`complaints download` command use."""

from __future__ import annotations

import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from botocore.config import Config
from chalicelib.adapters.memory import MemoryFileStore
from chalicelib.adapters.s3 import CLEAN, SCAN_TAG, S3FileStore
from moto.server import ThreadedMotoServer

from devstack.addresses import free_port
from tests.support_files import PDF, PNG

NOW = datetime(2026, 11, 23, 9, tzinfo=UTC)


@pytest.fixture(scope="module")
def s3_server() -> Iterator[str]:
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


class FileStoreContract:
    def store(self) -> Any:
        raise NotImplementedError

    def put(self, store: Any, key: str, data: bytes, content_type: str) -> bool:
        """The browser's part: PUT to the presigned URL with the headers it was given."""
        raise NotImplementedError

    def scan(self, store: Any, key: str, status: str) -> None:
        raise NotImplementedError

    def test_an_upload_creates_the_object_and_cannot_overwrite_it(self) -> None:
        """If-None-Match: the second PUT to the same key is refused and the first bytes stay."""
        store = self.store()
        assert self.put(store, "pending/o/1", PNG, "image/png")
        assert not self.put(store, "pending/o/1", PDF, "image/png")
        assert store.size("pending/o/1") == len(PNG)
        assert store.read("pending/o/1") == PNG

    def test_the_first_bytes_are_read_without_the_rest(self) -> None:
        """The type check reads a prefix only."""
        store = self.store()
        self.put(store, "pending/o/2", PDF, "application/pdf")
        assert store.read("pending/o/2", 5) == b"%PDF-"

    def test_a_missing_object_has_no_size(self) -> None:
        """An upload that never completed."""
        assert self.store().size("pending/o/none") is None

    def test_moving_keeps_the_bytes_and_the_scan_verdict(self) -> None:
        """Out of the pending area into the complaint's folder, with its malware tag."""
        store = self.store()
        self.put(store, "pending/o/3", PNG, "image/png")
        assert store.scan_verdict("pending/o/3") == "pending"
        self.scan(store, "pending/o/3", CLEAN)
        store.move("pending/o/3", "complaints/K7M2-QX9P/3")
        assert store.size("pending/o/3") is None
        assert store.read("complaints/K7M2-QX9P/3") == PNG
        assert store.scan_verdict("complaints/K7M2-QX9P/3") == "clean"

    def test_a_deleted_object_is_gone(self) -> None:
        """Refused files are deleted at once."""
        store = self.store()
        self.put(store, "pending/o/4", PNG, "image/png")
        store.delete("pending/o/4")
        assert store.size("pending/o/4") is None

    def test_the_keys_under_a_prefix_are_listed_and_no_others(self) -> None:
        """What a complaint's expiry deletes: every file in its folder, none of a neighbour's."""
        store = self.store()
        for key in ("complaints/K7M2-QX9P/1", "complaints/K7M2-QX9P/2", "complaints/K7M2-QX9Q/1", "pending/o/1"):
            self.put(store, key, PNG, "image/png")
        assert sorted(store.keys("complaints/K7M2-QX9P/")) == ["complaints/K7M2-QX9P/1", "complaints/K7M2-QX9P/2"]
        assert list(store.keys("complaints/A2B3-C4D5/")) == []


class TestMemoryFileStore(FileStoreContract):
    def store(self) -> Any:
        return MemoryFileStore()

    def put(self, store: Any, key: str, data: bytes, content_type: str, declared: int | None = None) -> bool:
        upload = store.upload_url(key, content_type, len(data) if declared is None else declared, NOW)
        return bool(store.put(upload.url.removeprefix("memory://"), data))

    def test_an_upload_of_another_size_than_declared_is_refused(self) -> None:
        """The grant is for the size the browser declared: a bigger body cannot fill storage."""
        store = self.store()
        assert not self.put(store, "pending/o/9", PNG * 1000, "image/png", declared=len(PNG))
        assert store.size("pending/o/9") is None

    def scan(self, store: Any, key: str, status: str) -> None:
        store.tags[key] = status


class TestS3FileStore(FileStoreContract):
    @pytest.fixture(autouse=True)
    def _server(self, s3_server: str) -> None:
        self.endpoint = s3_server

    def store(self) -> Any:
        client = boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name="eu-west-1",
            aws_access_key_id="t",
            aws_secret_access_key="t",
            config=Config(signature_version="s3v4"),
        )
        bucket = f"attachments-{free_port()}"
        client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        return S3FileStore(client, bucket)

    def put(self, store: Any, key: str, data: bytes, content_type: str) -> bool:
        upload = store.upload_url(key, content_type, len(data), NOW)
        request = urllib.request.Request(upload.url, data=data, method="PUT", headers=upload.headers)
        try:
            with urllib.request.urlopen(request, timeout=10):
                return True
        except urllib.error.HTTPError as error:
            if error.code != 412:  # only Precondition Failed (the key exists) is an expected refusal
                raise
            return False

    def test_the_upload_signature_binds_the_declared_size_and_type(self) -> None:
        """S3 refuses a PUT whose Content-Length or Content-Type differs from what was signed (moto does
        not check signatures: STACK-NOTES), so the proof is what the URL signs."""
        upload = self.store().upload_url("pending/o/9", "image/png", 1234, NOW)
        query = parse_qs(urlsplit(upload.url).query)
        assert set(query["X-Amz-SignedHeaders"][0].split(";")) == {
            "content-length",
            "content-type",
            "host",
            "if-none-match",
        }
        assert "Content-Length" not in upload.headers  # the browser sets it from the file; scripts may not

    def scan(self, store: Any, key: str, status: str) -> None:
        store.client.put_object_tagging(
            Bucket=store.bucket, Key=key, Tagging={"TagSet": [{"Key": SCAN_TAG, "Value": status}]}
        )

    def test_a_download_link_serves_the_same_bytes_as_an_attachment(self) -> None:
        """What the handler's command fetches, byte for byte, with the file's name."""
        store = self.store()
        self.put(store, "complaints/K7M2-QX9P/5", PDF, "application/pdf")
        url = store.download_url("complaints/K7M2-QX9P/5", "relevé.pdf", "application/pdf", NOW)
        with urllib.request.urlopen(url, timeout=10) as response:
            assert response.read() == PDF
            assert "attachment" in response.headers["Content-Disposition"]
