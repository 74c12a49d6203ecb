"""ONIX 3.x Block 4 rights and Block 6 supply: sales rights, restrictions and prices per market."""

from __future__ import annotations

from typing import Any

from lxml import etree

from core.ccf import codes
from core.ccf.convert import mappings
from core.ccf.convert.context import Children, Context, children, field, fields, first, first_text, text, texts
from core.ccf.convert.notes import Notes
from core.ccf.convert.territory import RightsBuilder, Territory, parse_countries, parse_regions, sorted_countries
from core.ccf.convert.values import parse_amount, parse_date


def territory(el: etree._Element | None, notes: Notes, field_name: str) -> Territory:
    """A `<Territory>` composite as a country set (included minus excluded)."""
    if el is None:
        return Territory()
    f = fields(el)
    countries = parse_countries(f.get("CountriesIncluded"), notes, field_name)
    rest_of_world = False
    if "RegionsIncluded" in f:
        regions = parse_regions(f["RegionsIncluded"], notes, field_name, allow_row=False)
        countries |= regions.countries
        rest_of_world = regions.rest_of_world
    if "CountriesExcluded" in f:
        countries -= parse_countries(f["CountriesExcluded"], notes, field_name)
    if "RegionsExcluded" in f:
        countries -= parse_regions(f["RegionsExcluded"], notes, field_name, allow_row=False).countries
    return Territory(countries, rest_of_world)


def sales_rights(publishing: Children, notes: Notes) -> dict[str, Any]:
    rights = RightsBuilder(notes)
    for sr in publishing.get("SalesRights", ()):
        g = children(sr)
        terr_el = first(g, "Territory")
        rights.add(first_text(g, "SalesRightsType"), territory(terr_el, notes, "sales_rights"), terr_el)
    rights.rest_of_world(first_text(publishing, "ROWSalesRightsType"))
    return rights.build()


def restrictions(product: etree._Element) -> list[str]:
    """SalesRestriction types wherever ONIX puts them (publishing detail, sales rights, markets)."""
    found: set[str] = set()
    for el in product.iter("SalesRestrictionType"):
        code = (el.text or "").strip()
        if code:
            name = mappings.restriction(code)
            if name:
                found.add(name)
    return sorted(found)


def _price(
    price: etree._Element, market: list[str], availability: str, ctx: Context, notes: Notes
) -> dict[str, Any] | None:
    g = children(price)
    amount_raw = field(g, "PriceAmount")
    if amount_raw is None:
        if "PriceCoded" in g:
            notes.dropped("Q35", "prices", text(price, "PriceCoded/PriceCode"), "coded prices are not kept")
        elif "PriceAmount" in g:
            notes.dropped("Q35", "prices.amount", "", "empty price amount: price dropped")
        return None
    amount = parse_amount(amount_raw, notes, "prices.amount")
    if amount is None:
        return None
    currency = field(g, "CurrencyCode") or ctx.default_currency
    if currency is None:
        notes.uninterpretable("Q35", "prices.currency", None, "price without a currency")
    elif currency.upper() not in codes.currencies():
        notes.uninterpretable("Q35", "prices.currency", currency, "not an ISO 4217 currency")
    elif currency != currency.upper():
        notes.repaired("Q35", "prices.currency", currency, "currency code in lower case")
    code = field(g, "PriceType") or ctx.default_price_type
    price_type, tax_included = mappings.PRICE_TYPE.get(code or "", (f"other:{code}", None))
    terr_el = first(g, "Territory")
    if terr_el is not None:
        countries = sorted_countries(territory(terr_el, notes, "prices.countries").countries)
    else:
        countries = list(market)
    valid: dict[str, Any] = {"14": None, "15": None}
    for pd in g.get("PriceDate", ()):
        d = children(pd)
        role = first_text(d, "PriceDateRole")
        if role in valid:
            date_el = first(d, "Date")
            fmt = first_text(d, "DateFormat") or (date_el.get("dateformat") if date_el is not None else None)
            valid[role], _ = parse_date(first_text(d, "Date"), fmt, notes, "Q35", "prices.valid")
    return {
        "amount": amount,
        "currency": currency.upper() if currency else None,
        "price_type": price_type,
        "tax_included": tax_included,
        "countries": countries,
        "availability": availability,
        "valid_from": valid["14"],
        "valid_until": valid["15"],
    }


