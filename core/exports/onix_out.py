"""The partner export's ONIX 3.0 writer: CCF records out as one ONIX 3.0 message, reference or short tags.

The message is written incrementally with lxml's `etree.xmlfile`: the Header, then each Product built as a
small element tree, written and dropped, so memory does not grow with the catalogue. The same inputs give
the same bytes: nothing reads the clock, and every list is written in the record's own (sorted) order.

Codes are the reverse of the converter's (core/ccf/convert): the tables in `mappings` and the EDItEUR code
lists in `core.ccf.codes` are read backwards, never retyped, so what this module writes the converter reads
back to the same CCF (tests/core/exports/test_onix_out.py ingests the output and compares). Where CCF keeps
the code as sent (`product_form_code`, a contributor's `onix_role`, `other:<code>` values) it is written as is.

What CCF cannot say, or ONIX cannot carry, and how it is written:
- NotificationType is always 03 (a complete record, as a partner snapshot is), whatever the sender's was.
- The product's GTIN-13 is always sent as a ProductIdentifier (15 for an ISBN prefix 978/979, else 03),
  even when the sender gave only an ISBN-10: the identifiers read back then include it.
- A missing RecordReference (mandatory in ONIX) is written as the product key.
- A synthetic voice is `UnnamedPersons 07` (CCF does not keep which of 05-08 it was); its name, if any, goes
  in `AlternativeName` (which the converter does not read). A contributor without any name is
  `UnnamedPersons 01` (unknown).
- A record without a product form code is written with the code of its `product_form` (AJ, AN, AO), else
  ProductForm 00 (undefined, which reads back as `not_audio`): ONIX requires one.
- A chapter without a title is written as `ComponentTypeName Chapter` (ONIX needs a name or a title).
- A price with no countries is written without a Market (ONIX: where the product is for sale).
- With `description_html`, only the XHTML is sent; a reader derives the plain text from it (the converter's
  own `description` comes from the same markup).
- A SupplyDetail's Supplier is the message's sender (SupplierRole 00): CCF does not keep the supplier.
  No MarketPublishingDetail is written: CCF has no market-specific publishing status or dates, so
  PublishingDetail speaks for every market.
- Values ONIX has no place for (`title` missing, no publisher or imprint, a ProductForm that is not in List
  150, an invalid language or country code) are written as CCF has them, or left out, and the XSD says so.
- `action="remove"`: the same complete record with every SupplyDetail's ProductAvailability 40 (not
  available), or one unpriced SupplyDetail with 40 when the record has no prices; never NotificationType 05,
  which EDItEUR reserves for records issued in error.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from functools import cache
from html.parser import HTMLParser
from typing import BinaryIO, Literal

from lxml import etree

from core.ccf import codes
from core.ccf.convert import mappings
from core.ccf.model import CCFRecord, Contributor, Price, SalesRights
from core.feeds.schema_check import NAMESPACES
from core.feeds.tags import short_to_reference

Style = Literal["reference", "short"]

RELEASE = "3.0"
REMOVED_AVAILABILITY = "40"
"""List 65: Not available (reason unspecified): what a removed product's supply details say."""


@dataclass(frozen=True)
class ExportRecord:
    record: CCFRecord
    action: Literal["send", "remove"]  # remove: the product left this partner's selection


# -- codes: the converter's tables read backwards ------------------------------------------------------


def _first_code(table: Mapping[str, str], list_number: int) -> dict[str, str]:
    """{CCF value: ONIX code} for a {code: value} table: the code whose List label is the value itself
    (`08 Inactive` for `inactive`), else the first code in the table's order."""
    labels = codes.code_list(list_number)
    found: dict[str, str] = {}
    for code, value in table.items():
        if codes.slug(labels.get(code, "")) == value:
            found.setdefault(value, code)
    for code, value in table.items():
        found.setdefault(value, code)
    return found


@cache
def _publishing_status_codes() -> dict[str, str]:
    return _first_code(mappings.PUBLISHING_STATUS, 64)


@cache
def _availability_codes() -> dict[str, str]:
    return _first_code(mappings.AVAILABILITY, 65)


@cache
def _price_type_codes() -> dict[tuple[str, bool | None], str]:
    found: dict[tuple[str, bool | None], str] = {}
    for code, pair in mappings.PRICE_TYPE.items():
        found.setdefault(pair, code)
    return found


