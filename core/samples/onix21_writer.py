"""Serialise sample products as ONIX 2.1 reference-tag XML, the way legacy senders still write it.

ONIX 2.1 was retired by EDItEUR in 2014, yet long-lived publisher systems still send it, so a console
that ingests publisher feeds must read it. This writer produces what those files look like: a DOCTYPE,
no namespace and no ``release`` attribute, a flat Product without blocks, and the 2.1 forms of what
3.0 groups differently (<Title>, <Series>, <OtherText>, <MediaFile>, <PublicationDate>, RightsCountry /
RightsTerritory with ``WORLD`` and ``ROW``, <NotForSale>, and SupplyDetail directly in the Product with
AvailabilityCode and Price/CountryCode); see onix.md 1.7. Element order follows EDItEUR's
``ONIX_BookProduct_Release2.1_reference.xsd``. The content comes from the same product model as the 3.0
feeds; what only 2.1 can say (an <EAN13> element, an ISBN-10-only record, a CDATA description, the
2.1 rights shapes) is carried beside it in ``LegacyProduct``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from core.samples.blurbs import escape as esc
from core.samples.model import Contributor, Product, Subject
from core.samples.onix_writer import Emit
from core.samples.parties import Sender

DOCTYPE = '<!DOCTYPE ONIXMessage SYSTEM "http://www.editeur.org/onix/2.1/reference/onix-international.dtd">'
ENCODING = "ISO-8859-1"
MESSAGE_START = f'<?xml version="1.0" encoding="{ENCODING}"?>\n{DOCTYPE}\n<ONIXMessage>\n'
MESSAGE_END = "</ONIXMessage>\n"

# PublishingStatus (List 64) as the 2.1 supply AvailabilityCode (List 54) senders put beside it.
AVAILABILITY_CODE = {"04": "IP", "02": "NP", "07": "OP"}
MARKUP_FORMATS = ("02", "05")  # the model's HTML and XHTML bodies; 2.1 sends both as HTML (TextFormat 02)


@dataclass(frozen=True, slots=True)
class LegacyHeader:
    sender: Sender
    message_number: int
    sent: date
    default_language: str
    default_currency: str


@dataclass(frozen=True, slots=True)
class Rights21:
    """One 2.1 rights statement: a SalesRights (``kind`` = SalesRightsType) or, with ``kind`` ``NFS``, a
    NotForSale composite; ``countries`` is RightsCountry, ``territory`` RightsTerritory (WORLD, ROW)."""

    kind: str
    countries: str | None = None
    territory: str | None = None


@dataclass(slots=True)
class LegacyProduct:
    """A model product plus what only ONIX 2.1 can say about how it is sent."""

    product: Product
    rights: list[Rights21] = field(default_factory=list)
    ean13_element: bool = False  # the GTIN as <EAN13> instead of ProductIdentifier 03
    isbn10: str | None = None  # the record's only identifier, as <ISBN> (ten digits)
    cdata: bool = False  # the HTML description inside a CDATA section


def header_xml(h: LegacyHeader) -> str:
    s = h.sender
    return (
        f"  <Header>\n    <FromEANNumber>{s.gln}</FromEANNumber>\n"
        f"    <FromCompany>{esc(s.name)}</FromCompany>\n    <FromPerson>{esc(s.contact)}</FromPerson>\n"
        f"    <FromEmail>{esc(s.email)}</FromEmail>\n    <MessageNumber>{h.message_number}</MessageNumber>\n"
        f"    <SentDate>{h.sent:%Y%m%d}</SentDate>\n"
        f"    <DefaultLanguageOfText>{h.default_language}</DefaultLanguageOfText>\n"
        f"    <DefaultCurrencyCode>{h.default_currency}</DefaultCurrencyCode>\n  </Header>\n"
    )


def message_xml(header: LegacyHeader, products: list[LegacyProduct]) -> str:
    """The whole message as text; ``feed.write_text`` encodes it in ISO-8859-1."""
    return MESSAGE_START + header_xml(header) + "".join(product_xml(p) for p in products) + MESSAGE_END


def product_xml(item: LegacyProduct) -> str:
    p = item.product
    out: list[str] = []
    a = out.append
    a(
        f"  <Product>\n    <RecordReference>{esc(p.record_reference)}</RecordReference>\n"
        f"    <NotificationType>{p.notification}</NotificationType>\n"
    )
    _identifiers(item, a)
    a(f"    <ProductForm>{p.product_form}</ProductForm>\n")
    for detail in p.form_details:
        a(f"    <ProductFormDetail>{detail}</ProductFormDetail>\n")
    a(f"    <ProductContentType>{p.content_type}</ProductContentType>\n")
    if p.series is not None:
        a(
            f"    <Series>\n      <TitleOfSeries>{esc(p.series.name)}</TitleOfSeries>\n"
            f"      <NumberWithinSeries>{p.series.number}</NumberWithinSeries>\n    </Series>\n"
        )
    _title(p, a)
    for contributor in p.contributors:
        _contributor(contributor, a)
    if p.edition:
        a(f"    <EditionTypeCode>{p.edition}</EditionTypeCode>\n")
    for role, code in p.languages:
        a(
            f"    <Language>\n      <LanguageRole>{role}</LanguageRole>\n"
            f"      <LanguageCode>{code}</LanguageCode>\n    </Language>\n"
        )
    if p.duration is not None:
        a(
            f"    <Extent>\n      <ExtentType>09</ExtentType>\n"
            f"      <ExtentValue>{p.duration.value}</ExtentValue>\n"
            f"      <ExtentUnit>{p.duration.unit}</ExtentUnit>\n    </Extent>\n"
        )
    _subjects(p, a)
    for code_type, value in p.audiences:
        a(
            f"    <Audience>\n      <AudienceCodeType>{code_type}</AudienceCodeType>\n"
            f"      <AudienceCodeValue>{value}</AudienceCodeValue>\n    </Audience>\n"
        )
    _texts(item, a)
    _media(p, a)
    a(
        f"    <Imprint>\n      <ImprintName>{esc(p.imprint)}</ImprintName>\n    </Imprint>\n"
        f"    <Publisher>\n      <PublishingRole>01</PublishingRole>\n"
        f"      <PublisherName>{esc(p.publisher)}</PublisherName>\n    </Publisher>\n"
    )
    if p.status:
        a(f"    <PublishingStatus>{p.status}</PublishingStatus>\n")
    published = next((value for role, value in p.dates if role == "01"), None)
    if published:
        a(f"    <PublicationDate>{published}</PublicationDate>\n")
    _rights(item.rights, a)
    for r in p.related:
        a(
            f"    <RelatedProduct>\n      <RelationCode>{r.relation}</RelationCode>\n"
            f"      <ProductIdentifier>\n        <ProductIDType>15</ProductIDType>\n"
            f"        <IDValue>{r.isbn}</IDValue>\n      </ProductIdentifier>\n"
            f"      <ProductForm>{r.form}</ProductForm>\n    </RelatedProduct>\n"
        )
    _supply(p, a)
    a("  </Product>\n")
    return "".join(out)


def _identifiers(item: LegacyProduct, a: Emit) -> None:
    if item.isbn10 is not None:
        a(f"    <ISBN>{item.isbn10}</ISBN>\n")
        return
    idents = item.product.identifiers
    gtin = next((i.value for i in idents if i.id_type == "03"), None) if item.ean13_element else None
    if gtin is not None:
        a(f"    <EAN13>{gtin}</EAN13>\n")  # the schema wants it before any ProductIdentifier
    for ident in idents:
        if gtin is not None and ident.id_type == "03":
            continue
        name = f"      <IDTypeName>{esc(ident.type_name)}</IDTypeName>\n" if ident.type_name else ""
        a(
            f"    <ProductIdentifier>\n      <ProductIDType>{ident.id_type}</ProductIDType>\n{name}"
            f"      <IDValue>{ident.value}</IDValue>\n    </ProductIdentifier>\n"
        )


def _title(p: Product, a: Emit) -> None:
    t = p.title
    if t.prefix is not None:
        text = (
            f"      <TitlePrefix>{esc(t.prefix)}</TitlePrefix>\n"
            f"      <TitleWithoutPrefix>{esc(t.without_prefix)}</TitleWithoutPrefix>\n"
        )
    else:
        text = f"      <TitleText>{esc(t.text)}</TitleText>\n"
    subtitle = f"      <Subtitle>{esc(t.subtitle)}</Subtitle>\n" if t.subtitle else ""
    a(f"    <Title>\n      <TitleType>01</TitleType>\n{text}{subtitle}    </Title>\n")


def _contributor(c: Contributor, a: Emit) -> None:
    parts = [
        f"    <Contributor>\n      <SequenceNumber>{c.sequence}</SequenceNumber>\n"
        f"      <ContributorRole>{c.role}</ContributorRole>\n"
    ]
    if c.person_name is not None:
        parts.append(f"      <PersonName>{esc(c.person_name)}</PersonName>\n")
        if c.inverted is not None:
            parts.append(f"      <PersonNameInverted>{esc(c.inverted)}</PersonNameInverted>\n")
        if c.key_names is not None:
            if c.names_before_key is not None:
                parts.append(f"      <NamesBeforeKey>{esc(c.names_before_key)}</NamesBeforeKey>\n")
            if c.prefix_to_key is not None:
                parts.append(f"      <PrefixToKey>{esc(c.prefix_to_key)}</PrefixToKey>\n")
            parts.append(f"      <KeyNames>{esc(c.key_names)}</KeyNames>\n")
    elif c.corporate_name is not None:
        parts.append(f"      <CorporateName>{esc(c.corporate_name)}</CorporateName>\n")
    if c.bio:
        parts.append(f"      <BiographicalNote>{esc(c.bio)}</BiographicalNote>\n")
    parts.append("    </Contributor>\n")
    a("".join(parts))


def _subjects(p: Product, a: Emit) -> None:
    """BISAC main subject as BASICMainSubject, another scheme's main subject as a MainSubject
    composite, the rest as Subject composites (2.1 Subject has no main flag)."""
    bisac = next((s for s in p.subjects if s.main and s.scheme == "10"), None)
    if bisac is not None:
        a(f"    <BASICMainSubject>{bisac.code}</BASICMainSubject>\n")
    for s in p.subjects:
        if s.main and s is not bisac:
            a(
                "    <MainSubject>\n"
                f"      <MainSubjectSchemeIdentifier>{s.scheme}</MainSubjectSchemeIdentifier>\n"
                f"      <SubjectCode>{s.code}</SubjectCode>\n{_heading(s)}    </MainSubject>\n"
            )
    for s in p.subjects:
        if s.main:
            continue
        code = f"      <SubjectCode>{s.code}</SubjectCode>\n" if s.code else ""
        heading = _heading(s)
        a(
            f"    <Subject>\n      <SubjectSchemeIdentifier>{s.scheme}</SubjectSchemeIdentifier>\n"
            f"{code}{heading}    </Subject>\n"
        )


def _heading(s: Subject) -> str:
    return f"      <SubjectHeadingText>{esc(s.heading)}</SubjectHeadingText>\n" if s.heading else ""


def _texts(item: LegacyProduct, a: Emit) -> None:
    """Description as OtherText 01, short description as OtherText 02 (List 33)."""
    p = item.product
    for text_type, code in (("03", "01"), ("02", "02")):
        text = p.text(text_type)
        if text is None:
            continue
        fmt = "02" if text.textformat in MARKUP_FORMATS else text.textformat
        if fmt == "02" and item.cdata and text_type == "03":
            if "]]>" in text.body or not _latin1(text.body):
                raise ValueError(f"{p.record_reference}: a CDATA body must be ISO-8859-1 text without ']]>'")
            body = f"<![CDATA[{text.body}]]>"
        else:
            body = esc(text.body)  # HTML is sent escaped: the parsed text is the markup
        fmt_el = f"      <TextFormat>{fmt}</TextFormat>\n" if fmt else ""
        a(
            f"    <OtherText>\n      <TextTypeCode>{code}</TextTypeCode>\n{fmt_el}"
            f"      <Text>{body}</Text>\n    </OtherText>\n"
        )


def _latin1(text: str) -> bool:
    try:
        text.encode("iso-8859-1")
    except UnicodeEncodeError:
        return False
    return True


def _media(p: Product, a: Emit) -> None:
    """Front cover (List 38 code 04) and audio sample (44), each linked by URL (List 40 code 01)."""
    for kind, url, fmt in (
        ("04", p.cover.url if p.cover else None, "03" if p.cover and p.cover.file_format else None),
        ("44", p.sample.url if p.sample else None, "07" if p.sample and p.sample.file_format else None),
    ):
        if url is None:
            continue
        fmt_el = f"      <MediaFileFormatCode>{fmt}</MediaFileFormatCode>\n" if fmt else ""
        a(
            f"    <MediaFile>\n      <MediaFileTypeCode>{kind}</MediaFileTypeCode>\n{fmt_el}"
            f"      <MediaFileLinkTypeCode>01</MediaFileLinkTypeCode>\n"
            f"      <MediaFileLink>{esc(url)}</MediaFileLink>\n    </MediaFile>\n"
        )


def _rights(rights: list[Rights21], a: Emit) -> None:
    # The schema wants every SalesRights (at most three) before any NotForSale.
    for r in sorted(rights, key=lambda r: r.kind == "NFS"):
        inner = ""
        if r.countries:
            inner += f"      <RightsCountry>{r.countries}</RightsCountry>\n"
        if r.territory:
            inner += f"      <RightsTerritory>{r.territory}</RightsTerritory>\n"
        if r.kind == "NFS":
            a(f"    <NotForSale>\n{inner}    </NotForSale>\n")
        else:
            kind = f"      <SalesRightsType>{r.kind}</SalesRightsType>\n"
            a(f"    <SalesRights>\n{kind}{inner}    </SalesRights>\n")


def _supply(p: Product, a: Emit) -> None:
    """One SupplyDetail per market; every price names its countries (CountryCode, one per element)."""
    for m in p.markets:
        prices = []
        for price in m.prices:
            countries = "".join(
                f"        <CountryCode>{c}</CountryCode>\n" for c in (price.countries or m.countries).split()
            )
            prices.append(
                f"      <Price>\n        <PriceTypeCode>{price.price_type}</PriceTypeCode>\n"
                f"        <PriceAmount>{price.amount}</PriceAmount>\n"
                f"        <CurrencyCode>{price.currency}</CurrencyCode>\n{countries}      </Price>\n"
            )
        a(
            f"    <SupplyDetail>\n      <SupplierName>{esc(m.supplier)}</SupplierName>\n"
            f"      <SupplyToCountry>{m.countries}</SupplyToCountry>\n"
            f"      <AvailabilityCode>{AVAILABILITY_CODE[p.status or '04']}</AvailabilityCode>\n"
            f"      <ProductAvailability>{m.availability}</ProductAvailability>\n{''.join(prices)}"
            "    </SupplyDetail>\n"
        )
