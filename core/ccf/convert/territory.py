"""Territories as explicit ISO 3166-1 country sets, and sales rights as `for_sale` / `not_for_sale`.

ONIX says where a product may be sold with countries, regions (WORLD, ECZ, sub-national regions) and
exclusions; CCF says it with sorted country lists, so checks and exports compare sets, not notations.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field

from lxml import etree

from core.ccf import codes
from core.ccf.convert.notes import Notes

FOR_SALE_TYPES = frozenset({"01", "02"})
NOT_FOR_SALE_TYPES = frozenset({"03", "04", "05", "06"})


@dataclass
class Territory:
    countries: set[str] = field(default_factory=set)
    rest_of_world: bool = False
    """`ROW` was named (valid only in ONIX 2.1): the caller decides what it covers."""


def parse_countries(raw: str | None, notes: Notes, field_name: str) -> set[str]:
    """A space-separated list of ISO 3166-1 alpha-2 codes; run-together and lower-case codes repaired."""
    found: set[str] = set()
    if not raw:
        return found
    valid = codes.countries()
    for token in raw.split():
        code = token.upper()
        if code in valid:
            if code != token:
                notes.repaired("Q33", field_name, token, "country code in lower case")
            found.add(code)
            continue
        pairs = [code[i : i + 2] for i in range(0, len(code), 2)]
        if len(code) > 2 and len(code) % 2 == 0 and all(p in valid for p in pairs):
            notes.repaired("Q33", field_name, token, "country codes not separated by spaces")
            found.update(pairs)
            continue
        notes.dropped("Q33", field_name, token, "not an ISO 3166-1 country code")
    return found


def parse_regions(raw: str | None, notes: Notes, field_name: str, *, allow_row: bool) -> Territory:
    """RegionsIncluded / RegionsExcluded (List 49): WORLD, ECZ, sub-national regions, and 2.1's ROW."""
    result = Territory()
    if not raw:
        return result
    valid = codes.countries()
    for token in raw.split():
        region = token.upper()
        if region == "WORLD":
            result.countries.update(valid)
        elif region == "ECZ":
            result.countries.update(codes.eurozone())
        elif region == "ROW":
            if not allow_row:
                notes.repaired("Q33", field_name, token, "ROW is not valid in ONIX 3.x: read as rest of world")
            result.rest_of_world = True
        elif "-" in region and region.split("-")[0] in valid:
            country = region.split("-")[0]
            notes.approximated("Q33", field_name, token, f"sub-national region read as its country {country}")
            result.countries.add(country)
        else:
            notes.dropped("Q33", field_name, token, "not an ONIX region code")
    return result


@dataclass
class RightsBuilder:
    """Accumulates SalesRights statements, then expands ROW (`ROWSalesRightsType`) over the countries
    named nowhere, as ccf.md specifies."""

    notes: Notes
    for_sale: set[str] = field(default_factory=set)
    not_for_sale: set[str] = field(default_factory=set)
    named: set[str] = field(default_factory=set)
    exclusive_types: set[str] = field(default_factory=set)
    row_types: list[str] = field(default_factory=list)

    def add(self, rights_type: str | None, territory: Territory, source: etree._Element | None) -> None:
        """One statement; `source` (the element it was read from) is serialised only for a note."""
        if territory.rest_of_world and rights_type:
            self.row_types.append(rights_type)
        self.named |= territory.countries
        if rights_type in FOR_SALE_TYPES:
            self.for_sale |= territory.countries
            self.exclusive_types.add(rights_type)
        elif rights_type in NOT_FOR_SALE_TYPES:
            self.not_for_sale |= territory.countries
        else:
            raw = etree.tostring(source, encoding="unicode") if source is not None else ""
            self.notes.uninterpretable("Q33", "sales_rights", raw, f"sales rights type {rights_type!r} not usable")

    def rest_of_world(self, rights_type: str | None) -> None:
        if rights_type:
            self.row_types.append(rights_type)

    def build(self) -> dict[str, object]:
        rest = codes.countries() - self.named if self.row_types else set()
        for rights_type in self.row_types:
            if rights_type in FOR_SALE_TYPES:
                self.for_sale |= rest
                self.exclusive_types.add(rights_type)
            elif rights_type in NOT_FOR_SALE_TYPES:
                self.not_for_sale |= rest
        exclusive = None
        if self.for_sale:
            exclusive = "01" in self.exclusive_types
        return {
            "for_sale": sorted_countries(self.for_sale),
            "not_for_sale": sorted_countries(self.not_for_sale),
            "exclusive": exclusive,
        }


def sorted_countries(countries: set[str]) -> list[str]:
    """`sorted(countries)`. Most of the world (the rest of the world after a few named countries) is the
    sorted ISO list with the few missing codes cut out, several times faster than sorting 240 codes."""
    everything = codes.countries()
    if len(countries) <= 200 or not countries <= everything:
        return sorted(countries)
    ordered = codes.all_countries_sorted()
    result: list[str] = []
    start = 0
    for code in sorted(everything - countries):
        index = bisect_left(ordered, code)
        result += ordered[start:index]
        start = index + 1
    result += ordered[start:]
    return result
