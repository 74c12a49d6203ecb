"""Delivery of export files to a partner: a local folder or an S3 bucket (AWS or S3-compatible).

Every write is a create-if-absent, so a delivery can be re-run after any failure: a file that is already
there with the same SHA-256 is `identical` (nothing is sent again), a different file at the same name is a
terminal error (never an overwrite). Folders get the bytes under a temporary name and then a hard link to
the final name (which fails if the name is taken); S3 gets `If-None-Match: *` on PutObject and on
CompleteMultipartUpload, and every object carries its SHA-256 in the metadata `sha256` (a multipart ETag is
not a content hash). Driver errors (OSError, botocore) are translated here into transient errors (retry:
`with_retries`) and terminal ones (change something first), each saying what to do.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import mimetypes
import os
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO, Literal, Protocol, TypeVar

import boto3
from botocore import exceptions as bce
from botocore.config import Config

from core.checksum import sha256_of
from core.config import MiB
from core.errors import ConsoleError, TerminalError, TransientError

T = TypeVar("T")
PutResult = Literal["created", "identical"]

S3_MIN_PART = 5 * MiB
S3_MAX_PARTS = 10_000
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 60.0
_COPY_CHUNK = MiB


class DeliveryError(ConsoleError):
    default_title = "Delivery failed"


class TransientDeliveryError(DeliveryError, TransientError):
    """The destination is busy, throttling or unreachable: retrying later can succeed."""

    default_title = "Delivery interrupted"


class TerminalDeliveryError(DeliveryError, TerminalError):
    """Retrying cannot help: credentials, permissions, a missing bucket, or a different file at the name."""

    default_title = "Delivery refused"


@dataclass(frozen=True)
class S3Options:
    endpoint_url: str | None = None
    region: str | None = None
    profile: str | None = None  # a named AWS profile; else the environment's credentials (never in the repo)
    # botocore request_checksum_calculation / response_checksum_validation; "when_required" for
    # S3-compatible servers that reject the flexible checksum headers.
    checksum: Literal["when_supported", "when_required"] = "when_supported"
    multipart_threshold: int = 5 * MiB
    multipart_chunk: int = 5 * MiB


class Destination(Protocol):
    def describe(self) -> str: ...

    def put(self, key: str, path: Path, sha256: str) -> PutResult: ...

    def exists(self, key: str) -> str | None: ...


def _check_key(key: str) -> None:
    parts = key.split("/")
    if not key or "\\" in key or "\0" in key or any(p in {"", ".", ".."} for p in parts):
        raise TerminalDeliveryError(
            f"{key!r} is not a valid file name for a delivery: use a relative, '/'-separated name "
            "without empty, '.' or '..' parts.",
            "Invalid delivery file name",
        )


def _conflict(where: str, stored: str, sha256: str) -> TerminalDeliveryError:
    return TerminalDeliveryError(
        f"A different file is already at {where} (SHA-256 {stored}, this delivery has {sha256}). "
        "Nothing was overwritten: remove that file at the destination if it is wrong, or deliver to another "
        "folder or prefix.",
        "A different file is already delivered",
    )


def _settle(where: str, stored: str | None, sha256: str) -> PutResult:
    """The name was taken: the same bytes are fine (`identical`), other bytes are a conflict."""
    if stored is None:
        raise TransientDeliveryError(f"{where} vanished while it was being compared; deliver again.")
    if stored != sha256:
        raise _conflict(where, stored, sha256)
    return "identical"


def _changed(path: Path, sha256: str, actual: str) -> TerminalDeliveryError:
    return TerminalDeliveryError(
        f"{path} changed after it was rendered (SHA-256 {actual}, expected {sha256}); nothing was delivered "
        "for it. Render the export again.",
        "Export file changed",
    )


def _source_error(path: Path, exc: OSError) -> TerminalDeliveryError:
    return TerminalDeliveryError(
        f"Cannot read the export file {path}: {exc.strerror or exc}. Render the export again.",
        "Export file unreadable",
    )


# --------------------------------------------------------------------------------------------- folder

_TERMINAL_ERRNOS = {
    errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOTDIR, errno.EISDIR, errno.ENAMETOOLONG,
    errno.ENOSPC, errno.EDQUOT, errno.ELOOP, errno.EEXIST,
}  # fmt: skip
_NO_HARDLINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK, errno.ENOSYS}


def _folder_error(where: Path, exc: OSError) -> DeliveryError:
    reason = exc.strerror or str(exc)
    if exc.errno in {errno.ENOSPC, errno.EDQUOT}:
        return TerminalDeliveryError(f"No space left to write {where}: free space there and deliver again.")
    if exc.errno in _TERMINAL_ERRNOS:
        return TerminalDeliveryError(
            f"Cannot write {where}: {reason}. Check that the folder exists as a folder and that the console's "
            "user may write to it, then deliver again."
        )
    return TransientDeliveryError(f"Writing {where} failed: {reason}. Deliver again; it resumes where it stopped.")


def _copy_hashing(src: BinaryIO, dst: BinaryIO) -> str:
    """Copies `src` to `dst`, returning the SHA-256 of what was written."""
    digest = hashlib.sha256()
    while chunk := src.read(_COPY_CHUNK):
        digest.update(chunk)
        dst.write(chunk)
    return digest.hexdigest()


class FolderDestination:
    """Files under a root folder; a final name only ever holds a complete file."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def describe(self) -> str:
        return str(self.root)

    def _target(self, key: str) -> Path:
        _check_key(key)
        return self.root.joinpath(*key.split("/"))

    def exists(self, key: str) -> str | None:
        target = self._target(key)
        try:
            return sha256_of(target)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise _folder_error(target, exc) from exc

    def put(self, key: str, path: Path, sha256: str) -> PutResult:
        target = self._target(key)
        if (stored := self.exists(key)) is not None:
            return _settle(str(target), stored, sha256)
        try:
            src = path.open("rb")
        except OSError as exc:
            raise _source_error(path, exc) from exc
        temp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.part")
        try:
            with src:
                target.parent.mkdir(parents=True, exist_ok=True)
                with temp.open("xb") as out:  # "x": O_EXCL, mode 0o666 less the umask
                    actual = _copy_hashing(src, out)
                    out.flush()
                    os.fsync(out.fileno())
            if actual != sha256:
                raise _changed(path, sha256, actual)
            try:
                os.link(temp, target)  # atomic, and fails if the name is taken: never a half-written file there
            except FileExistsError:
                return _settle(str(target), self.exists(key), sha256)
            except OSError as exc:
                if exc.errno not in _NO_HARDLINKS:
                    raise
                # A file system without hard links: check, then rename. Racy only against a concurrent writer
                # of the same name on such a file system (the rename would replace that file).
                if target.exists():
                    return _settle(str(target), self.exists(key), sha256)
                os.rename(temp, target)
            _fsync_dir(target.parent)
            return "created"
        except OSError as exc:
            raise _folder_error(target, exc) from exc
        finally:
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # durability, best effort (not every file system allows it)
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# ------------------------------------------------------------------------------------------------- S3