@cache
def _from_code_list(list_number: int, name: Callable[[str], str | None]) -> dict[str, str]:
    """{CCF value: code} for values the converter derives from a whole code list (restrictions, relations)."""
    found: dict[str, str] = {}
    for code in sorted(codes.code_list(list_number)):
        value = name(code)
        if value is not None:
            found.setdefault(value, code)
    return found


@cache
def _content_type_codes() -> dict[str, str]:
    found: dict[str, str] = {}
    for code, value in mappings.CONTENT_TYPE.items():
        found.setdefault(value, code)
    # `other` is any List 81 code the converter does not name: the first of them.
    found["other"] = next(c for c in sorted(codes.code_list(81)) if c not in mappings.CONTENT_TYPE)
    return found


@cache
def _image_format_codes() -> dict[str, str]:
    """{CCF cover format: List 178 code}, as the converter names a format (the label's first word)."""
    found: dict[str, str] = {}
    for code, label in sorted(codes.code_list(178).items()):
        if label.split():
            found.setdefault(codes.slug(label.split()[0]), code)
    return found


_ID_CODES = {name: code for code, name in mappings.ID_TYPE.items()}
_LANGUAGE_ROLE_CODES = {name: code for code, name in mappings.LANGUAGE_ROLE.items()}
_SUBJECT_SCHEME_CODES = {name: code for code, name in mappings.SUBJECT_SCHEME.items()}
_EMBARGO_ROLE_CODES = {name: code for code, name in mappings.EMBARGO_ROLES.items()}
_DIGITAL_FORM_CODES = {name: code for code, name in mappings.DIGITAL_AUDIO_FORMS.items()}
_EXPLICIT_CODE = min(mappings.EXPLICIT_CODES)
_THEMA_SUBJECT = min(mappings.THEMA_SCHEMES)
_THEMA_QUALIFIERS = {str(n): f"{int(_THEMA_SUBJECT) + n:02d}" for n in range(1, 7)}
"""Thema qualifier codes start with a digit, 1 (place) to 6 (style), in the order of List 27's Thema
schemes 94 to 99; subject categories start with a letter (93)."""


def _code(value: str, known: Mapping[str, str]) -> str | None:
    """A CCF value's code: from the table, or the code an `other:<code>` value kept."""
    if value in known:
        return known[value]
    if value.startswith("other:"):
        return value.split(":", 1)[1] or None
    return None


def _thema_scheme(code: str | None) -> str:
    return _THEMA_QUALIFIERS.get((code or "")[:1], _THEMA_SUBJECT)


# -- values ------------------------------------------------------------------------------------------

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _hhhmmss(seconds: int) -> str:
    hours, rest = divmod(seconds, 3600)
    return f"{hours:03d}{rest // 60:02d}{rest % 60:02d}"


def _minutes(seconds: int) -> str:
    """Seconds as minutes (ResourceFeature 04) that the converter's int(minutes * 60) reads back exactly."""
    value = (Decimal(seconds) / 60).quantize(Decimal("0.000001"), rounding=ROUND_CEILING)
    return format(value.normalize(), "f")


def _date(value: dt.date, precision: str | None) -> tuple[str, str | None]:
    """(Date, dateformat) for a date of a precision (List 55: 00 YYYYMMDD, 01 YYYYMM, 05 YYYY)."""
    if precision == "month":
        return value.strftime("%Y%m"), "01"
    if precision == "year":
        return f"{value.year:04d}", "05"
    return value.strftime("%Y%m%d"), None


def _sent_date_time(sent_at: dt.datetime) -> str:
    if sent_at.tzinfo is not None:
        return sent_at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    return sent_at.strftime("%Y%m%dT%H%M%S")


def _gtin_type(gtin: str) -> str:
    """ProductIDType for a GTIN-13: 15 (ISBN-13) for the Bookland prefixes 978/979, else 03."""
    return _ID_CODES["isbn13"] if gtin.startswith(("978", "979")) else _ID_CODES["gtin13"]


# -- XHTML from the sanitised HTML CCF keeps -------------------------------------------------------------

_VOID = frozenset({"br", "hr", "img", "area", "col", "wbr"})


