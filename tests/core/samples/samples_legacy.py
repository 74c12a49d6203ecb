"""An independent, deliberately simple reading of the ONIX 2.1 sample feed for the generator's tests.

Like samples_facts.py for 3.0, it answers "which rule of docs/rules.md does this 2.1 product break?"
straight from the XML with lxml, sharing no code with ``core.samples``. 2.1 says things its own way
(flat Product, <EAN13>/<ISBN>, <OtherText>, <MediaFile>, RightsCountry / RightsTerritory with ROW,
<NotForSale>, SupplyDetail with AvailabilityCode), so the reading is its own; it only needs to be right
about the kinds of values the sample generator writes.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path

from lxml import etree
from samples_facts import ALLOWED_TAGS, FORMAT_WORDS, XS, all_text, gtin_ok, hardened_parser

XSD21_DIR = Path(__file__).resolve().parents[3] / ".venv/lib/python3.11/site-packages/onixcheck/schema/xsd2.1"
NS21 = "http://www.editeur.org/onix/2.1/reference"
TIME_UNITS = {"04": 3600.0, "05": 60.0, "06": 1.0}
STATUS_AVAILABILITY = {"04": ({"IP"}, {"20", "21"}), "02": ({"NP"}, {"10", "11", "12"})}


@cache
def code_list21(number: int) -> frozenset[str]:
    """Values of a 2.1 code list, read from the 2.1 code-list XSD that onixcheck ships."""
    tree = etree.parse(str(XSD21_DIR / "ONIX_BookProduct_CodeLists.xsd"), hardened_parser())
    found = tree.xpath(f"//xs:simpleType[@name='List{number}']//xs:enumeration/@value", namespaces=XS)
    assert isinstance(found, list)
    return frozenset(str(v) for v in found)


def isbn10_to_13(isbn10: str) -> str:
    stem = "978" + isbn10[:9]
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(stem))
    return stem + str((10 - total % 10) % 10)


def isbn10_ok(isbn10: str) -> bool:
    if len(isbn10) != 10 or not isbn10[:9].isdigit():
        return False
    total = sum((10 - i) * int(d) for i, d in enumerate(isbn10[:9]))
    return isbn10[9] == ("X" if (11 - total % 11) % 11 == 10 else str((11 - total % 11) % 11))


def product_key(p: etree._Element) -> str:
    """ISBN-13 (ProductIdentifier 15), else <EAN13>, else the ISBN-10 as 13 digits."""
    isbn13 = p.findtext("ProductIdentifier[ProductIDType='15']/IDValue")
    if isbn13:
        return isbn13
    ean = p.findtext("EAN13")
    if ean:
        return ean
    return isbn10_to_13(p.findtext("ISBN", ""))


def _text(el: etree._Element | None, path: str) -> str:
    if el is None:
        return ""
    return el.findtext(path, "") or ""


def _all(el: etree._Element, path: str) -> list[str]:
    return [t.text or "" for t in el.iterfind(path)]


def _words(other_text: etree._Element) -> str:
    raw = all_text(other_text.find("Text"))
    if other_text.findtext("TextFormat") == "02":
        raw = re.sub(r"<[^>]+>", " ", raw)
    return " ".join(raw.split())


def rights(p: etree._Element) -> tuple[set[str], set[str]]:
    """(for sale, not for sale) with WORLD and ROW expanded over List 91."""
    everywhere = code_list21(91)
    statements: list[tuple[str, set[str], bool]] = []
    for sr in p.iterfind("SalesRights"):
        countries = {c for raw in _all(sr, "RightsCountry") for c in raw.split()}
        territories = {t for raw in _all(sr, "RightsTerritory") for t in raw.split()}
        if "WORLD" in territories:
            countries |= everywhere
        statements.append((_text(sr, "SalesRightsType"), countries, "ROW" in territories))
    for nfs in p.iterfind("NotForSale"):
        countries = {c for raw in _all(nfs, "RightsCountry") for c in raw.split()}
        statements.append(("03", countries, "ROW" in _all(nfs, "RightsTerritory")))
    named = {c for _, countries, _ in statements for c in countries}
    for_sale: set[str] = set()
    not_for_sale: set[str] = set()
    for kind, countries, row in statements:
        covered = countries | (everywhere - named if row else set())
        (for_sale if kind in ("01", "02") else not_for_sale).update(covered)
    return for_sale, not_for_sale


def rules_broken21(p: etree._Element, raw: bytes, sent: date) -> set[str]:
    """Product-scope rules of docs/rules.md that this 2.1 product breaks; ``raw`` is its bytes."""
    broken: set[str] = set()
    isbn13 = p.findtext("ProductIdentifier[ProductIDType='15']/IDValue")
    gtin = p.findtext("ProductIdentifier[ProductIDType='03']/IDValue") or p.findtext("EAN13")
    isbn10 = p.findtext("ISBN")
    for value in (isbn13, gtin):
        if value is not None and not (gtin_ok(value) and value[:3] in ("978", "979")):
            broken.add("Q08")
    if isbn10 is not None and not isbn10_ok(isbn10):
        broken.add("Q08")
    if (isbn13 and gtin and isbn13 != gtin) or (isbn10 and not isbn13 and not gtin):
        broken.add("Q09")
    if p.findtext("NotificationType") not in {"01", "02", "03", "05"}:
        broken.add("Q06")

    form = p.findtext("ProductForm")
    if form != "AJ":
        broken.add("Q12")
    if form == "AJ" and (
        not any(d.startswith("A1") for d in _all(p, "ProductFormDetail"))
        or p.find("ProductContentType") is None
    ):
        broken.add("Q13")

    roles = _all(p, "Contributor/ContributorRole")
    dramatised = p.findtext("ProductContentType") in ("02", "21")
    if not any(r.startswith("A") for r in roles):
        broken.add("Q14")
    if not ("E07" in roles or (dramatised and ({"E03", "E01"} & set(roles)))):
        broken.add("Q15")
    if "E03" in roles and not dramatised:
        broken.add("Q16")
    for c in p.iterfind("Contributor"):
        name = c.findtext("PersonName") or c.findtext("CorporateName") or ""
        inverted = c.findtext("PersonNameInverted")
        if re.search(r" and |&|;", name) or (inverted is not None and "," not in inverted) or name.isupper():
            broken.add("Q17")

    title_el = p.find("Title[TitleType='01']")
    title = _text(title_el, "TitleText") or " ".join(
        x for x in (_text(title_el, "TitlePrefix"), _text(title_el, "TitleWithoutPrefix")) if x
    )
    if not title.strip() or FORMAT_WORDS.search(title):
        broken.add("Q19")

    extent = p.find("Extent[ExtentType='09']")
    unit = _text(extent, "ExtentUnit")
    if unit not in TIME_UNITS:
        broken.add("Q20")
    elif not 300 <= float(_text(extent, "ExtentValue")) * TIME_UNITS[unit] <= 360_000:
        broken.add("Q21")
    if not set(_all(p, "EditionTypeCode")) & {"UBR", "ABR"}:
        broken.add("Q23")
    languages = list(p.iterfind("Language"))
    if not any(lang.findtext("LanguageRole") in ("01", "08") for lang in languages) or any(
        lang.findtext("LanguageCode") not in code_list21(74) for lang in languages
    ):
        broken.add("Q24")

    mains = Counter(
        ["10"] * len(p.findall("BASICMainSubject")) + _all(p, "MainSubject/MainSubjectSchemeIdentifier")
    )
    schemes = set(mains) | set(_all(p, "Subject/SubjectSchemeIdentifier"))
    if not {"10", "93"} & schemes or any(n > 1 for n in mains.values()):
        broken.add("Q25")

    description = p.find("OtherText[TextTypeCode='01']")
    if description is None or len(_words(description).split()) < 20:
        broken.add("Q26")
    for short in p.iterfind("OtherText[TextTypeCode='02']"):
        if len(_words(short)) > 350:
            broken.add("Q26")
    if b"<![CDATA[" in raw:
        broken.add("Q27")
    for other in p.iterfind("OtherText"):
        body = all_text(other.find("Text"))
        tags = set(re.findall(r"</?([a-zA-Z0-9]+)", body))
        if (other.findtext("TextFormat") in (None, "06") and tags) or tags - ALLOWED_TAGS:
            broken.add("Q27")

    media = {m.findtext("MediaFileTypeCode"): m for m in p.iterfind("MediaFile")}
    if not any(k in media and media[k].findtext("MediaFileLink") for k in ("04", "06")):
        broken.add("Q28")
    if "44" not in media:
        broken.add("Q29")
    if not p.findtext("Publisher/PublisherName"):
        broken.add("Q30")
    status = p.findtext("PublishingStatus")
    try:
        published = datetime.strptime(p.findtext("PublicationDate", ""), "%Y%m%d").date()
    except ValueError:
        broken.add("Q31")
    else:
        if (status == "02" and published < sent) or (
            status == "04" and published > sent + timedelta(days=365)
        ):
            broken.add("Q32")

    for_sale, not_for_sale = rights(p)
    codes = [c for raw_list in _all(p, ".//RightsCountry") for c in raw_list.split()]
    territories = [t for raw_list in _all(p, ".//RightsTerritory") for t in raw_list.split()]
    if not for_sale or set(codes) - code_list21(91) or set(territories) - code_list21(49):
        broken.add("Q33")
    if for_sale & not_for_sale:
        broken.add("Q34")

    seen: dict[tuple[str, str, str], str] = {}
    expected_codes, expected_availability = STATUS_AVAILABILITY.get(status or "", (set(), set()))
    for detail in p.iterfind("SupplyDetail"):
        market = {c for raw_list in _all(detail, "SupplyToCountry") for c in raw_list.split()}
        if (
            detail.findtext("AvailabilityCode") not in expected_codes
            or detail.findtext("ProductAvailability") not in expected_availability
        ):
            broken.add("Q36")
        priced: set[str] = set()
        for price in detail.iterfind("Price"):
            amount, currency = price.findtext("PriceAmount", ""), price.findtext("CurrencyCode", "")
            if not re.fullmatch(r"\d+\.\d{2}", amount) or currency not in code_list21(96):
                broken.add("Q35")
                continue
            countries = set(_all(price, "CountryCode")) or market
            priced |= countries
            for country in countries:
                if (
                    seen.setdefault((price.findtext("PriceTypeCode", ""), currency, country), amount)
                    != amount
                ):
                    broken.add("Q35")
        if not market or market - priced or not market <= for_sale:
            broken.add("Q35")

    if p.find("Audience[AudienceCodeType='22']") is None:
        broken.add("Q38")
    if not any(f[:1] in ("B", "E") for f in _all(p, "RelatedProduct[RelationCode='06']/ProductForm")):
        broken.add("Q39")
    return broken


def with_namespace(root: etree._Element) -> etree._Element:
    """A copy of a no-namespace 2.1 message with every element in the 2.1 reference namespace (what
    the XSD needs); the file itself stays as legacy senders write it."""
    copy = etree.fromstring(etree.tostring(root), hardened_parser())
    for el in copy.iter():
        if isinstance(el.tag, str):
            el.tag = f"{{{NS21}}}{etree.QName(el).localname}"
    # Re-parse so the namespace is declared once on the root, as the schema expects of a document.
    result: etree._Element = etree.fromstring(etree.tostring(copy), hardened_parser())
    return result


def product_chunks(raw: bytes) -> list[bytes]:
    return re.findall(rb"<Product>.*?</Product>", raw, re.S)
