"""ONIX 2.1 rights and supply: RightsCountry/RightsTerritory, NotForSale, and SupplyDetail prices with
AvailabilityCode and Price CountryCode/Territory, as CCF country sets and prices."""

from __future__ import annotations

from typing import Any

from lxml import etree

from core.ccf import codes
from core.ccf.convert import mappings
from core.ccf.convert.context import Context, text, texts
from core.ccf.convert.notes import Notes
from core.ccf.convert.onix3_supply import merge_prices
from core.ccf.convert.territory import RightsBuilder, Territory, parse_countries, parse_regions
from core.ccf.convert.values import parse_amount, parse_date

AVAILABILITY_CODE = {
    "IP": "available",
    "MD": "available",
    "AD": "available",
    "TO": "available",
    "NP": "not_yet_available",
    "NY": "not_yet_available",
    "TU": "temporarily_unavailable",
    "TP": "temporarily_unavailable",
    "RP": "temporarily_unavailable",
    "RU": "temporarily_unavailable",
    "UR": "temporarily_unavailable",
    "OP": "unavailable",
    "OF": "unavailable",
    "OI": "unavailable",
    "OR": "unavailable",
    "EX": "unavailable",
    "RF": "unavailable",
    "RM": "unavailable",
    "WR": "available",
    "PP": "unavailable",
    "WS": "withdrawn",
    "AB": "cancelled",
    "CS": "unknown",
}
"""2.1 List 54 (AvailabilityCode) as CCF availability."""

STATUS_FROM_AVAILABILITY = {
    "IP": "active",
    "MD": "active",
    "AD": "active",
    "TO": "active",
    "TU": "active",
    "TP": "active",
    "RP": "active",
    "RU": "active",
    "UR": "active",
    "WR": "active",
    "OF": "out_of_print",
    "NP": "forthcoming",
    "NY": "forthcoming",
    "OP": "out_of_print",
    "OR": "out_of_print",
    "OI": "inactive",
    "PP": "inactive",
    "RF": "inactive",
    "EX": "inactive",
    "RM": "inactive",
    "WS": "withdrawn",
    "AB": "cancelled",
    "CS": "unknown",
}
"""2.1 List 54 as a publishing status, for records that send AvailabilityCode but no PublishingStatus."""


def territory(el: etree._Element, notes: Notes, field_name: str, country: str, territory: str) -> Territory:
    result = Territory()
    for raw in texts(el, country):
        result.countries |= parse_countries(raw, notes, field_name)
    for raw in texts(el, territory):
        regions = parse_regions(raw, notes, field_name, allow_row=True)
        result.countries |= regions.countries
        result.rest_of_world = result.rest_of_world or regions.rest_of_world
    return result


def sales_rights(product: etree._Element, notes: Notes) -> dict[str, Any]:
    rights = RightsBuilder(notes)
    for sr in product.iterfind("SalesRights"):
        if sr.find("RightsRegion") is not None:
            notes.uninterpretable("Q33", "sales_rights", text(sr, "RightsRegion"), "RightsRegion codes are not read")
        rights.add(
            text(sr, "SalesRightsType"),
            territory(sr, notes, "sales_rights", "RightsCountry", "RightsTerritory"),
            sr,
        )
    for nfs in product.iterfind("NotForSale"):
        rights.add(
            "03",
            territory(nfs, notes, "sales_rights", "RightsCountry", "RightsTerritory"),
            nfs,
        )
    return rights.build()


def prices(product: etree._Element, for_sale: list[str], ctx: Context, notes: Notes) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for detail in product.iterfind("SupplyDetail"):
        market = territory(detail, notes, "prices.market", "SupplyToCountry", "SupplyToTerritory").countries
        for raw in texts(detail, "SupplyToCountryExcluded"):
            market -= parse_countries(raw, notes, "prices.market")
        if not market:
            market = set(for_sale)
        code = text(detail, "ProductAvailability")
        availability = mappings.AVAILABILITY.get(code or "") or AVAILABILITY_CODE.get(
            text(detail, "AvailabilityCode") or ""
        )
        if availability is None:
            notes.uninterpretable("Q36", "prices.availability", None, "supply detail without availability")
        for price in detail.iterfind("Price"):
            amount = parse_amount(price.findtext("PriceAmount"), notes, "prices.amount")
            if amount is None:
                continue
            currency = text(price, "CurrencyCode") or ctx.default_currency
            if currency is None:
                notes.uninterpretable("Q35", "prices.currency", None, "price without a currency")
            elif currency.upper() not in codes.currencies():
                notes.uninterpretable("Q35", "prices.currency", currency, "not an ISO 4217 currency")
            price_type, tax = mappings.PRICE_TYPE.get(
                text(price, "PriceTypeCode") or ctx.default_price_type or "",
                (f"other:{text(price, 'PriceTypeCode')}", None),
            )
            countries = territory(price, notes, "prices.countries", "CountryCode", "Territory").countries
            valid_from, _ = parse_date(text(price, "PriceEffectiveFrom"), None, notes, "Q35", "prices.valid")
            valid_until, _ = parse_date(text(price, "PriceEffectiveUntil"), None, notes, "Q35", "prices.valid")
            found.append(
                {
                    "amount": amount,
                    "currency": currency.upper() if currency else None,
                    "price_type": price_type,
                    "tax_included": tax,
                    "countries": sorted(countries or market),
                    "availability": availability or "unknown",
                    "valid_from": valid_from,
                    "valid_until": valid_until,
                }
            )
    return merge_prices(found)


def status(product: etree._Element) -> str:
    status = text(product, "PublishingStatus")
    if status:
        return mappings.PUBLISHING_STATUS.get(status, "unknown")
    code = text(product, "SupplyDetail/AvailabilityCode")
    return STATUS_FROM_AVAILABILITY.get(code or "", "unknown")
