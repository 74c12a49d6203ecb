"""The records behind a review: a conversion's record beside the catalogue version it was compared with."""

from __future__ import annotations

import pytest

from core.db import Database
from core.errors import NotFound
from core.review import decisions, records
from tests.conftest import ADMIN
from tests.core.review.conftest import Deliver, conversion_of

RETITLED = [{"set": "DescriptiveDetail/TitleDetail/TitleElement/TitleWithoutPrefix", "text": "Keeper of the Light"}]


def test_a_change_comes_with_the_catalogue_version_it_was_compared_with(db: Database, deliver: Deliver) -> None:
    first = deliver(([], 1))
    new = conversion_of(db, first.run_id)
    assert new is not None
    added = records.records(db, new["conversion_id"])
    assert (added.kind, added.base, added.base_version, added.catalog_version) == ("new", None, None, None)
    assert added.delivered is not None
    decisions.approve(db, ADMIN, [new["conversion_id"]])
    second = deliver((RETITLED, 1))
    changed = conversion_of(db, second.run_id)
    assert changed is not None
    found = records.records(db, changed["conversion_id"])
    assert (found.kind, found.base_version, found.catalog_version) == ("changed", 1, 1)
    assert found.base is not None and found.delivered is not None
    assert found.base.title == added.delivered.title and found.delivered.title == "The Keeper of the Light"
    assert records.publishers(db) == [found.delivered.publisher]
    assert records.publishers(db, "rejected") == []


def test_an_unknown_conversion_is_not_found(db: Database) -> None:
    with pytest.raises(NotFound):
        records.records(db, 12345)
