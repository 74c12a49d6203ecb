"""A partner profile edited by an admin: validated by the profile's own model, every error named by its field."""

from __future__ import annotations

import json

from app.components import profile_form
from core.config import ROOT

NORTHWIND = json.loads((ROOT / "data" / "partners" / "northwind-retail.json").read_text(encoding="utf-8"))


def test_a_valid_profile_passes_and_keeps_its_name() -> None:
    profile, errors = profile_form.validate(NORTHWIND, "northwind-retail")
    assert errors == [] and profile is not None and profile.name == "northwind-retail"
    again, errors = profile_form.validate(profile_form.as_json(profile), "northwind-retail")
    assert errors == [] and again == profile


def test_every_error_is_named_by_its_field() -> None:
    bad = {**NORTHWIND, "mode": "sometimes", "selection": {**NORTHWIND["selection"], "markets": ["XX"]}}
    _, errors = profile_form.validate(bad, "northwind-retail")
    assert "selection.markets: not ISO 3166-1 countries: ['XX']" in errors
    assert any(e.startswith("mode: Input should be 'full' or 'delta'") for e in errors)
    _, errors = profile_form.validate('{"name": "northwind-retail",', "northwind-retail")
    assert len(errors) == 1 and "Invalid JSON" in errors[0]


def test_a_profile_cannot_be_renamed_here() -> None:
    _, errors = profile_form.validate({**NORTHWIND, "name": "southwind"}, "northwind-retail")
    assert len(errors) == 1 and errors[0].startswith("name: the partner is 'northwind-retail'")
