"""Delivery to folders and to S3: create-if-absent, identical re-delivery, conflicts, resume, error mapping.

S3 runs against moto's server on loopback (a real HTTP S3 endpoint, no internet, dummy credentials); what moto
cannot produce (AccessDenied, SlowDown, NoSuchBucket on put, broken connections) comes from botocore's Stubber
or from event hooks on the client.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore import exceptions as bce
from botocore.awsrequest import AWSResponse
from botocore.stub import Stubber

from core.errors import TerminalError, TransientError
from core.exports import deliver
from core.exports.deliver import (
    FolderDestination,
    S3Destination,
    S3Options,
    TerminalDeliveryError,
    TransientDeliveryError,
    destination_for,
    with_retries,
)

MiB = 1024 * 1024
REGION = "us-east-1"


def write(path: Path, data: bytes) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------------------------------------- folder


def test_folder_creates_once_then_reports_identical(tmp_path: Path) -> None:
    src = tmp_path / "render" / "onix.xml"
    sha = write(src, b"<ONIXMessage/>")
    dest = FolderDestination(tmp_path / "out")
    assert dest.exists("p/onix.xml") is None
    assert dest.put("p/onix.xml", src, sha) == "created"
    assert (tmp_path / "out" / "p" / "onix.xml").read_bytes() == b"<ONIXMessage/>"
    assert dest.exists("p/onix.xml") == sha
    assert dest.put("p/onix.xml", src, sha) == "identical"
    assert sorted(p.name for p in (tmp_path / "out" / "p").iterdir()) == ["onix.xml"]  # no temp file left
    assert dest.describe() == str(tmp_path / "out")


def test_folder_refuses_a_different_file_at_the_name(tmp_path: Path) -> None:
    dest = FolderDestination(tmp_path / "out")
    first = tmp_path / "a.csv"
    dest.put("a.csv", first, write(first, b"one"))
    second = tmp_path / "b.csv"
    with pytest.raises(TerminalDeliveryError, match=r"a\.csv") as caught:
        dest.put("a.csv", second, write(second, b"two"))
    assert isinstance(caught.value, TerminalError) and not caught.value.transient
    assert (tmp_path / "out" / "a.csv").read_bytes() == b"one"


def test_folder_failed_copy_leaves_nothing_at_the_final_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "big.jsonl"
    sha = write(src, b"x" * (3 * MiB))

    def half_then_fail(reader: Any, writer: Any) -> str:
        writer.write(reader.read(MiB))
        writer.flush()
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(deliver, "_copy_hashing", half_then_fail)
    dest = FolderDestination(tmp_path / "out")
    with pytest.raises(TransientDeliveryError, match="Deliver again"):
        dest.put("big.jsonl", src, sha)
    assert list((tmp_path / "out").iterdir()) == []  # neither the final name nor the temp file
    monkeypatch.undo()
    assert dest.put("big.jsonl", src, sha) == "created"
    assert dest.exists("big.jsonl") == sha


def test_folder_without_hard_links_still_creates_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_links(*_: object) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    src = tmp_path / "a.txt"
    sha = write(src, b"abc")
    dest = FolderDestination(tmp_path / "out")
    assert dest.put("a.txt", src, sha) == "created"
    assert dest.put("a.txt", src, sha) == "identical"
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["a.txt"]


def test_folder_refuses_a_file_that_changed_after_rendering(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    write(src, b"abc")
    dest = FolderDestination(tmp_path / "out")
    with pytest.raises(TerminalDeliveryError, match="Render the export again"):
        dest.put("a.txt", src, "0" * 64)
    assert list((tmp_path / "out").iterdir()) == []


@pytest.mark.parametrize("key", ["", "../escape.txt", "/abs.txt", "a//b.txt", "a/./b.txt", "a\\b.txt"])
def test_unsafe_keys_are_refused(tmp_path: Path, key: str) -> None:
    src = tmp_path / "a.txt"
    sha = write(src, b"abc")
    with pytest.raises(TerminalDeliveryError, match="not a valid file name"):
        FolderDestination(tmp_path / "out").put(key, src, sha)
    with pytest.raises(TerminalDeliveryError, match="not a valid file name"):
        S3Destination("bucket", "p", client=object()).exists(key)


def test_destination_for(tmp_path: Path) -> None:
    s3 = destination_for("s3://partner-drop/audible/daily/", S3Options(region=REGION))
    assert isinstance(s3, S3Destination)
    assert (s3.bucket, s3.prefix, s3.describe()) == ("partner-drop", "audible/daily", "s3://partner-drop/audible/daily")
    assert destination_for("s3://partner-drop").describe() == "s3://partner-drop"
    folder = destination_for("exports/audible", base=tmp_path)
    assert isinstance(folder, FolderDestination) and folder.root == tmp_path / "exports" / "audible"
    assert destination_for("/srv/drop", base=tmp_path).describe() == "/srv/drop"
    assert destination_for("file:///srv/drop").describe() == "/srv/drop"
    for bad in ("s3://", "sftp://host/drop"):
        with pytest.raises(TerminalDeliveryError):
            destination_for(bad)


# ------------------------------------------------------------------------------------------ retry loop


def test_with_retries_backs_off_deterministically_and_gives_up() -> None:
    sleeps: list[float] = []
    retried: list[int] = []
    calls = 0

    def flaky() -> str:
        nonlocal calls
        calls += 1
        raise TransientDeliveryError("busy")

    with pytest.raises(TransientDeliveryError):
        with_retries(flaky, attempts=7, sleep=sleeps.append, on_retry=lambda n, _: retried.append(n))
    assert calls == 7
    assert sleeps == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]
    assert retried == [1, 2, 3, 4, 5, 6]

    def refused() -> str:
        raise TerminalDeliveryError("no")

    sleeps.clear()
    with pytest.raises(TerminalDeliveryError):
        with_retries(refused, sleep=sleeps.append)
    with pytest.raises(ValueError, match="boom"):
        with_retries(lambda: (_ for _ in ()).throw(ValueError("boom")), sleep=sleeps.append)
    assert sleeps == []
    assert with_retries(lambda: 42, sleep=sleeps.append) == 42


def test_error_classes() -> None:
    assert issubclass(TransientDeliveryError, TransientError) and TransientDeliveryError("x").transient
    assert issubclass(TerminalDeliveryError, TerminalError) and not TerminalDeliveryError("x").transient
    assert issubclass(TransientDeliveryError, deliver.DeliveryError)
    assert issubclass(TerminalDeliveryError, deliver.DeliveryError)


# ------------------------------------------------------------------------------------- S3 (moto server)


@pytest.fixture
def options(moto_url: str, aws_env: None) -> S3Options:
    return S3Options(endpoint_url=moto_url, region=REGION)


@pytest.fixture
def admin(options: S3Options) -> Any:
    """A separate client, for setting up and inspecting the bucket behind the destination's back."""
    return boto3.client("s3", endpoint_url=options.endpoint_url, region_name=REGION)