_TRANSIENT_CODES = {
    "SlowDown", "Throttling", "ThrottlingException", "RequestThrottled", "RequestLimitExceeded",
    "TooManyRequestsException", "RequestTimeout", "InternalError", "ServiceUnavailable",
    "ConditionalRequestConflict", "OperationAborted", "BadDigest", "IncompleteBody", "XAmzContentSHA256Mismatch",
}  # fmt: skip
_CREDENTIAL_CODES = {
    "InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken", "InvalidToken", "TokenRefreshRequired",
    "InvalidClientTokenId", "UnrecognizedClientException",
}  # fmt: skip
_ACCESS_CODES = {"AccessDenied", "AllAccessDisabled", "AccountProblem", "403"}
_REGION_CODES = {"PermanentRedirect", "AuthorizationHeaderMalformed", "IllegalLocationConstraintException", "301"}
_MISSING_CODES = {"NoSuchKey", "NotFound", "404"}
_TRANSPORT_ERRORS = (bce.ConnectionError, bce.HTTPClientError)  # endpoint, connect/read timeouts, closed
_SETUP_ERRORS = (
    bce.NoCredentialsError, bce.PartialCredentialsError, bce.CredentialRetrievalError, bce.ProfileNotFound,
    bce.NoRegionError, bce.TokenRetrievalError, bce.SSOError,
)  # fmt: skip

