"""Serialise sample products as ONIX 3.0 reference-tag XML, one string per product.

The writer builds text directly (no DOM) because it must stream feeds of any size in constant
memory and at tens of thousands of products per second for benchmarks. Element order follows the
content model of EDItEUR's ``ONIX_BookProduct_3.0_reference.xsd`` (rev 3.0.8). Every free-text value
is escaped here; written verbatim are only XHTML description bodies (``textformat="05"``), which are
markup by definition, and code values (identifiers, list codes, country lists, amounts, dates), which
the model only ever holds as plain codes. The writer never "fixes" a value: a defect in the model,
such as a raw control character or ``13,99``, reaches the file exactly as the defect registry put it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from core.samples.blurbs import escape as esc
from core.samples.durations import hhhmmss
from core.samples.model import Contributor, Product, Territory
from core.samples.parties import Sender

ONIX_NAMESPACE = "http://ns.editeur.org/onix/3.0/reference"
MESSAGE_START = f'<?xml version="1.0" encoding="UTF-8"?>\n<ONIXMessage release="3.0" xmlns="{ONIX_NAMESPACE}">\n'
MESSAGE_END = "</ONIXMessage>\n"

Emit = Callable[[str], None]


@dataclass(frozen=True, slots=True)
class Header:
    sender: Sender
    message_number: int
    sent: datetime  # UTC
    note: str | None = None  # MessageNote, e.g. what a block update is for


def sent_date_time(sent: datetime) -> str:
    """ONIX SentDateTime in UTC, e.g. ``20261102T0900Z``."""
    return sent.strftime("%Y%m%dT%H%MZ")


def header_xml(header: Header) -> str:
    s = header.sender
    return (
        "  <Header>\n    <Sender>\n      <SenderIdentifier>\n        <SenderIDType>06</SenderIDType>\n"
        f"        <IDValue>{s.gln}</IDValue>\n      </SenderIdentifier>\n"
        f"      <SenderName>{esc(s.name)}</SenderName>\n      <ContactName>{esc(s.contact)}</ContactName>\n"
        f"      <EmailAddress>{esc(s.email)}</EmailAddress>\n    </Sender>\n"
        f"    <MessageNumber>{header.message_number}</MessageNumber>\n"
        f"    <SentDateTime>{sent_date_time(header.sent)}</SentDateTime>\n"
        + (f"    <MessageNote>{esc(header.note)}</MessageNote>\n" if header.note else "")
        + "  </Header>\n"
    )


def product_xml(p: Product) -> str:
    out: list[str] = []
    a = out.append
    _identity(p, a)
    if p.notification != "05":  # a delete carries its identity only
        _descriptive(p, a)
        _collateral(p, a)
        _content(p, a)
        _publishing(p, a)
        _related(p, a)
        _supply(p, a)
    a("  </Product>\n")
    return "".join(out)


def supply_update_xml(p: Product) -> str:
    """A block update (NotificationType 04) that carries Block 6 only: its identity, then every
    ProductSupply; the receiver keeps Blocks 1-5 as it has them (onix.md 1.5)."""
    out: list[str] = []
    a = out.append
    _identity(p, a)
    _supply(p, a)
    a("  </Product>\n")
    return "".join(out)


def _identity(p: Product, a: Emit) -> None:
    a(
        f"  <Product>\n    <RecordReference>{esc(p.record_reference)}</RecordReference>\n"
        f"    <NotificationType>{p.notification}</NotificationType>\n"
    )
    if p.deletion_text:
        a(f"    <DeletionText>{esc(p.deletion_text)}</DeletionText>\n")
    for ident in p.identifiers:
        name = f"      <IDTypeName>{esc(ident.type_name)}</IDTypeName>\n" if ident.type_name else ""
        a(
            f"    <ProductIdentifier>\n      <ProductIDType>{ident.id_type}</ProductIDType>\n{name}"
            f"      <IDValue>{ident.value}</IDValue>\n    </ProductIdentifier>\n"
        )


def _descriptive(p: Product, a: Emit) -> None:
    a(
        f"    <DescriptiveDetail>\n      <ProductComposition>00</ProductComposition>\n"
        f"      <ProductForm>{p.product_form}</ProductForm>\n"
    )
    for detail in p.form_details:
        a(f"      <ProductFormDetail>{detail}</ProductFormDetail>\n")
    a(f"      <PrimaryContentType>{p.content_type}</PrimaryContentType>\n")
    if p.series is not None:
        s = p.series
        a("      <Collection>\n        <CollectionType>10</CollectionType>\n")
        if not s.as_part_number:
            a(
                "        <CollectionSequence>\n"
                "          <CollectionSequenceType>02</CollectionSequenceType>\n"
                f"          <CollectionSequenceNumber>{s.number}</CollectionSequenceNumber>\n"
                "        </CollectionSequence>\n"
            )
        part = f"            <PartNumber>{s.number}</PartNumber>\n" if s.as_part_number else ""
        a(
            "        <TitleDetail>\n          <TitleType>01</TitleType>\n          <TitleElement>\n"
            f"            <TitleElementLevel>02</TitleElementLevel>\n{part}"
            f"            <TitleText>{esc(s.name)}</TitleText>\n          </TitleElement>\n"
            "        </TitleDetail>\n      </Collection>\n"
        )
    t = p.title
    if t.prefix is not None:
        text = (
            f"          <TitlePrefix>{esc(t.prefix)}</TitlePrefix>\n"
            f"          <TitleWithoutPrefix>{esc(t.without_prefix)}</TitleWithoutPrefix>\n"
        )
    else:
        text = f"          <TitleText>{esc(t.text)}</TitleText>\n"
    subtitle = f"          <Subtitle>{esc(t.subtitle)}</Subtitle>\n" if t.subtitle else ""
    a(
        "      <TitleDetail>\n        <TitleType>01</TitleType>\n        <TitleElement>\n"
        f"          <TitleElementLevel>01</TitleElementLevel>\n{text}{subtitle}"
        "        </TitleElement>\n      </TitleDetail>\n"
    )
    for contributor in p.contributors:
        _contributor(contributor, a)
    if p.edition:
        a(f"      <EditionType>{p.edition}</EditionType>\n")
    for role, code in p.languages:
        a(
            f"      <Language>\n        <LanguageRole>{role}</LanguageRole>\n"
            f"        <LanguageCode>{code}</LanguageCode>\n      </Language>\n"
        )
    if p.duration is not None:
        d = p.duration
        a(
            "      <Extent>\n        <ExtentType>09</ExtentType>\n"
            f"        <ExtentValue>{d.value}</ExtentValue>\n"
            f"        <ExtentUnit>{d.unit}</ExtentUnit>\n      </Extent>\n"
        )
    for subject in p.subjects:
        main = "        <MainSubject/>\n" if subject.main else ""
        code = f"        <SubjectCode>{subject.code}</SubjectCode>\n" if subject.code else ""
        heading = (
            f"        <SubjectHeadingText>{esc(subject.heading)}</SubjectHeadingText>\n" if subject.heading else ""
        )
        a(
            f"      <Subject>\n{main}"
            f"        <SubjectSchemeIdentifier>{subject.scheme}</SubjectSchemeIdentifier>\n"
            f"{code}{heading}      </Subject>\n"
        )
    for code_type, value in p.audiences:
        a(
            f"      <Audience>\n        <AudienceCodeType>{code_type}</AudienceCodeType>\n"
            f"        <AudienceCodeValue>{value}</AudienceCodeValue>\n      </Audience>\n"
        )
    a("    </DescriptiveDetail>\n")


def _contributor(c: Contributor, a: Emit) -> None:
    parts = [
        f"      <Contributor>\n        <SequenceNumber>{c.sequence}</SequenceNumber>\n"
        f"        <ContributorRole>{c.role}</ContributorRole>\n"
    ]
    if c.person_name is not None:
        parts.append(f"        <PersonName>{esc(c.person_name)}</PersonName>\n")
        if c.inverted is not None:
            parts.append(f"        <PersonNameInverted>{esc(c.inverted)}</PersonNameInverted>\n")
        if c.key_names is not None:
            if c.names_before_key is not None:
                parts.append(f"        <NamesBeforeKey>{esc(c.names_before_key)}</NamesBeforeKey>\n")
            if c.prefix_to_key is not None:
                parts.append(f"        <PrefixToKey>{esc(c.prefix_to_key)}</PrefixToKey>\n")
            parts.append(f"        <KeyNames>{esc(c.key_names)}</KeyNames>\n")
    elif c.corporate_name is not None:
        parts.append(f"        <CorporateName>{esc(c.corporate_name)}</CorporateName>\n")
    elif c.unnamed is not None:
        parts.append(f"        <UnnamedPersons>{c.unnamed}</UnnamedPersons>\n")
    if c.bio:
        parts.append(f"        <BiographicalNote>{esc(c.bio)}</BiographicalNote>\n")
    parts.append("      </Contributor>\n")
    a("".join(parts))


def _collateral(p: Product, a: Emit) -> None:
    a("    <CollateralDetail>\n")
    for t in p.texts:
        body = t.body if t.textformat == "05" else esc(t.body)  # XHTML bodies are already markup
        attr = f' textformat="{t.textformat}"' if t.textformat else ""
        a(
            f"      <TextContent>\n        <TextType>{t.text_type}</TextType>\n"
            f"        <ContentAudience>00</ContentAudience>\n        <Text{attr}>{body}</Text>\n"
            "      </TextContent>\n"
        )
    if p.cover is not None:
        c = p.cover
        fmt = _version_feature("01", c.file_format) if c.file_format else ""
        a(
            "      <SupportingResource>\n        <ResourceContentType>01</ResourceContentType>\n"
            "        <ContentAudience>00</ContentAudience>\n        <ResourceMode>03</ResourceMode>\n"
            f"        <ResourceVersion>\n          <ResourceForm>02</ResourceForm>\n{fmt}"
            f"{_version_feature('02', str(c.height))}{_version_feature('03', str(c.width))}"
            f"          <ResourceLink>{esc(c.url)}</ResourceLink>\n        </ResourceVersion>\n"
            "      </SupportingResource>\n"
        )
    if p.sample is not None:
        s = p.sample
        fmt = _version_feature("01", s.file_format) if s.file_format else ""
        a(
            "      <SupportingResource>\n        <ResourceContentType>15</ResourceContentType>\n"
            "        <ContentAudience>00</ContentAudience>\n        <ResourceMode>02</ResourceMode>\n"
            "        <ResourceFeature>\n          <ResourceFeatureType>04</ResourceFeatureType>\n"
            f"          <FeatureValue>{s.minutes}</FeatureValue>\n        </ResourceFeature>\n"
            f"        <ResourceVersion>\n          <ResourceForm>02</ResourceForm>\n{fmt}"
            f"          <ResourceLink>{esc(s.url)}</ResourceLink>\n        </ResourceVersion>\n"
            "      </SupportingResource>\n"
        )
    a("    </CollateralDetail>\n")


def _version_feature(feature_type: str, value: str) -> str:
    return (
        "          <ResourceVersionFeature>\n"
        f"            <ResourceVersionFeatureType>{feature_type}</ResourceVersionFeatureType>\n"
        f"            <FeatureValue>{esc(value)}</FeatureValue>\n          </ResourceVersionFeature>\n"
    )


def _content(p: Product, a: Emit) -> None:
    if not p.chapters:
        return
    a("    <ContentDetail>\n")
    for ch in p.chapters:
        a(
            f"      <ContentItem>\n        <LevelSequenceNumber>{ch.number}</LevelSequenceNumber>\n"
            "        <AVItem>\n          <AVItemType>03</AVItemType>\n          <TimeRun>\n"
            f"            <StartTime>{hhhmmss(ch.start)}</StartTime>\n"
            f"            <EndTime>{hhhmmss(ch.start + ch.length)}</EndTime>\n          </TimeRun>\n"
            f"          <AVDuration>{hhhmmss(ch.length)}</AVDuration>\n        </AVItem>\n"
            "        <TitleDetail>\n          <TitleType>01</TitleType>\n          <TitleElement>\n"
            "            <TitleElementLevel>04</TitleElementLevel>\n"
            f"            <TitleText>{esc(ch.title)}</TitleText>\n          </TitleElement>\n"
            "        </TitleDetail>\n      </ContentItem>\n"
        )
    a("    </ContentDetail>\n")


def _territory(t: Territory, indent: str) -> str:
    inner = indent + "  "
    parts = [f"{indent}<Territory>\n"]
    if t.countries:
        parts.append(f"{inner}<CountriesIncluded>{t.countries}</CountriesIncluded>\n")
        if t.regions:
            parts.append(f"{inner}<RegionsIncluded>{t.regions}</RegionsIncluded>\n")
    else:
        parts.append(f"{inner}<RegionsIncluded>{t.regions or ''}</RegionsIncluded>\n")
        if t.countries_excluded:
            parts.append(f"{inner}<CountriesExcluded>{t.countries_excluded}</CountriesExcluded>\n")
    parts.append(f"{indent}</Territory>\n")
    return "".join(parts)


def _publishing(p: Product, a: Emit) -> None:
    a(
        f"    <PublishingDetail>\n      <Imprint>\n        <ImprintName>{esc(p.imprint)}</ImprintName>\n"
        "      </Imprint>\n      <Publisher>\n        <PublishingRole>01</PublishingRole>\n"
        f"        <PublisherName>{esc(p.publisher)}</PublisherName>\n      </Publisher>\n"
    )
    if p.status:
        a(f"      <PublishingStatus>{p.status}</PublishingStatus>\n")
    for role, value in p.dates:
        a(
            f"      <PublishingDate>\n        <PublishingDateRole>{role}</PublishingDateRole>\n"
            f"        <Date>{value}</Date>\n      </PublishingDate>\n"
        )
    for rights in p.sales_rights:
        restriction = (
            (
                "        <SalesRestriction>\n"
                f"          <SalesRestrictionType>{rights.restriction}</SalesRestrictionType>\n"
                "        </SalesRestriction>\n"
            )
            if rights.restriction
            else ""
        )
        a(
            f"      <SalesRights>\n        <SalesRightsType>{rights.rights_type}</SalesRightsType>\n"
            f"{_territory(rights.territory, '        ')}{restriction}      </SalesRights>\n"
        )
    if p.row_sales_rights:
        a(f"      <ROWSalesRightsType>{p.row_sales_rights}</ROWSalesRightsType>\n")
    a("    </PublishingDetail>\n")


def _related(p: Product, a: Emit) -> None:
    if not p.related:
        return
    a("    <RelatedMaterial>\n")
    for r in p.related:
        a(
            f"      <RelatedProduct>\n        <ProductRelationCode>{r.relation}</ProductRelationCode>\n"
            "        <ProductIdentifier>\n          <ProductIDType>15</ProductIDType>\n"
            f"          <IDValue>{r.isbn}</IDValue>\n        </ProductIdentifier>\n"
            f"        <ProductForm>{r.form}</ProductForm>\n      </RelatedProduct>\n"
        )
    a("    </RelatedMaterial>\n")


def _supply(p: Product, a: Emit) -> None:
    for m in p.markets:
        prices = []
        for price in m.prices:
            territory = _territory(Territory(countries=price.countries), "          ") if price.countries else ""
            prices.append(
                f"        <Price>\n          <PriceType>{price.price_type}</PriceType>\n"
                f"          <PriceAmount>{price.amount}</PriceAmount>\n"
                f"          <CurrencyCode>{price.currency}</CurrencyCode>\n"
                f"{territory}        </Price>\n"
            )
        a(
            f"    <ProductSupply>\n      <Market>\n{_territory(Territory(countries=m.countries), '        ')}"
            "      </Market>\n      <SupplyDetail>\n        <Supplier>\n"
            "          <SupplierRole>01</SupplierRole>\n"
            f"          <SupplierName>{esc(m.supplier)}</SupplierName>\n        </Supplier>\n"
            f"        <ProductAvailability>{m.availability}</ProductAvailability>\n{''.join(prices)}"
            "      </SupplyDetail>\n    </ProductSupply>\n"
        )