class _XhtmlBuilder(HTMLParser):
    """Builds the elements of a `<Text textformat="05">` from `description_html`: sanitised HTML (nh3's
    HTML5 serialisation, so every element is closed and nested), entities decoded, whitespace kept."""

    def __init__(self, text_el: etree._Element) -> None:
        super().__init__(convert_charrefs=True)
        self.stack = [text_el]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        el = etree.SubElement(self.stack[-1], tag, {k: _clean(v or "") for k, v in attrs})
        if tag not in _VOID:
            self.stack.append(el)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        # Text goes after the parent's last child (a closed or void element), else into the parent.
        parent, data = self.stack[-1], _clean(data)
        if len(parent):
            parent[-1].tail = (parent[-1].tail or "") + data
        else:
            parent.text = (parent.text or "") + data


_VOID_TAG = re.compile(r"<(" + "|".join(sorted(_VOID)) + r")(\s[^<>]*?)?\s*/?>")


def _xhtml(text_el: etree._Element, markup: str) -> None:
    """Fill a `<Text>` with the elements of sanitised HTML. nh3's serialisation is XML but for its void
    elements and `&nbsp;`: those are rewritten and the C parser does the rest; anything else (an entity or
    a `<` in an attribute that XML refuses) goes through the slower tolerant builder, to the same tree."""
    xml = _VOID_TAG.sub(r"<\1\2/>", markup).replace("&nbsp;", "&#160;")
    try:
        # A parser per call: lxml parsers must not be shared between threads, and this one is cheap.
        wrapper = etree.fromstring(f"<w>{xml}</w>", etree.XMLParser(no_network=True, load_dtd=False))
    except etree.XMLSyntaxError:
        builder = _XhtmlBuilder(text_el)
        builder.feed(markup)
        builder.close()
        return
    text_el.text = wrapper.text
    for child in list(wrapper):
        text_el.append(child)


def _clean(value: str) -> str:
    """Characters XML 1.0 cannot carry removed (CCF text is already clean; this keeps a stray one from
    stopping a whole export)."""
    return _NOT_XML.sub("", value) if _NOT_XML.search(value) else value


# -- the writer ----------------------------------------------------------------------------------------


@cache
def _short_names() -> dict[str, str]:
    """{reference name: short tag}, the reverse of the map generated from EDItEUR's short-tag XSD."""
    return {reference: short for short, reference in short_to_reference(RELEASE).items()}