_CREDENTIALS_HELP = (
    "Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials) in the "
    "console's environment, or name an AWS profile from ~/.aws/config in the partner's S3 options."
)


def _error_code(exc: Any) -> tuple[str, int]:
    response = getattr(exc, "response", None) or {}
    code = str(response.get("Error", {}).get("Code", ""))
    status = int(response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0) or 0)
    return code or str(status), status


def _map_s3_error(exc: Exception, where: str, options: S3Options) -> DeliveryError:
    """Translates a botocore failure on `where` (an s3:// address) into a transient or terminal error."""
    if isinstance(exc, _TRANSPORT_ERRORS):
        return TransientDeliveryError(
            f"The connection to S3 failed for {where} ({exc}). Deliver again; it resumes where it "
            "stopped. If it keeps failing, check the endpoint URL and the network.",
            "S3 unreachable",
        )
    if isinstance(exc, bce.ProfileNotFound):
        return TerminalDeliveryError(
            f"The AWS profile {options.profile!r} is not defined on this machine. Define it in ~/.aws/config "
            "(or AWS_CONFIG_FILE), or remove it from the S3 options to use AWS_ACCESS_KEY_ID and "
            "AWS_SECRET_ACCESS_KEY from the environment.",
            "S3 credentials missing",
        )
    if isinstance(exc, _SETUP_ERRORS):
        return TerminalDeliveryError(f"No usable S3 credentials for {where} ({exc}). {_CREDENTIALS_HELP}",
                                     "S3 credentials missing")  # fmt: skip
    if not isinstance(exc, bce.ClientError):
        return TerminalDeliveryError(f"S3 refused the request for {where}: {exc}", "S3 request refused")
    code, status = _error_code(exc)
    message = str(getattr(exc, "response", {}).get("Error", {}).get("Message", "")) or code
    bucket = where.removeprefix("s3://").split("/", 1)[0]
    if code == "NotImplemented" or status == 501:
        # Not worth a retry: the server lacks a feature (conditional writes, or flexible checksums).
        return TerminalDeliveryError(
            f"The S3 server at {options.endpoint_url or 'AWS'} does not implement a request needed for "
            f"{where} ({message}): conditional writes (If-None-Match) and, with checksum 'when_supported', "
            "flexible checksums. Use a server that supports them, or set checksum to 'when_required'.",
            "S3 server unsupported",
        )
    if code in _TRANSIENT_CODES or status >= 500 or status == 429:
        return TransientDeliveryError(
            f"S3 is busy or failing ({code}: {message}) for {where}. Deliver again later; it resumes where it stopped.",
            "S3 temporarily unavailable",
        )
    if code == "NoSuchBucket":
        return TerminalDeliveryError(
            f"The bucket {bucket!r} does not exist (at {options.endpoint_url or 'AWS'}). Create it, or correct "
            "the bucket name in the partner's delivery URL.",
            "S3 bucket missing",
        )
    if code in _CREDENTIAL_CODES:
        return TerminalDeliveryError(f"S3 rejected the credentials ({code}: {message}). {_CREDENTIALS_HELP}",
                                     "S3 credentials rejected")  # fmt: skip
    if code in _ACCESS_CODES or status == 403:
        return TerminalDeliveryError(
            f"Access denied to {where} ({message}). Grant these credentials s3:PutObject, s3:GetObject and "
            f"s3:AbortMultipartUpload on the bucket {bucket!r} (ask its owner), or use other credentials.",
            "S3 access denied",
        )
    if code in _REGION_CODES or status == 301:
        return TerminalDeliveryError(
            f"The bucket {bucket!r} is in another region than {options.region or 'the default'} ({message}). "
            "Set the region in the partner's S3 options.",
            "S3 region wrong",
        )
    if code == "RequestTimeTooSkewed":
        return TerminalDeliveryError(f"S3 rejected the request: this machine's clock is wrong ({message}). "
                                     "Synchronise the clock (NTP) and deliver again.")  # fmt: skip
    return TerminalDeliveryError(f"S3 refused the request for {where} ({code}: {message}).", "S3 request refused")


