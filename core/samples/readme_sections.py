"""README sections for the three extra sample files, and the small helpers every section shares.

Split from readme.py to keep each module small; like the rest of the README, every sentence here is
computed from the built products, so it says what the files contain.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from core.samples.block_update import DELIVERY_3, PriceUpdate
from core.samples.deliveries import DELIVERY_1, DELIVERY_2
from core.samples.legacy import LEGACY_21, PRINT_BLOCK, LegacyFeed, audio_language, rights_shape
from core.samples.model import Product
from core.samples.onix21_writer import DOCTYPE, ENCODING
from core.samples.onix_writer import sent_date_time
from core.samples.parties import BRIGHTWATER, OLD_MILL
from core.samples.short_tags import SHORT_NAMESPACE, SHORT_TAGS, ShortFeed


def counts(values: Iterable[str]) -> str:
    counted = Counter(values)
    return ", ".join(f"{key} {n}" for key, n in sorted(counted.items(), key=lambda kv: (-kv[1], kv[0])))


def cell(text: str) -> str:
    return text.replace("|", "\\|")


def glance(products: list[Product]) -> list[str]:
    live = [p for p in products if p.notification != "05"]
    return [
        f"- publishers: {counts(p.publisher for p in live)}",
        f"- languages (audio): {counts(code for p in live for role, code in p.languages if role == '08')}",
        f"- product forms: {counts(p.product_form for p in live)}; content types (List 81): "
        f"{counts(p.content_type for p in live)}",
        f"- publishing status (List 64): {counts(p.status or 'none' for p in live)}",
        f"- duration units (List 24): {counts(p.duration.unit for p in live if p.duration)}",
        f"- with chapters: {sum(1 for p in live if p.chapters)}; in a series: "
        f"{sum(1 for p in live if p.series)}; description as XHTML / escaped HTML / plain: "
        f"{sum(1 for p in live for t in p.texts if t.text_type == '03' and t.textformat == '05')} / "
        f"{sum(1 for p in live for t in p.texts if t.text_type == '03' and t.textformat == '02')} / "
        f"{sum(1 for p in live for t in p.texts if t.text_type == '03' and t.textformat in (None, '06'))}",
    ]


def file_lines(update: PriceUpdate, legacy: LegacyFeed, short: ShortFeed) -> list[str]:
    """The extra files' entries of the README's file list."""
    h3, h21, hs = update.header, legacy.header, short.header
    return [
        f"- `{DELIVERY_3}`: ONIX 3.0, reference tags, UTF-8: a **block update** from the same sender, "
        f"MessageNumber {h3.message_number}, SentDateTime {sent_date_time(h3.sent)}: {len(update.products)} "
        f"products of {DELIVERY_1}, each with NotificationType 04, RecordReference, ProductIdentifier and "
        "only Block 6 (all its ProductSupply composites), with new prices. It exercises the Block 6 merge.",
        f"- `{LEGACY_21}`: ONIX 2.1, reference tags, **{ENCODING}**, with a DOCTYPE and, as most real 2.1 "
        f"files, no namespace and no release attribute. Sender {h21.sender.name} (FromEANNumber "
        f"{h21.sender.gln}), MessageNumber {h21.message_number}, SentDate {h21.sent:%Y%m%d}: "
        f"{len(legacy.products)} audiobooks of the fictional legacy publisher {OLD_MILL.name} (ISBN block "
        f"978-1-{OLD_MILL.isbn_block}). It exercises the 2.1 converter, ISO-8859-1 and ROW/WORLD rights.",
        f"- `{SHORT_TAGS}`: ONIX 3.0, **short tags**, UTF-8. Sender {hs.sender.name} (GLN {hs.sender.gln}), "
        f"MessageNumber {hs.message_number}, SentDateTime {sent_date_time(hs.sent)}: {len(short.products)} "
        f"clean audiobooks of the fictional publisher {BRIGHTWATER.name} (ISBN block "
        f"979-8-{BRIGHTWATER.isbn_block}). It exercises the short-to-reference tag map.",
    ]


def seed_lines(seed_order: tuple[str, ...]) -> list[str]:
    return [
        "## Seed order",
        "",
        "A first start ingests the files in this order (`core.samples.SEED_ORDER`): "
        + ", ".join(f"{n}. `{name}`" for n, name in enumerate(seed_order, start=1))
        + ".",
        f"`{DELIVERY_1}` is approved as the catalogue; `{DELIVERY_2}` then holds real pending changes; the",
        f"block update `{DELIVERY_3}` must follow both (it updates products the catalogue already has, Q07,",
        "and comes from the same sender a week later, Q04); the two other senders' files follow by date.",
        "",
    ]


def price_update_lines(update: PriceUpdate) -> list[str]:
    return [
        f"## {DELIVERY_3}: a price-only block update",
        "",
        "Each product carries RecordReference, NotificationType 04, its ProductIdentifiers and its",
        "ProductSupply composites, nothing else: Block 6 replaces all the stored ProductSupply, Blocks 1-5",
        "stay as the catalogue has them (onix.md 1.5). Unchanged markets are sent again as they were. Two",
        f"products were changed by {DELIVERY_2} outside Block 6: the merged record keeps that change and",
        f"takes these prices. Their Block 6 is the same in {DELIVERY_1} and {DELIVERY_2}, so the old prices",
        "below are both deliveries' prices. No product breaks a rule after the merge (the added market lies",
        "inside the product's WORLD sales rights).",
        "",
        "| GTIN | RecordReference | changed in delivery 2 | prices (old -> new) |",
        "|---|---|---|---|",
        *(
            f"| {m.gtin} | {m.record_reference} | {cell(m.changed_in_2) or 'no'} | {cell(m.what)} |"
            for m in update.moves
        ),
        "",
    ]


def legacy_lines(feed: LegacyFeed) -> list[str]:
    items = feed.products
    models = [i.product for i in items]
    return [
        f"## {LEGACY_21}: ONIX 2.1 in {ENCODING}",
        "",
        f'- declaration `encoding="{ENCODING}"`, and the bytes are Latin-1 (accented names and titles:',
        f"  not valid UTF-8); `{DOCTYPE}`; root `<ONIXMessage>` without namespace or release.",
        "- 2.1 Header: FromEANNumber, FromCompany, FromPerson, FromEmail, MessageNumber, SentDate,",
        "  DefaultLanguageOfText, DefaultCurrencyCode.",
        "- 2.1 Product structures: RecordReference, NotificationType, ProductIdentifier 15 (plus 01),",
        f"  `<EAN13>` on {sum(1 for i in items if i.ean13_element)} products and `<ISBN>` (an ISBN-10, the "
        "only identifier) on 1; ProductForm, ProductFormDetail (List 78), ProductContentType;",
        "  `<Series>` with TitleOfSeries and NumberWithinSeries; `<Title>` with TitleText or",
        "  TitlePrefix/TitleWithoutPrefix and Subtitle; Contributor (roles: "
        f"{counts(c.role for p in models for c in p.contributors)});",
        "  EditionTypeCode; Language (roles 01, 08, 02); Extent (ExtentType 09 in minutes, unit 05);",
        "  BASICMainSubject, MainSubject and Subject; Audience; `<OtherText>` (TextTypeCode 01 description,",
        "  02 short description; TextFormat 02 for HTML); `<MediaFile>` (04 front cover, 44 audio sample,",
        "  MediaFileLinkTypeCode 01 URL); Imprint, Publisher, PublishingStatus, PublicationDate; SalesRights",
        "  with RightsCountry / RightsTerritory and `<NotForSale>`; RelatedProduct (RelationCode 06, the",
        f"  print edition, block {PRINT_BLOCK[:3]}-{PRINT_BLOCK[3]}-{PRINT_BLOCK[4:]}); SupplyDetail",
        "  (SupplierName, SupplyToCountry, AvailabilityCode, ProductAvailability, Price with PriceTypeCode,",
        "  PriceAmount, CurrencyCode, CountryCode).",
        f"- rights as sent: {counts(rights_shape(i) for i in items)}",
        f"- notification types: {counts(p.notification for p in models)}; languages (audio): "
        f"{counts(audio_language(p) for p in models)}",
        f"- product forms: {counts(p.product_form for p in models)}; imprints: {counts(p.imprint for p in models)}",
        f"- descriptions with TextFormat 02 (HTML): {sum(1 for p in models if _html(p))}, of which in CDATA: "
        f"{sum(1 for i in items if i.cdata)}",
        "- every product validates against `ONIX_BookProduct_Release2.1_reference.xsd` once the namespace",
        "  `http://www.editeur.org/onix/2.1/reference` is added (the tests do that).",
        "",
        "No product carries a deliberate defect. What this legacy data implies under the rule catalogue is",
        "expected all the same, and listed here and in `core.samples.sample_defects()` (like the defect",
        "table), so the checks can be held to exactly these findings:",
        "",
        "| file | GTIN | RecordReference | rule | severity | what the rules report |",
        "|---|---|---|---|---|---|",
        *(
            f"| {d.file} | {d.gtin} | {d.record_reference} | {d.rule} | {d.severity} | {cell(d.what)} |"
            for d in feed.findings
        ),
        "",
    ]


def short_lines(feed: ShortFeed) -> list[str]:
    return [
        f"## {SHORT_TAGS}: ONIX 3.0 short tags",
        "",
        f'Root `<ONIXmessage release="3.0" xmlns="{SHORT_NAMESPACE}">`. The products are written as a',
        "reference-tag feed would have them and every ONIX element is renamed through the inverse of the",
        "map generated from EDItEUR's short-tag schema (`core.feeds.tags.short_to_reference`); XHTML in",
        "descriptions keeps its own names. The file validates against `ONIX_BookProduct_3.0_short.xsd`,",
        "and no product breaks a rule.",
        "",
        *glance(feed.products),
        "",
    ]


def _html(p: Product) -> bool:
    description = p.text("03")
    return description is not None and description.textformat in ("02", "05")