@pytest.fixture
def bucket(admin: Any) -> str:
    name = f"drop-{uuid.uuid4().hex[:12]}"
    admin.create_bucket(Bucket=name)
    return name


@pytest.fixture
def dest(bucket: str, options: S3Options) -> S3Destination:
    return S3Destination(bucket, "partner/daily", options)


class Calls:
    """What the destination's client did: API calls with their keys, HTTP statuses, and requests sent."""

    def __init__(self, client: Any) -> None:
        self.api: list[tuple[str, str | None]] = []
        self.status: list[tuple[str, int]] = []
        self.sent: list[str] = []
        self.params: dict[str, list[dict[str, Any]]] = {}
        events = client.meta.events
        events.register("before-parameter-build.s3", self._api)
        events.register("after-call.s3", self._after)
        events.register("before-send.s3", self._send)

    def _api(self, params: dict[str, Any], model: Any, **_: Any) -> None:
        self.api.append((model.name, params.get("Key")))
        self.params.setdefault(model.name, []).append(dict(params))

    def _after(self, http_response: Any, model: Any, **_: Any) -> None:
        self.status.append((model.name, http_response.status_code))

    def _send(self, event_name: str, **_: Any) -> None:
        self.sent.append(event_name.rsplit(".", 1)[-1])

    def ops(self) -> list[str]:
        return [op for op, _ in self.api]

    def uploads(self) -> list[str]:
        return [str(key).rsplit("/", 1)[-1] for op, key in self.api if op in {"PutObject", "CreateMultipartUpload"}]