def _market(supply: Children) -> etree._Element | None:
    """`find("Market/Territory")`: the first Territory of the first Market that has one."""
    for market in supply.get("Market", ()):
        for terr_el in market.iterchildren("Territory"):
            return terr_el
    return None


def prices(product: Children, for_sale: list[str], ctx: Context, notes: Notes) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for supply in product.get("ProductSupply", ()):
        g = children(supply)
        market_el = _market(g)
        if market_el is not None:
            market = territory(market_el, notes, "prices.market").countries
        else:
            market = set(for_sale)
            notes.approximated("Q35", "prices.market", None, "no Market: prices apply where the product is for sale")
        # Sorted once per market: the prices without their own Territory take a copy.
        market_sorted = sorted_countries(market)
        priced = False
        for detail in g.get("SupplyDetail", ()):
            d = children(detail)
            code = first_text(d, "ProductAvailability")
            if code is None:
                notes.uninterpretable("Q36", "prices.availability", None, "supply detail without availability")
            availability = mappings.AVAILABILITY.get(code or "", "unknown")
            priced = priced or "UnpricedItemType" in d
            for price in d.get("Price", ()):
                priced = True
                item = _price(price, market_sorted, availability, ctx, notes)
                if item is not None:
                    found.append(item)
        if not priced and market:
            named = " ".join(market_sorted) if len(market) <= 12 else f"{len(market)} countries"
            notes.uninterpretable("Q35", "prices", named, "a market without a price")
    return merge_prices(found)


def merge_prices(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Prices that differ only in their countries become one price over the union of the countries
    (senders often repeat one price per country), in a stable order."""
    merged: dict[tuple[Any, ...], dict[str, Any]] = {}
    for item in found:
        key = (
            item["amount"],
            item["currency"],
            item["price_type"],
            item["tax_included"],
            item["availability"],
            item["valid_from"],
            item["valid_until"],
        )
        if key in merged:
            merged[key]["countries"] = sorted(set(merged[key]["countries"]) | set(item["countries"]))
        else:
            merged[key] = dict(item)
    return sorted(
        merged.values(),
        key=lambda p: (
            p["price_type"],
            p["currency"] or "",
            p["countries"],
            p["amount"],
            str(p["valid_from"]),
        ),
    )


def embargo_and_dates(publishing: Children, notes: Notes) -> tuple[dict[str, Any], Any, str | None]:
    """(embargo dates, publication date, its precision) from PublishingDate composites."""
    embargo: dict[str, Any] = {"sales": None, "preorder": None, "streaming": None, "subscription": None}
    published, precision = None, None
    for pd in map(children, publishing.get("PublishingDate", ())):
        role = first_text(pd, "PublishingDateRole")
        date_el = first(pd, "Date")
        fmt = first_text(pd, "DateFormat") or (date_el.get("dateformat") if date_el is not None else None)
        raw = date_el.text if date_el is not None else None
        if role == "01":
            published, precision = parse_date(raw, fmt, notes, "Q31", "publication_date")
        elif role in mappings.EMBARGO_ROLES:
            embargo[mappings.EMBARGO_ROLES[role]], _ = parse_date(raw, fmt, notes, "Q32", "embargo")
    return embargo, published, precision


def publishers(publishing: Children) -> tuple[str | None, str | None]:
    """(publisher, imprint): the publisher with PublishingRole 01, else the first named."""
    names = [
        (first_text(p, "PublishingRole"), first_text(p, "PublisherName"))
        for p in map(children, publishing.get("Publisher", ()))
    ]
    named = [(role, name) for role, name in names if name]
    main = next((name for role, name in named if role == "01"), named[0][1] if named else None)
    imprint = next((name for el in publishing.get("Imprint", ()) for name in texts(el, "ImprintName")), None)
    return main, imprint
