"""The legacy sample feed: ONIX 2.1 reference tags in ISO-8859-1 from a third sender, Old Mill Audio.

Real publishers still send 2.1, often as Latin-1, and with the habits of their time (an <EAN13>
element, a record known only by its ISBN-10, HTML in CDATA, ``ROW`` in the rights), so the console
must read such a file as well as a 3.0 one. This feed exercises the 2.1 converter, a non-UTF-8 encoding
(French, German, Spanish and Swedish names and titles, so a reader that assumes UTF-8 fails) and the
WORLD / ROW / NotForSale rights shapes. Its 40 products come from the same clean builder as the
deliveries, adapted to what 2.1 can say (AJ rather than AN/AO, audio-format details only, a duration
in minutes, one publication date, no chapters). Nothing is broken on purpose; what legacy data implies
under the rule catalogue (an audio CD: Q12, an ISBN-10-only record: Q09, HTML in CDATA: Q27) is
registered in ``findings``, so checks, README and tests agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from core.samples.build import Constraints, build_product
from core.samples.deliveries import DefectRecord
from core.samples.durations import in_unit
from core.samples.feed import product_rng
from core.samples.identifiers import gtin13, isbn10
from core.samples.model import Product, Related
from core.samples.onix21_writer import LegacyHeader, LegacyProduct, Rights21
from core.samples.parties import OLD_MILL, OLD_MILL_SENDER

LEGACY_21 = "legacy-2.1.xml"
LEGACY_SEED = 20261124
SENT_LEGACY = date(2026, 11, 24)
PRODUCTS_LEGACY = 40
MESSAGE_NUMBER_LEGACY = 118  # a feed that has been running for years
FORTHCOMING_AT = 5  # the one advance notification (NotificationType 02, AvailabilityCode NP)
AUDIO_CD_AT = (9, 22, 34)
ISBN10_AT = 17
CDATA_PRODUCTS = 2
PRINT_BLOCK = "9781915731"  # the print editions the audiobooks relate to: 978-1-915731-NN-C
_IMPRINT = {"fre": "Éditions du Moulin", "ger": "Mühlstein Hörbücher"}  # others: the house imprint


@dataclass(slots=True)
class LegacyFeed:
    header: LegacyHeader
    products: list[LegacyProduct]
    findings: list[DefectRecord]  # what the rules report on this file: format habits, not defects


def build_legacy() -> LegacyFeed:
    """The 2.1 feed and its expected findings (pure: no files, no clock)."""
    header = LegacyHeader(OLD_MILL_SENDER, MESSAGE_NUMBER_LEGACY, SENT_LEGACY, "eng", "GBP")
    feed = LegacyFeed(header, [_legacy(index) for index in range(PRODUCTS_LEGACY)], [])
    candidates = [item for item in feed.products if _cdata_ok(item)]
    for k in range(CDATA_PRODUCTS):
        candidates[k * len(candidates) // CDATA_PRODUCTS].cdata = True
    for index, item in enumerate(feed.products):
        p = item.product
        found: list[tuple[str, str]] = []
        if index in AUDIO_CD_AT:
            found.append(("Q12", "ProductForm AC (CD-Audio, detail A101): a physical audiobook in the list"))
        if item.isbn10 is not None:
            found.append(("Q09", f"only an ISBN-10 is sent (<ISBN>{item.isbn10}</ISBN>): converted to {p.isbn}"))
        if item.cdata:
            found.append(("Q27", "HTML description (TextFormat 02) inside a CDATA section, a 2.1 habit"))
        for rule, what in found:
            feed.findings.append(DefectRecord(LEGACY_21, p.isbn, p.record_reference, rule, "warning", what))
    return feed


def audio_language(p: Product) -> str:
    return next(code for role, code in p.languages if role == "08")


def _legacy(index: int) -> LegacyProduct:
    p = build_product(
        product_rng(LEGACY_SEED, index),
        isbn_body=f"{OLD_MILL.isbn_block}{index:02d}",
        publisher=OLD_MILL,
        sent=SENT_LEGACY,
        constraints=Constraints(status="soon" if index == FORTHCOMING_AT else "active"),
        isbn_prefix="9781",
    )
    cd = index in AUDIO_CD_AT
    p.product_form = "AC" if cd else "AJ"  # 2.1's List 7 has no AN or AO
    # 2.1's List 78 has the audio formats (A1xx) but not the 3.0 bit-rate and channel details (A4xx).
    p.form_details = ["A101"] if cd else [d for d in p.form_details if d.startswith("A1")]
    assert p.duration is not None
    p.duration = in_unit("05", p.duration.seconds)
    p.chapters = []  # 2.1 has no AVItem
    p.dates = [(role, value) for role, value in p.dates if role == "01"]  # 2.1: PublicationDate only
    p.imprint = _IMPRINT.get(audio_language(p), OLD_MILL.name)
    # The builder relates 978-1 + body, which is this product's own ISBN here: point at the print block.
    p.related = [Related("06", gtin13(f"{PRINT_BLOCK}{index:02d}"), "BB" if index % 4 == 0 else "BC")]
    for rights in p.sales_rights:
        rights.restriction = None  # 2.1 would need a SalesRestriction composite: left out
    item = LegacyProduct(p, rights_21(p, not_for_sale_composite=index % 2 == 0), ean13_element=index % 3 == 0)
    if index == ISBN10_AT:
        item.isbn10 = isbn10(p.isbn)
        p.record_reference = f"{OLD_MILL.record_prefix}.{item.isbn10}"
    return item


def rights_21(p: Product, *, not_for_sale_composite: bool) -> list[Rights21]:
    """The product's sales rights in 2.1's words; the countries for sale are exactly the model's."""
    first = p.sales_rights[0]
    territory = first.territory
    if territory.regions == "WORLD" and not territory.countries_excluded:
        return [Rights21(first.rights_type, territory="WORLD")]
    if territory.regions == "WORLD":
        # WORLD minus what another publisher holds: the home markets, the rest of the world (ROW), and
        # the excluded countries said not for sale.
        markets = " ".join(m.countries for m in p.markets)
        excluded = territory.countries_excluded
        return [
            Rights21(first.rights_type, countries=markets),
            Rights21("02", territory="ROW"),
            Rights21("NFS" if not_for_sale_composite else "03", countries=excluded),
        ]
    assert p.row_sales_rights == "03"  # listed countries, not for sale anywhere else
    return [Rights21(first.rights_type, countries=territory.countries), Rights21("03", territory="ROW")]


def rights_shape(item: LegacyProduct) -> str:
    """How the file states the product's rights (for the README)."""
    territories = {r.territory for r in item.rights}
    if "WORLD" in territories:
        return "WORLD"
    if any(r.kind == "NFS" for r in item.rights):
        return "countries + ROW + NotForSale composite"
    if any(r.kind == "03" and r.countries for r in item.rights):
        return "countries + ROW + SalesRights 03"
    return "countries + ROW not for sale"


def _cdata_ok(item: LegacyProduct) -> bool:
    """An English HTML description that ISO-8859-1 can carry verbatim (CDATA reads no references)."""
    p = item.product
    description = p.text("03")
    if description is None or description.textformat not in ("02", "05") or audio_language(p) != "eng":
        return False
    if item.isbn10 is not None or p.product_form != "AJ":
        return False  # one expected finding per product
    try:
        description.body.encode("iso-8859-1")
    except UnicodeEncodeError:
        return False
    return "]]>" not in description.body
