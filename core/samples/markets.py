"""Markets, prices and sales rights that follow a product's language, as real catalogues do.

An English audiobook is sold in the US, Canada, the UK and Ireland, Australia and New Zealand; a German
one in Germany, Austria and Switzerland. Each market becomes one ProductSupply with a price for every
one of its countries (what Q35 checks), and the SalesRights are built around the chosen markets in
the three shapes real senders use, so that every market is inside the for-sale territory (Q33/Q34).
"""

from __future__ import annotations

from dataclasses import dataclass
from random import Random

from core.samples.chance import between, pick, some
from core.samples.model import Market, Price, SalesRights, Territory


@dataclass(frozen=True, slots=True)
class MarketOption:
    """A market as the publisher supplies it: its countries and each country's currency.

    ``groups`` is derived once: one (currency, price territory, first country) entry per currency,
    the territory being None when a single price covers the whole market.
    """

    countries: tuple[str, ...]
    currencies: tuple[str, ...]
    code_list: str
    groups: tuple[tuple[str, str | None, str], ...]


def _m(*pairs: str) -> MarketOption:
    countries = tuple(p.split(":")[0] for p in pairs)
    currencies = tuple(p.split(":")[1] for p in pairs)
    distinct = list(dict.fromkeys(currencies))
    groups = []
    for currency in distinct:
        members = [c for c, cur in zip(countries, currencies, strict=True) if cur == currency]
        # Each price says which countries it is for when the market mixes currencies.
        territory = None if len(distinct) == 1 else " ".join(members)
        groups.append((currency, territory, members[0]))
    return MarketOption(countries, currencies, " ".join(countries), tuple(groups))


LANGUAGE_MARKETS: dict[str, tuple[MarketOption, ...]] = {
    "eng": (_m("US:USD"), _m("CA:CAD"), _m("GB:GBP", "IE:EUR"), _m("AU:AUD", "NZ:NZD")),
    "ger": (_m("DE:EUR"), _m("AT:EUR"), _m("CH:CHF", "LI:CHF")),
    "fre": (_m("FR:EUR"), _m("BE:EUR", "LU:EUR"), _m("CH:CHF"), _m("CA:CAD")),
    "spa": (_m("ES:EUR"), _m("MX:MXN"), _m("US:USD")),
    "swe": (_m("SE:SEK"), _m("FI:EUR"), _m("NO:NOK")),
    "dut": (_m("NL:EUR"), _m("BE:EUR")),
    "ita": (_m("IT:EUR", "SM:EUR"), _m("CH:CHF")),
}

# Rough retail level of each currency against a US-dollar list price, and whether prices in it end
# in .99 or are whole units ending in 9 (Scandinavian and Mexican audiobook prices are whole numbers).
_CURRENCY: dict[str, tuple[float, bool]] = {
    "USD": (1.0, True),
    "CAD": (1.3, True),
    "GBP": (0.85, True),
    "EUR": (0.95, True),
    "AUD": (1.5, True),
    "NZD": (1.6, True),
    "CHF": (1.0, True),
    "SEK": (11.0, False),
    "NOK": (11.0, False),
    "MXN": (18.0, False),
}

# Tax-exclusive list prices are the North American convention (PriceType 01); elsewhere prices
# include VAT/GST (02), or 42 when the publisher sets the retail price on agency terms.
_EXCL_TAX = frozenset({"US", "CA"})


def format_amount(value: float, currency: str) -> str:
    """A retail-looking amount with a dot decimal, e.g. ``14.99`` or ``189.00``."""
    factor, cents = _CURRENCY[currency]
    scaled = value * factor
    if cents:
        return f"{max(int(scaled), 1)}.99"
    return f"{max(int(scaled / 10) * 10 + 9, 19)}.00"


def build_markets(
    options: tuple[MarketOption, ...], *, base: float, supplier: str, availability: str, agency: bool
) -> list[Market]:
    """One Market per option, with a price for every country of it."""
    markets: list[Market] = []
    for option in options:
        prices = [
            Price(
                "01" if first in _EXCL_TAX else ("42" if agency else "02"),
                format_amount(base, currency),
                currency,
                territory,
            )
            for currency, territory, first in option.groups
        ]
        markets.append(Market(option.code_list, supplier, availability, prices))
    return markets


def choose_markets(rng: Random, language: str, *, minimum: int = 2) -> tuple[MarketOption, ...]:
    options = LANGUAGE_MARKETS[language]
    count = between(rng, min(minimum, len(options)), min(4, len(options)))
    picked = sorted(some(rng, range(len(options)), count))
    return tuple(options[i] for i in picked)


def build_rights(
    rng: Random, language: str, chosen: tuple[MarketOption, ...], shape: str | None, restriction: str | None
) -> tuple[list[SalesRights], str | None, str]:
    """Sales rights around the chosen markets; returns (rights, ROWSalesRightsType, shape used)."""
    unchosen = [o for o in LANGUAGE_MARKETS[language] if o not in chosen]
    if shape is None:
        roll = rng.random()
        shape = "world" if roll < 0.45 else ("world_excl" if roll < 0.7 and unchosen else "listed")
    if shape == "world_excl" and not unchosen:
        shape = "listed"
    rights_type = "02" if rng.random() < 0.1 else "01"
    if shape == "world":
        return [SalesRights(rights_type, Territory(regions="WORLD"), restriction)], None, shape
    if shape == "world_excl":
        # Rights in one territory were sold to another publisher: excluded here and stated not for sale.
        excluded = " ".join(pick(rng, unchosen).countries)
        return (
            [
                SalesRights(rights_type, Territory(regions="WORLD", countries_excluded=excluded), restriction),
                SalesRights("03", Territory(countries=excluded)),
            ],
            None,
            shape,
        )
    countries = " ".join(c for o in chosen for c in o.countries)
    return [SalesRights(rights_type, Territory(countries=countries), restriction)], "03", shape


def base_price(amount: str, currency: str) -> float:
    """The US-dollar list price an amount corresponds to (to price a new market like the others)."""
    level, _ = _CURRENCY[currency]
    return float(amount) / level


def reprice(amount: str, currency: str, factor: float) -> str:
    """A new retail-looking amount about ``factor`` times ``amount`` (for delivery-2 price changes)."""
    level, _ = _CURRENCY[currency]
    return format_amount(float(amount) * factor / level, currency)