class _Product:
    """Builds one `<Product>` element; element names come from the style's vocabulary."""

    def __init__(self, style: Style, supplier: str) -> None:
        names = _short_names() if style == "short" else None
        self.name: Callable[[str], str] = names.__getitem__ if names is not None else str
        self.supplier = supplier

    def el(self, parent: etree._Element, tag: str, value: str | None = None) -> etree._Element:
        child = etree.SubElement(parent, self.name(tag))
        if value is not None:
            try:
                child.text = value
            except ValueError:  # a character XML cannot carry
                child.text = _clean(value)
        return child

    def territory(self, parent: etree._Element, countries: Iterable[str]) -> None:
        """A country set as a Territory: WORLD, WORLD less a few countries, or the countries."""
        wanted = set(countries)
        world = codes.countries()
        territory = self.el(parent, "Territory")
        if wanted == world:
            self.el(territory, "RegionsIncluded", "WORLD")
        elif len(wanted) > len(world) // 2 and wanted <= world:
            self.el(territory, "RegionsIncluded", "WORLD")
            self.el(territory, "CountriesExcluded", " ".join(sorted(world - wanted)))
        else:
            self.el(territory, "CountriesIncluded", " ".join(sorted(wanted)))

    def build(self, item: ExportRecord) -> etree._Element:
        r = item.record
        product = etree.Element(self.name("Product"))
        self.el(product, "RecordReference", r.record_reference or r.product_key)
        self.el(product, "NotificationType", "03")
        self.identifiers(product, r)
        self.descriptive(product, r)
        self.collateral(product, r)
        self.content(product, r)
        self.publishing(product, r)
        self.related(product, r)
        self.supply(product, r, removed=item.action == "remove")
        return product

    # Header and identifiers

    def identifiers(self, product: etree._Element, r: CCFRecord) -> None:
        keyed = any(i.value == r.product_key and i.type in ("isbn13", "gtin13") for i in r.identifiers)
        if not keyed:
            self.identifier(product, _gtin_type(r.product_key), None, r.product_key)
        for ident in r.identifiers:
            if ident.type == "proprietary" or ident.type.startswith("proprietary:"):
                name = ident.type.partition(":")[2] or None
                self.identifier(product, "01", name, ident.value)
            else:
                code = _code(ident.type, _ID_CODES)
                if code is not None:
                    self.identifier(product, code, None, ident.value)

    def identifier(self, parent: etree._Element, code: str, name: str | None, value: str) -> None:
        pid = self.el(parent, "ProductIdentifier")
        self.el(pid, "ProductIDType", code)
        if name:
            self.el(pid, "IDTypeName", name)
        self.el(pid, "IDValue", value)

    # Block 1

    def descriptive(self, product: etree._Element, r: CCFRecord) -> None:
        d = self.el(product, "DescriptiveDetail")
        self.el(d, "ProductComposition", "00")
        self.el(d, "ProductForm", r.product_form_code or _DIGITAL_FORM_CODES.get(r.product_form, "00"))
        for detail in r.format_codes:
            self.el(d, "ProductFormDetail", detail)
        if r.content_type != "unknown":
            self.el(d, "PrimaryContentType", _content_type_codes()[r.content_type])
        for series in r.series:
            collection = self.el(d, "Collection")
            self.el(collection, "CollectionType", "10")
            element = self.el(self.title_detail(collection), "TitleElement")
            self.el(element, "TitleElementLevel", "02")
            if series.number is not None:
                self.el(element, "PartNumber", series.number)
            self.el(element, "TitleText", series.name)
        if r.title is not None:
            element = self.el(self.title_detail(d), "TitleElement")
            self.el(element, "TitleElementLevel", "01")
            self.el(element, "TitleText", r.title)
            if r.subtitle is not None:
                self.el(element, "Subtitle", r.subtitle)
        for group in _contributor_groups(r.contributors):
            self.contributor(d, group)
        if r.edition != "unknown":
            self.el(d, "EditionType", "UBR" if r.edition == "unabridged" else "ABR")
        for language in r.languages:
            role = _code(language.role, _LANGUAGE_ROLE_CODES)
            if role is not None:
                lang = self.el(d, "Language")
                self.el(lang, "LanguageRole", role)
                self.el(lang, "LanguageCode", language.code)
        if r.duration_seconds is not None:
            extent = self.el(d, "Extent")
            self.el(extent, "ExtentType", "09")
            self.el(extent, "ExtentValue", str(r.duration_seconds))
            self.el(extent, "ExtentUnit", "06")
        for subject in r.subjects:
            scheme = (
                _thema_scheme(subject.code)
                if subject.scheme == "thema"
                else _code(subject.scheme, _SUBJECT_SCHEME_CODES)
            )
            if scheme is None or (subject.code is None and subject.heading is None):
                continue
            s = self.el(d, "Subject")
            if subject.main:
                self.el(s, "MainSubject")
            self.el(s, "SubjectSchemeIdentifier", scheme)
            if subject.code is not None:
                self.el(s, "SubjectCode", subject.code)
            if subject.heading is not None:
                self.el(s, "SubjectHeadingText", subject.heading)
        self.audience(d, r)

    def title_detail(self, parent: etree._Element) -> etree._Element:
        detail = self.el(parent, "TitleDetail")
        self.el(detail, "TitleType", "01")
        return detail

    def contributor(self, parent: etree._Element, group: list[Contributor]) -> None:
        first = group[0]
        c = self.el(parent, "Contributor")
        if first.sequence is not None:
            self.el(c, "SequenceNumber", str(first.sequence))
        for entry in group:
            self.el(c, "ContributorRole", entry.onix_role)
        if first.synthetic_voice:
            self.el(c, "UnnamedPersons", "07")
            if first.name:
                alternative = self.el(c, "AlternativeName")
                self.el(alternative, "NameType", "04")
                self.el(alternative, "PersonName", first.name)
        elif first.name is not None:
            self.el(c, "PersonName", first.name)
            if first.sort_name is not None:
                self.el(c, "PersonNameInverted", first.sort_name)
        elif first.sort_name is not None:
            # A sort name without a name is how the converter reads a lone CorporateNameInverted.
            self.el(c, "CorporateNameInverted", first.sort_name)
        else:
            self.el(c, "UnnamedPersons", "01")

    def audience(self, d: etree._Element, r: CCFRecord) -> None:
        a = r.audience
        if a.explicit is not None:
            audience = self.el(d, "Audience")
            self.el(audience, "AudienceCodeType", "22")
            self.el(audience, "AudienceCodeValue", _EXPLICIT_CODE if a.explicit else "01")
        bounds = [(p, v) for p, v in (("03", a.age_min), ("04", a.age_max)) if v is not None]
        if bounds:
            rng = self.el(d, "AudienceRange")
            self.el(rng, "AudienceRangeQualifier", "17")
            for precision, value in bounds:
                self.el(rng, "AudienceRangePrecision", precision)
                self.el(rng, "AudienceRangeValue", str(value))

    # Blocks 2 and 3

    def collateral(self, product: etree._Element, r: CCFRecord) -> None:
        if not (r.description or r.description_html or r.short_description or r.cover or r.sample):
            return
        c = self.el(product, "CollateralDetail")
        if r.description_html is not None:
            text = self.text_content(c, "03", "05")
            _xhtml(text, r.description_html)
        elif r.description is not None:
            self.text_content(c, "03", "06").text = _clean(r.description)
        if r.short_description is not None:
            self.text_content(c, "02", "06").text = _clean(r.short_description)
        if r.cover is not None:
            version = self.resource(c, "01", "03")
            self.el(version, "ResourceForm", "02")
            features = [
                ("01", _image_format_codes().get(r.cover.format or "")),
                ("02", r.cover.height_px),
                ("03", r.cover.width_px),
            ]
            for kind, value in features:
                if value is not None:
                    feature = self.el(version, "ResourceVersionFeature")
                    self.el(feature, "ResourceVersionFeatureType", kind)
                    self.el(feature, "FeatureValue", str(value))
            self.el(version, "ResourceLink", r.cover.url)
        if r.sample is not None:
            version = self.resource(c, "15", "02", r.sample.duration_seconds)
            self.el(version, "ResourceForm", "02")
            self.el(version, "ResourceLink", r.sample.url)

    def text_content(self, parent: etree._Element, text_type: str, text_format: str) -> etree._Element:
        content = self.el(parent, "TextContent")
        self.el(content, "TextType", text_type)
        self.el(content, "ContentAudience", "00")
        text = self.el(content, "Text")
        text.set("textformat", text_format)
        return text

    def resource(self, parent: etree._Element, kind: str, mode: str, seconds: int | None = None) -> etree._Element:
        """A SupportingResource up to its (one) ResourceVersion, which the caller fills."""
        resource = self.el(parent, "SupportingResource")
        self.el(resource, "ResourceContentType", kind)
        self.el(resource, "ContentAudience", "00")
        self.el(resource, "ResourceMode", mode)
        if seconds is not None:
            feature = self.el(resource, "ResourceFeature")
            self.el(feature, "ResourceFeatureType", "04")
            self.el(feature, "FeatureValue", _minutes(seconds))
        return self.el(resource, "ResourceVersion")

    def content(self, product: etree._Element, r: CCFRecord) -> None:
        if not r.chapters:
            return
        detail = self.el(product, "ContentDetail")
        for chapter in r.chapters:
            item = self.el(detail, "ContentItem")
            av = self.el(item, "AVItem")
            self.el(av, "AVItemType", "03")
            if chapter.start_seconds is not None:
                run = self.el(av, "TimeRun")
                self.el(run, "StartTime", _hhhmmss(chapter.start_seconds))
                if chapter.duration_seconds is not None:
                    self.el(run, "EndTime", _hhhmmss(chapter.start_seconds + chapter.duration_seconds))
            if chapter.duration_seconds is not None:
                self.el(av, "AVDuration", _hhhmmss(chapter.duration_seconds))
            if chapter.title is None:
                self.el(item, "ComponentTypeName", "Chapter")
            self.el(item, "ComponentNumber", str(chapter.number))
            if chapter.title is not None:
                element = self.el(self.title_detail(item), "TitleElement")
                self.el(element, "TitleElementLevel", "04")
                self.el(element, "TitleText", chapter.title)

    # Blocks 4 and 5

    def publishing(self, product: etree._Element, r: CCFRecord) -> None:
        p = self.el(product, "PublishingDetail")
        if r.imprint is not None:
            self.el(self.el(p, "Imprint"), "ImprintName", r.imprint)
        if r.publisher is not None:
            publisher = self.el(p, "Publisher")
            self.el(publisher, "PublishingRole", "01")
            self.el(publisher, "PublisherName", r.publisher)
        if r.publishing_status != "unknown":
            self.el(p, "PublishingStatus", _publishing_status_codes()[r.publishing_status])
        dates: list[tuple[str, dt.date, str | None]] = []
        if r.publication_date is not None:
            dates.append(("01", r.publication_date, r.publication_date_precision))
        for name, role in _EMBARGO_ROLE_CODES.items():
            value = getattr(r.embargo, name)
            if value is not None:
                dates.append((role, value, "day"))
        for role, value, precision in dates:
            date = self.el(p, "PublishingDate")
            self.el(date, "PublishingDateRole", role)
            text, date_format = _date(value, precision)
            date_el = self.el(date, "Date", text)
            if date_format is not None:
                date_el.set("dateformat", date_format)
        restrictions = [
            _code(name, _from_code_list(71, mappings.restriction)) or _other(name) for name in r.restrictions
        ]
        self.sales_rights(p, r.sales_rights, [code for code in restrictions if code is not None])
        if len(p) == 0:
            product.remove(p)

    def sales_rights(self, p: etree._Element, rights: SalesRights, restrictions: list[str]) -> None:
        """for_sale / not_for_sale as SalesRights; when they cover the world between them, the larger
        one is said with ROWSalesRightsType, as senders do ("GB IE, not for sale elsewhere").

        Restrictions go inside the for-sale SalesRights (ONIX 3.0.2 deprecated them directly in
        PublishingDetail), so with restrictions the for-sale countries are always stated explicitly; only a
        product with none for sale carries them in PublishingDetail, where 3.0 still accepts them."""
        for_sale, not_for_sale = set(rights.for_sale), set(rights.not_for_sale)
        world = codes.countries()
        sale_type = "01" if rights.exclusive else "02"
        statements: list[tuple[str, set[str]]] = []
        row: str | None = None
        partition = for_sale | not_for_sale == world and not for_sale & not_for_sale
        if partition and for_sale and not_for_sale and world not in (for_sale, not_for_sale):
            if len(for_sale) <= len(not_for_sale) or restrictions:
                statements, row = [(sale_type, for_sale)], "03"
            else:
                statements, row = [("03", not_for_sale)], sale_type
        else:
            statements = [(t, s) for t, s in ((sale_type, for_sale), ("03", not_for_sale)) if s]
        for rights_type, countries in statements:
            sr = self.el(p, "SalesRights")
            self.el(sr, "SalesRightsType", rights_type)
            self.territory(sr, countries)
            if rights_type == sale_type:
                for code in restrictions:
                    self.el(self.el(sr, "SalesRestriction"), "SalesRestrictionType", code)
        if row is not None:
            self.el(p, "ROWSalesRightsType", row)
        if not for_sale:
            for code in restrictions:
                self.el(self.el(p, "SalesRestriction"), "SalesRestrictionType", code)

    def related(self, product: etree._Element, r: CCFRecord) -> None:
        entries = [x for x in r.related if x.gtin]
        if not entries:
            return
        material = self.el(product, "RelatedMaterial")
        for entry in entries:
            code = _code(entry.relation, _from_code_list(51, mappings.relation)) or _other(entry.relation)
            if code is None or entry.gtin is None:
                continue
            rp = self.el(material, "RelatedProduct")
            self.el(rp, "ProductRelationCode", code)
            self.identifier(rp, _gtin_type(entry.gtin), None, entry.gtin)
            if entry.form is not None:
                self.el(rp, "ProductForm", entry.form)
        if len(material) == 0:
            product.remove(material)

    # Block 6

    def supply(self, product: etree._Element, r: CCFRecord, *, removed: bool) -> None:
        """One ProductSupply per set of countries (its Market), one SupplyDetail per availability."""
        markets: dict[tuple[str, ...], dict[str, list[Price]]] = {}
        for price in r.prices:
            code = REMOVED_AVAILABILITY if removed else _availability_codes()[price.availability]
            markets.setdefault(tuple(price.countries), {}).setdefault(code, []).append(price)
        if removed and not markets:
            markets[tuple(r.sales_rights.for_sale)] = {REMOVED_AVAILABILITY: []}
        for countries, details in markets.items():
            supply = self.el(product, "ProductSupply")
            if countries:
                self.territory(self.el(supply, "Market"), countries)
            for availability, prices in details.items():
                detail = self.el(supply, "SupplyDetail")
                supplier = self.el(detail, "Supplier")
                self.el(supplier, "SupplierRole", "00")
                self.el(supplier, "SupplierName", self.supplier)
                self.el(detail, "ProductAvailability", availability)
                if not prices:
                    self.el(detail, "UnpricedItemType", "04")  # List 57: contact supplier
                for price in prices:
                    self.price(detail, price)

    def price(self, detail: etree._Element, price: Price) -> None:
        p = self.el(detail, "Price")
        code = _price_type_codes().get((price.price_type, price.tax_included))
        # `other:None` is how the converter names a price sent without a PriceType: sent without one again.
        if code is None and price.price_type != "other:None":
            code = _code(price.price_type, {})
        if code is not None:
            self.el(p, "PriceType", code)
        self.el(p, "PriceAmount", price.amount)
        if price.currency is not None:
            self.el(p, "CurrencyCode", price.currency)
        for role, value in (("14", price.valid_from), ("15", price.valid_until)):
            if value is not None:
                date = self.el(p, "PriceDate")
                self.el(date, "PriceDateRole", role)
                self.el(date, "Date", value.strftime("%Y%m%d"))


