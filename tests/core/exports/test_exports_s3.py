"""Exports into an S3 bucket on moto's server: the files under {prefix}/{partner}/{date}/{export_id}/, the
manifest last, the checksum kept as metadata, and a resumed export that uploads only what is missing."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import boto3
import pytest

from core.config import Settings
from core.db import Database
from core.exports import deliver, profiles
from core.exports import run as exporting
from tests.conftest import ADMIN, REVIEWER

REGION = "eu-west-1"


@pytest.fixture
def s3(moto_url: str, aws_env: None, seeded: Database) -> tuple[Any, str]:
    """A fresh bucket, and the subscription partner's profile pointed at moto (a new profile version)."""
    client = boto3.client("s3", endpoint_url=moto_url, region_name=REGION)
    bucket = f"partner-drop-{uuid.uuid4().hex[:10]}"
    client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": REGION})
    _, profile = profiles.get(seeded, "openreel-subscription")
    spec = profile.destination.model_copy(update={"url": f"s3://{bucket}/outgoing", "endpoint_url": moto_url, "region": REGION})
    profiles.save(seeded, ADMIN, profile.model_copy(update={"destination": spec}))
    return client, bucket


def test_an_export_lands_in_s3_with_its_manifest_last(seeded: Database, seeded_cfg: Settings, s3: tuple[Any, str], monkeypatch: pytest.MonkeyPatch) -> None:
    client, bucket = s3
    order: list[str] = []
    real_put = deliver.S3Destination.put

    def recording_put(self: deliver.S3Destination, key: str, path: Path, sha256: str) -> str:
        order.append(key)
        return real_put(self, key, path, sha256)

    monkeypatch.setattr(deliver.S3Destination, "put", recording_put)
    result = exporting.export(seeded, seeded_cfg, REVIEWER, "openreel-subscription")
    assert result.status == "delivered", result.error
    assert order[-1].endswith("/manifest.json") and order[:-1] == result.files
    listed = sorted(o["Key"] for o in client.list_objects_v2(Bucket=bucket)["Contents"])
    prefix = f"outgoing/openreel-subscription/{result.files[0].split('/')[1]}/{result.export_id}/"
    assert listed == sorted([f"outgoing/{k}" for k in result.files] + [prefix + "manifest.json"])
    manifest = json.loads(client.get_object(Bucket=bucket, Key=prefix + "manifest.json")["Body"].read())
    for f in manifest["files"]:
        head = client.head_object(Bucket=bucket, Key=f"outgoing/{f['key']}")
        assert head["Metadata"]["sha256"] == f["sha256"] and head["ContentLength"] == f["bytes"]
    assert manifest["export_id"] == result.export_id and manifest["mode"] == "delta"


def test_a_transport_failure_is_resumed_uploading_only_the_missing_files(
    seeded: Database, seeded_cfg: Settings, s3: tuple[Any, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    client, bucket = s3
    sent: list[str] = []
    real_put = deliver.S3Destination.put
    broken = [True]

    def flaky_put(self: deliver.S3Destination, key: str, path: Path, sha256: str) -> str:
        if len(sent) == 1 and broken:
            raise deliver.TerminalDeliveryError("connection reset by the partner's proxy (injected)")
        sent.append(key)
        return real_put(self, key, path, sha256)

    monkeypatch.setattr(deliver.S3Destination, "put", flaky_put)
    failed = exporting.export(seeded, seeded_cfg, REVIEWER, "openreel-subscription")
    assert failed.status == "failed" and sent == failed.files[:1]
    broken.clear()
    sent.clear()
    resumed = exporting.resume(seeded, seeded_cfg, REVIEWER, failed.export_id or 0)
    assert resumed.status == "delivered"
    assert sent[:-1] == failed.files[1:] and sent[-1].endswith("manifest.json")
    assert len(client.list_objects_v2(Bucket=bucket)["Contents"]) == len(failed.files) + 1
