"""Delivery 3: a price-only block update (NotificationType 04, Block 6 only) from the deliveries' sender.

A block update is the one ONIX record that is not complete: each block it carries replaces the stored
block, and every block it leaves out stays as it is (onix.md 1.5). Sending only Block 6 (every
ProductSupply) is the everyday case, a price change, and the one a pipeline gets wrong when it treats
the record as complete and blanks titles, contributors and rights. So this file carries 15 delivery-1
products with nothing but their identity and their new supply: 13 that delivery 2 left alone and 2 that
delivery 2 changed outside Block 6 (a title, a description), whose merged record must keep delivery 2's
change and take these prices. Prices go up in some products and down in others, and one product gains
a market inside the sales rights it already has, so every merged record stays clean against the rules.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from datetime import UTC, datetime

from core.samples.deliveries import PRODUCTS_1, SampleSet
from core.samples.markets import LANGUAGE_MARKETS, MarketOption, base_price, build_markets, reprice
from core.samples.model import Market, Product
from core.samples.onix_writer import Header
from core.samples.parties import SENDER

DELIVERY_3 = "delivery-3-prices.xml"
SENT_3 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
MESSAGE_NUMBER_3 = 3
UNCHANGED_IN_UPDATE = 13
CHANGED_KINDS = ("title", "description")  # delivery-2 changes outside Block 6: one product of each
NOTE = "Price update: Block 6 (ProductSupply) only; every other block is unchanged"

# Price factors in file order (the product that gains a market takes none): above 1 raises, below 1
# lowers. Products at even positions move every market, at odd positions the first market only.
_FACTORS = (1.12, 0.85, 1.2, 0.9, 1.15, 0.8, 1.1, 0.88, 1.25, 0.92, 1.18, 0.86, 1.3, 0.75)


@dataclass(frozen=True, slots=True)
class PriceMove:
    """One product of delivery 3 and what happened to its prices, as the README shows it."""

    gtin: str
    record_reference: str
    changed_in_2: str  # what delivery 2 changed in the product; "" when delivery 2 left it alone
    what: str


@dataclass(slots=True)
class PriceUpdate:
    header: Header
    products: list[Product]  # NotificationType 04: identity and markets only
    moves: list[PriceMove]


def build_price_update(samples: SampleSet) -> PriceUpdate:
    """Delivery 3 from the built deliveries (pure: no files, no clock)."""
    unchanged, changed = _choose(samples)
    growing = next(i for i in unchanged if _spare_market(samples.delivery_1[i]) is not None)
    update = PriceUpdate(Header(SENDER, MESSAGE_NUMBER_3, SENT_3, NOTE), [], [])
    factors = iter(_FACTORS)
    for position, index in enumerate(sorted([*unchanged, *changed])):
        old = samples.delivery_1[index]
        markets = copy.deepcopy(old.markets)
        if index == growing:
            markets.append(_new_market(old))
        else:
            factor = next(factors)
            for market in markets if position % 2 == 0 else markets[:1]:
                for price in market.prices:
                    price.amount = _moved(price.amount, price.currency, factor)
        update.products.append(Product(old.record_reference, "04", copy.deepcopy(old.identifiers), markets=markets))
        update.moves.append(
            PriceMove(old.isbn, old.record_reference, changed.get(index, ""), describe(old.markets, markets))
        )
    return update


def describe(old: list[Market], new: list[Market]) -> str:
    """Price moves market by market, e.g. ``market GB IE: GBP 12.99 -> 13.99, EUR 14.99 -> 15.99``."""
    before = {m.countries: m for m in old}
    parts: list[str] = []
    for market in new:
        previous = before.get(market.countries)
        if previous is None:
            prices = ", ".join(f"{p.currency} {p.amount}" for p in market.prices)
            parts.append(f"market {market.countries} added: {prices}")
            continue
        was = {(p.price_type, p.currency, p.countries): p.amount for p in previous.prices}
        moves = [
            f"{p.currency} {was[(p.price_type, p.currency, p.countries)]} -> {p.amount}"
            for p in market.prices
            if was[(p.price_type, p.currency, p.countries)] != p.amount
        ]
        if moves:
            parts.append(f"market {market.countries}: {', '.join(moves)}")
    return "; ".join(parts)


def _choose(samples: SampleSet) -> tuple[list[int], dict[int, str]]:
    """Delivery-1 indices: clean products delivery 2 sent unchanged, and the changed ones by kind."""
    flagged = {d.gtin for d in samples.defects} | {samples.deleted_gtin, samples.rekeyed[0]}
    pairs = zip(samples.delivery_1, samples.delivery_2[:PRODUCTS_1], strict=True)
    candidates = [i for i, (first, second) in enumerate(pairs) if first is second and first.isbn not in flagged]
    step = len(candidates) // UNCHANGED_IN_UPDATE
    unchanged = [candidates[step // 2 + k * step] for k in range(UNCHANGED_IN_UPDATE)]
    position = {p.isbn: i for i, p in enumerate(samples.delivery_1)}
    changed: dict[int, str] = {}
    for kind in CHANGED_KINDS:
        change = next(c for c in samples.changes if c.kind == kind and c.gtin not in flagged)
        index = position[change.gtin]
        # Delivery 2 must not have touched Block 6, or "old" prices would depend on the delivery.
        assert samples.delivery_1[index].markets == samples.delivery_2[index].markets
        changed[index] = f"{change.kind}: {change.what}"
    return unchanged, changed


def _spare_market(p: Product) -> MarketOption | None:
    """A market of the product's language it is not sold in yet but has the rights for (WORLD only)."""
    rights = p.sales_rights
    if len(rights) != 1 or rights[0].territory.regions != "WORLD" or rights[0].territory.countries_excluded:
        return None
    language = next(code for role, code in p.languages if role == "08")
    sold = {m.countries for m in p.markets}
    return next((o for o in LANGUAGE_MARKETS[language] if o.code_list not in sold), None)


def _new_market(p: Product) -> Market:
    option = _spare_market(p)
    assert option is not None
    first = p.markets[0]
    agency = any(price.price_type == "42" for m in p.markets for price in m.prices)
    (market,) = build_markets(
        (option,),
        base=base_price(first.prices[0].amount, first.prices[0].currency),
        supplier=first.supplier,
        availability=first.availability,
        agency=agency,
    )
    return market


def _moved(amount: str, currency: str, factor: float) -> str:
    """``amount`` moved by about ``factor``; a little further when rounding would leave it unchanged."""
    new = reprice(amount, currency, factor)
    while new == amount:
        factor += 0.05 if factor > 1 else -0.05
        new = reprice(amount, currency, factor)
    return new