def _other(name: str) -> str | None:
    """The code in a value the converter named `other_<code>` (a code without a label)."""
    return name.removeprefix("other_") if name.startswith("other_") else None


def _contributor_groups(contributors: list[Contributor]) -> list[list[Contributor]]:
    """Consecutive entries of one person in different roles (the converter makes one entry per role of a
    Contributor) back into one group each."""
    groups: list[list[Contributor]] = []
    for entry in contributors:
        if (
            groups
            and _person(groups[-1][0]) == _person(entry)
            and entry.onix_role not in {e.onix_role for e in groups[-1]}
        ):
            groups[-1].append(entry)
        else:
            groups.append([entry])
    return groups


def _person(c: Contributor) -> tuple[int | None, str | None, str | None, bool]:
    return c.sequence, c.name, c.sort_name, c.synthetic_voice


def _header(
    name: Callable[[str], str], sent_at: dt.datetime, sender: str, addressee: str | None, message_number: int | None
) -> etree._Element:
    header = etree.Element(name("Header"))
    sender_el = etree.SubElement(header, name("Sender"))
    etree.SubElement(sender_el, name("SenderName")).text = _clean(sender)
    if addressee is not None:
        addressee_el = etree.SubElement(header, name("Addressee"))
        etree.SubElement(addressee_el, name("AddresseeName")).text = _clean(addressee)
    if message_number is not None:
        etree.SubElement(header, name("MessageNumber")).text = str(message_number)
    etree.SubElement(header, name("SentDateTime")).text = _sent_date_time(sent_at)
    return header


def render_onix(
    records: Iterable[ExportRecord],
    sink: BinaryIO,
    *,
    style: Literal["reference", "short"],
    sent_at: dt.datetime,
    sender: str,
    addressee: str | None = None,
    message_number: int | None = None,
) -> int:
    """Write one ONIX 3.0 message to `sink` incrementally; returns the number of products written."""
    builder = _Product(style, sender)
    namespace = NAMESPACES[(RELEASE, style)]
    written = 0
    with etree.xmlfile(sink, encoding="UTF-8") as xf:
        xf.write_declaration()
        with xf.element(f"{{{namespace}}}{builder.name('ONIXMessage')}", release=RELEASE, nsmap={None: namespace}):
            xf.write("\n")
            xf.write(_header(builder.name, sent_at, sender, addressee, message_number))
            xf.write("\n")
            for item in records:
                xf.write(builder.build(item))
                xf.write("\n")
                written += 1
    return written