def test_s3_conditional_put_creates_once(tmp_path: Path, dest: S3Destination, admin: Any, bucket: str) -> None:
    src = tmp_path / "onix.xml"
    sha = write(src, b"<ONIXMessage release='3.1'/>")
    calls = Calls(dest.client)
    assert dest.exists("onix.xml") is None
    assert dest.put("onix.xml", src, sha) == "created"
    head = admin.head_object(Bucket=bucket, Key="partner/daily/onix.xml")
    assert head["Metadata"] == {"sha256": sha}
    assert dest.put("onix.xml", src, sha) == "identical"
    # The second put was refused by the server (412), then compared: not an overwrite.
    assert calls.status == [("HeadObject", 404), ("PutObject", 200), ("PutObject", 412), ("HeadObject", 200)]
    assert all(p["IfNoneMatch"] == "*" for p in calls.params["PutObject"])
    again = admin.head_object(Bucket=bucket, Key="partner/daily/onix.xml")
    assert (again["LastModified"], again["ETag"]) == (head["LastModified"], head["ETag"])
    assert dest.exists("onix.xml") == sha
    assert dest.describe() == f"s3://{bucket}/partner/daily"


def test_s3_refuses_a_different_file_at_the_key(tmp_path: Path, dest: S3Destination, admin: Any, bucket: str) -> None:
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    dest.put("a.csv", first, write(first, b"one"))
    with pytest.raises(TerminalDeliveryError, match=re.escape(f"s3://{bucket}/partner/daily/a.csv")) as caught:
        dest.put("a.csv", second, write(second, b"two"))
    assert "Nothing was overwritten" in caught.value.detail
    assert admin.get_object(Bucket=bucket, Key="partner/daily/a.csv")["Body"].read() == b"one"


def test_s3_exists_refuses_an_object_it_cannot_compare(dest: S3Destination, admin: Any, bucket: str) -> None:
    admin.put_object(Bucket=bucket, Key="partner/daily/foreign.txt", Body=b"hand-made")
    with pytest.raises(TerminalDeliveryError, match="no sha256 metadata"):
        dest.exists("foreign.txt")


@pytest.mark.parametrize("checksum", ["when_supported", "when_required"])
def test_s3_multipart_upload(tmp_path: Path, options: S3Options, admin: Any, bucket: str, checksum: str) -> None:
    dest = S3Destination(bucket, "big", S3Options(endpoint_url=options.endpoint_url, region=REGION,
                                                  checksum=checksum))  # type: ignore[arg-type]  # fmt: skip
    data = os.urandom(12 * MiB + 123)
    src = tmp_path / "full.parquet"
    sha = write(src, data)
    calls = Calls(dest.client)
    assert dest.put("full.parquet", src, sha) == "created"
    ops = [op for op in calls.ops() if op != "HeadObject"]
    assert ops == ["CreateMultipartUpload", "UploadPart", "UploadPart", "UploadPart", "CompleteMultipartUpload"]
    assert calls.params["CompleteMultipartUpload"][0]["IfNoneMatch"] == "*"
    with_crc = [p.get("ChecksumAlgorithm") for p in calls.params["UploadPart"]]
    assert with_crc == (["CRC32"] * 3 if checksum == "when_supported" else [None] * 3)
    obj = admin.get_object(Bucket=bucket, Key="big/full.parquet")
    assert obj["Metadata"] == {"sha256": sha}
    assert hashlib.sha256(obj["Body"].read()).hexdigest() == sha
    assert dest.exists("full.parquet") == sha
    # Delivered again: compared from the metadata, no bytes sent.
    calls.api.clear()
    assert dest.put("full.parquet", src, sha) == "identical"
    assert calls.ops() == ["HeadObject"]


def test_s3_multipart_complete_is_conditional_and_aborts(
    tmp_path: Path, dest: S3Destination, admin: Any, bucket: str
) -> None:
    src = tmp_path / "full.xml"
    sha = write(src, b"a" * (6 * MiB))
    calls = Calls(dest.client)

    def racer(**_: Any) -> None:  # another writer finishes first, between the parts and the completion
        admin.put_object(Bucket=bucket, Key="partner/daily/full.xml", Body=b"b", Metadata={"sha256": "f" * 64})

    dest.client.meta.events.register("before-parameter-build.s3.CompleteMultipartUpload", racer)
    with pytest.raises(TerminalDeliveryError, match="A different file is already at"):
        dest.put("full.xml", src, sha)
    assert ("CompleteMultipartUpload", 412) in calls.status
    assert "AbortMultipartUpload" in calls.ops()
    assert admin.list_multipart_uploads(Bucket=bucket).get("Uploads") is None
    assert admin.get_object(Bucket=bucket, Key="partner/daily/full.xml")["Body"].read() == b"b"