class S3Destination:
    """Objects under `prefix` in `bucket`, created only if absent, each with its SHA-256 in the metadata."""

    def __init__(self, bucket: str, prefix: str = "", options: S3Options | None = None, *, client: Any = None):
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.options = options or S3Options()
        self._client = client
        self._lock = threading.Lock()

    def describe(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}" if self.prefix else f"s3://{self.bucket}"

    @property
    def client(self) -> Any:
        """The boto3 client, made on first use (so a bad profile fails at delivery, with its message)."""
        with self._lock:
            if self._client is None:
                try:
                    self._client = make_s3_client(self.options)
                except Exception as exc:
                    raise _map_s3_error(exc, self.describe(), self.options) from exc
            return self._client

    def _key(self, key: str) -> str:
        _check_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    def _where(self, key: str) -> str:
        return f"s3://{self.bucket}/{self._key(key)}"

    def exists(self, key: str) -> str | None:
        s3_key = self._key(key)
        try:
            head = self.client.head_object(Bucket=self.bucket, Key=s3_key)
        except (bce.BotoCoreError, bce.ClientError) as exc:
            if isinstance(exc, bce.ClientError) and _error_code(exc)[0] in _MISSING_CODES:
                return None
            raise _map_s3_error(exc, self._where(key), self.options) from exc
        stored = head.get("Metadata", {}).get("sha256")
        if not stored:
            raise TerminalDeliveryError(
                f"{self._where(key)} exists but was not written by a delivery (it has no sha256 metadata), so it "
                "cannot be compared. Remove it, or deliver to another prefix.",
                "A foreign file is at the destination",
            )
        return str(stored)

    def put(self, key: str, path: Path, sha256: str) -> PutResult:
        s3_key = self._key(key)
        extra: dict[str, Any] = {"Metadata": {"sha256": sha256}}
        content_type = mimetypes.guess_type(path.name)[0]
        if content_type:
            extra["ContentType"] = content_type
        try:
            size = path.stat().st_size
            if size < max(self.options.multipart_threshold, 1):
                self._put_single(s3_key, path, sha256, extra)
            elif (stored := self.exists(key)) is not None:
                return _settle(self._where(key), stored, sha256)  # a large file is not sent again to learn that
            else:
                self._put_multipart(s3_key, path, sha256, size, extra)
        except (bce.BotoCoreError, bce.ClientError) as exc:
            code, status = _error_code(exc)
            if code != "PreconditionFailed" and status != 412:
                raise _map_s3_error(exc, self._where(key), self.options) from exc
            return _settle(self._where(key), self.exists(key), sha256)
        except OSError as exc:  # after botocore's errors (some are OSErrors): only the export file is read here
            raise _source_error(path, exc) from exc
        return "created"

    def _put_single(self, s3_key: str, path: Path, sha256: str, extra: dict[str, Any]) -> None:
        body = path.read_bytes()  # below the multipart threshold: a few MiB at most
        actual = hashlib.sha256(body).hexdigest()
        if actual != sha256:
            raise _changed(path, sha256, actual)
        self.client.put_object(Bucket=self.bucket, Key=s3_key, Body=body, IfNoneMatch="*", **extra)

    def _put_multipart(self, s3_key: str, path: Path, sha256: str, size: int, extra: dict[str, Any]) -> None:
        chunk = max(self.options.multipart_chunk, S3_MIN_PART, -(-size // S3_MAX_PARTS))
        checksum = self.options.checksum == "when_supported"
        algorithm = {"ChecksumAlgorithm": "CRC32"} if checksum else {}
        with path.open("rb") as src:
            upload = self.client.create_multipart_upload(Bucket=self.bucket, Key=s3_key, **algorithm, **extra)
            upload_id = upload["UploadId"]
            try:
                digest = hashlib.sha256()
                parts: list[dict[str, Any]] = []
                while data := src.read(chunk):
                    digest.update(data)
                    number = len(parts) + 1
                    reply = self.client.upload_part(Bucket=self.bucket, Key=s3_key, UploadId=upload_id,
                                                    PartNumber=number, Body=data, **algorithm)  # fmt: skip
                    part = {"PartNumber": number, "ETag": reply["ETag"]}
                    if checksum and reply.get("ChecksumCRC32"):
                        part["ChecksumCRC32"] = reply["ChecksumCRC32"]
                    parts.append(part)
                if digest.hexdigest() != sha256:
                    raise _changed(path, sha256, digest.hexdigest())
                self.client.complete_multipart_upload(Bucket=self.bucket, Key=s3_key, UploadId=upload_id,
                                                      MultipartUpload={"Parts": parts}, IfNoneMatch="*")  # fmt: skip
            except BaseException:
                # Parts of an unfinished upload are billed until aborted; the original error is what matters.
                with contextlib.suppress(Exception):
                    self.client.abort_multipart_upload(Bucket=self.bucket, Key=s3_key, UploadId=upload_id)
                raise


def make_s3_client(options: S3Options) -> Any:
    """A boto3 S3 client that never retries on its own (`with_retries` is the one retry loop) and times out."""
    session = boto3.session.Session(profile_name=options.profile)
    config = Config(
        # total_max_attempts counts the first request: 1 = no botocore retry ({"max_attempts": 1} would be one).
        retries={"total_max_attempts": 1, "mode": "standard"},
        connect_timeout=CONNECT_TIMEOUT,
        read_timeout=READ_TIMEOUT,
        request_checksum_calculation=options.checksum,
        response_checksum_validation=options.checksum,
        # S3-compatible servers are usually addressed by path (no per-bucket DNS names).
        s3={"addressing_style": "path"} if options.endpoint_url else None,
    )
    return session.client("s3", endpoint_url=options.endpoint_url, region_name=options.region, config=config)


def destination_for(url: str, options: S3Options | None = None, base: Path | None = None) -> Destination:
    """`s3://bucket/prefix` -> S3Destination; anything else a folder path (relative to `base`)."""
    if url.startswith("s3://"):
        bucket, _, prefix = url.removeprefix("s3://").partition("/")
        if not bucket:
            raise TerminalDeliveryError(f"{url!r} names no bucket: write s3://bucket or s3://bucket/prefix.",
                                        "Invalid delivery URL")  # fmt: skip
        return S3Destination(bucket, prefix, options)
    scheme, sep, rest = url.partition("://")
    if sep and scheme != "file":
        raise TerminalDeliveryError(
            f"{url!r}: only s3://bucket/prefix and local folders are supported as delivery destinations.",
            "Invalid delivery URL",
        )
    folder = Path(rest if sep else url).expanduser()
    if not folder.is_absolute() and base is not None:
        folder = base / folder
    return FolderDestination(folder)


def with_retries(
    fn: Callable[[], T],
    *,
    attempts: int = 5,
    base_delay: float = 0.5,
    max_delay: float = 8.0,
    sleep: Callable[[float], None] = time.sleep,
    on_retry: Callable[[int, Exception], None] | None = None,
) -> T:
    """Retry TransientDeliveryError with exponential backoff and jitter-free deterministic delays;
    TerminalDeliveryError (and anything else) at once.

    Attempt n (from 1) that fails transiently is followed by a delay of base_delay * 2**(n-1), at most
    max_delay; `on_retry(n, error)` is called before that delay. The last transient error is raised as is.
    """
    if attempts < 1:
        raise ValueError("attempts must be at least 1")
    attempt = 1
    while True:
        try:
            return fn()
        except TransientDeliveryError as exc:
            if attempt >= attempts:
                raise
            if on_retry is not None:
                on_retry(attempt, exc)
            sleep(min(max_delay, base_delay * 2 ** (attempt - 1)))
            attempt += 1