def test_s3_client_never_retries_by_itself(tmp_path: Path, dest: S3Destination) -> None:
    config = dest.client.meta.config
    assert config.retries["total_max_attempts"] == 1
    assert (config.connect_timeout, config.read_timeout) == (deliver.CONNECT_TIMEOUT, deliver.READ_TIMEOUT)
    assert config.request_checksum_calculation == config.response_checksum_validation == "when_supported"
    calls = Calls(dest.client)

    def busy(**_: Any) -> AWSResponse:
        return AWSResponse("http://s3", 503, {}, _Raw(b"<Error><Code>ServiceUnavailable</Code></Error>"))

    dest.client.meta.events.register("before-send.s3.PutObject", busy)
    src = tmp_path / "a.txt"
    with pytest.raises(TransientDeliveryError, match="ServiceUnavailable"):
        dest.put("a.txt", src, write(src, b"abc"))
    assert calls.sent == ["PutObject"]  # one request: the retry loop is ours alone


class _Raw:
    def __init__(self, body: bytes) -> None:
        self.body = body

    def stream(self, **_: Any) -> Iterator[bytes]:
        yield self.body


# ------------------------------------------------------------------- error paths moto cannot produce


@pytest.fixture
def stubbed(dest: S3Destination) -> Iterator[tuple[S3Destination, Stubber]]:
    with Stubber(dest.client) as stubber:
        yield dest, stubber


@pytest.mark.parametrize(
    ("code", "status", "hint"),
    [
        ("AccessDenied", 403, "s3:PutObject"),
        ("InvalidAccessKeyId", 403, "AWS_ACCESS_KEY_ID"),
        ("SignatureDoesNotMatch", 403, "AWS_SECRET_ACCESS_KEY"),
        ("NoSuchBucket", 404, "Create it, or correct the bucket name"),
        ("NotImplemented", 501, "conditional writes"),
    ],
)
def test_terminal_s3_errors_are_not_retried(
    tmp_path: Path, stubbed: tuple[S3Destination, Stubber], code: str, status: int, hint: str
) -> None:
    dest, stubber = stubbed
    stubber.add_client_error("put_object", service_error_code=code, http_status_code=status)
    src = tmp_path / "a.txt"
    sha = write(src, b"abc")
    sleeps: list[float] = []
    with pytest.raises(TerminalDeliveryError, match=hint) as caught:
        with_retries(lambda: dest.put("a.txt", src, sha), sleep=sleeps.append)
    assert sleeps == []
    stubber.assert_no_pending_responses()
    if code == "NoSuchBucket":
        assert repr(dest.bucket) in caught.value.detail and caught.value.title == "S3 bucket missing"


@pytest.mark.parametrize(("code", "status"), [("SlowDown", 503), ("ServiceUnavailable", 503), ("InternalError", 500),
                                              ("Throttling", 400), ("RequestTimeout", 400), ("Whatever", 502)])  # fmt: skip
def test_transient_s3_errors_are_retried(
    tmp_path: Path, stubbed: tuple[S3Destination, Stubber], code: str, status: int
) -> None:
    dest, stubber = stubbed
    for _ in range(2):
        stubber.add_client_error("put_object", service_error_code=code, http_status_code=status)
    stubber.add_response("put_object", {"ETag": '"etag"'})
    src = tmp_path / "a.txt"
    sha = write(src, b"abc")
    sleeps: list[float] = []
    retried: list[tuple[int, Exception]] = []
    result = with_retries(lambda: dest.put("a.txt", src, sha), sleep=sleeps.append,
                          on_retry=lambda n, e: retried.append((n, e)))  # fmt: skip
    assert result == "created"
    assert sleeps == [0.5, 1.0]
    assert [n for n, _ in retried] == [1, 2]
    assert all(isinstance(e, TransientDeliveryError) for _, e in retried)
    stubber.assert_no_pending_responses()


def test_throttling_that_persists_gives_up(tmp_path: Path, stubbed: tuple[S3Destination, Stubber]) -> None:
    dest, stubber = stubbed
    for _ in range(5):
        stubber.add_client_error("put_object", service_error_code="SlowDown", http_status_code=503)
    src = tmp_path / "a.txt"
    sha = write(src, b"abc")
    sleeps: list[float] = []
    with pytest.raises(TransientDeliveryError, match="SlowDown"):
        with_retries(lambda: dest.put("a.txt", src, sha), sleep=sleeps.append)
    assert sleeps == [0.5, 1.0, 2.0, 4.0]


@pytest.mark.parametrize(
    "error",
    [
        bce.EndpointConnectionError(endpoint_url="http://s3"),
        bce.ConnectTimeoutError(endpoint_url="http://s3"),
        bce.ReadTimeoutError(endpoint_url="http://s3"),
        bce.ConnectionClosedError(endpoint_url="http://s3"),
    ],
    ids=lambda e: type(e).__name__,
)
def test_transport_failures_are_transient(tmp_path: Path, dest: S3Destination, error: Exception) -> None:
    def fail(**_: Any) -> None:
        raise error

    dest.client.meta.events.register("before-send.s3", fail)
    src = tmp_path / "a.txt"
    with pytest.raises(TransientDeliveryError, match="connection to S3 failed"):
        dest.put("a.txt", src, write(src, b"abc"))
    with pytest.raises(TransientDeliveryError):
        dest.exists("a.txt")


def test_missing_credentials_say_what_to_set(
    tmp_path: Path, options: S3Options, bucket: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    src = tmp_path / "a.txt"
    sha = write(src, b"abc")
    with pytest.raises(TerminalDeliveryError, match="AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY"):
        S3Destination(bucket, "", options).put("a.txt", src, sha)
    profiled = S3Options(endpoint_url=options.endpoint_url, region=REGION, profile="partner-x")
    with pytest.raises(TerminalDeliveryError, match="'partner-x' is not defined") as caught:
        S3Destination(bucket, "", profiled).put("a.txt", src, sha)
    assert caught.value.title == "S3 credentials missing"


# ---------------------------------------------------------------------------------------------- resume


@pytest.mark.parametrize(
    ("where", "second_pass"),
    [("request", ["2.xml", "3.xml"]), ("reply", ["3.xml"])],
    ids=["request-lost", "reply-lost"],
)
def test_a_second_pass_uploads_only_what_is_missing(
    tmp_path: Path, dest: S3Destination, admin: Any, bucket: str, where: str, second_pass: list[str]
) -> None:
    files = {f"{n}.xml": tmp_path / f"{n}.xml" for n in (1, 2, 3)}
    shas = {key: write(path, f"<file n='{key}'/>".encode()) for key, path in files.items()}
    calls = Calls(dest.client)
    broken = True

    # File 2's connection breaks: before the request reached S3, or after S3 stored it (the reply is lost).
    def cut_request(request: Any, **_: Any) -> None:
        if broken and request.url.endswith("/2.xml"):
            raise bce.ConnectionClosedError(endpoint_url=request.url)

    def cut_reply(http_response: Any, **_: Any) -> None:
        if broken and http_response.url.endswith("/2.xml"):
            raise bce.ReadTimeoutError(endpoint_url=http_response.url)

    if where == "request":
        dest.client.meta.events.register("before-send.s3.PutObject", cut_request)
    else:
        dest.client.meta.events.register("after-call.s3.PutObject", cut_reply)

    def deliver_all() -> None:
        for key, path in files.items():
            if dest.exists(key) is None:
                dest.put(key, path, shas[key])

    with pytest.raises(TransientDeliveryError):
        deliver_all()
    assert calls.uploads() == ["1.xml", "2.xml"]
    broken = False
    calls.api.clear()
    deliver_all()
    assert calls.uploads() == second_pass
    for key, sha in shas.items():
        assert dest.exists(key) == sha
        body = admin.get_object(Bucket=bucket, Key=f"partner/daily/{key}")["Body"].read()
        assert hashlib.sha256(body).hexdigest() == sha


def test_a_retried_put_whose_reply_was_lost_is_identical(tmp_path: Path, dest: S3Destination) -> None:
    src = tmp_path / "1.xml"
    sha = write(src, b"<one/>")
    lost = [True]

    def lose_reply(**_: Any) -> None:
        if lost.pop() if lost else False:
            raise bce.ReadTimeoutError(endpoint_url="http://s3")

    dest.client.meta.events.register("after-call.s3.PutObject", lose_reply)
    sleeps: list[float] = []
    assert with_retries(lambda: dest.put("1.xml", src, sha), sleep=sleeps.append) == "identical"
    assert sleeps == [0.5]
    assert dest.exists("1.xml") == sha
