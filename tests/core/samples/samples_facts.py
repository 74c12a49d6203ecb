"""An independent, deliberately simple reading of the sample files for the generator's tests.

It answers "which rule of docs/rules.md does this ONIX product break?" straight from the XML with
lxml, sharing no code with ``core.samples``, so a test can compare the generator's defect registry
with what is really in the files. It is not the project's quality checker (that runs on CCF in
DuckDB); it only needs to be right about these sample files.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime, timedelta
from functools import cache
from pathlib import Path

from lxml import etree

NS = "http://ns.editeur.org/onix/3.0/reference"
N = {"o": NS}
XSD_DIR = Path(__file__).resolve().parents[3] / ".venv/lib/python3.11/site-packages/onixcheck/schema/xsd3.0"
XS = {"xs": "http://www.w3.org/2001/XMLSchema"}

DIGITAL_FORMS = {"AJ", "AN", "AO"}
TIME_UNITS = {"04", "05", "06", "14", "15", "16"}
FORMAT_WORDS = re.compile(r"\b(audiobook|audio book|mp3|unabridged|abridged|cd)\b", re.IGNORECASE)
PLACEHOLDERS = {"n/a", "na", "tbc", "tba", "unknown", "none", "-"}
ALLOWED_TAGS = {"p", "br", "em", "strong", "b", "i", "ul", "ol", "li"}
AVAILABILITY_FOR_STATUS = {"04": {"20", "21"}, "02": {"10", "11", "12"}, "07": {"40", "43"}}


def hardened_parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


@cache
def code_list(number: int) -> frozenset[str]:
    """Values of an ONIX code list, read from EDItEUR's code-list XSD (e.g. 74 languages, 91 countries)."""
    tree = etree.parse(str(XSD_DIR / "ONIX_BookProduct_CodeLists.xsd"), hardened_parser())
    values = _results(tree, f"//xs:simpleType[@name='List{number}']//xs:enumeration/@value", XS)
    return frozenset(str(v) for v in values)


def gtin_ok(value: str) -> bool:
    if len(value) != 13 or not value.isdigit():
        return False
    total = sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(value[:12]))
    return (10 - total % 10) % 10 == int(value[12])


def _results(el: etree._Element | etree._ElementTree, path: str, namespaces: dict[str, str]) -> list[object]:
    """XPath results as a list (the queries here always select node sets)."""
    found = el.xpath(path, namespaces=namespaces)
    assert isinstance(found, list)
    return list(found)


def all_text(el: etree._Element) -> str:
    return "".join(str(part) for part in el.itertext())


def nodes(el: etree._Element, path: str) -> list[etree._Element]:
    """Elements selected by an XPath in the ONIX namespace (prefix ``o``)."""
    return [n for n in _results(el, path, N) if isinstance(n, etree._Element)]


def t(el: etree._Element, path: str) -> list[str]:
    return [str(v) for v in _results(el, path, N)]


def one(el: etree._Element, path: str) -> str | None:
    values = t(el, path)
    return values[0] if values else None


def duration_seconds(value: str, unit: str) -> float | None:
    if unit == "04":
        return float(value) * 3600
    if unit == "05":
        return float(value) * 60
    if unit == "06":
        return float(value)
    if unit == "14":
        return float(value) * 3600
    if unit == "15":
        return int(value[:-2]) * 3600 + int(value[-2:]) * 60
    if unit == "16":
        return int(value[:-4]) * 3600 + int(value[-4:-2]) * 60 + int(value[-2:])
    return None


def hhhmmss(value: str) -> int:
    return int(value[:-4]) * 3600 + int(value[-4:-2]) * 60 + int(value[-2:])


def text_of(text_el: etree._Element) -> tuple[str, str | None]:
    """(plain words, textformat) of an ONIX Text element, markup removed."""
    fmt = text_el.get("textformat")
    raw = all_text(text_el)
    if fmt == "02":
        raw = re.sub(r"<[^>]+>", " ", raw)
    return " ".join(raw.split()), fmt


def countries_of(territory: etree._Element) -> set[str]:
    included = set((one(territory, "o:CountriesIncluded/text()") or "").split())
    regions = set((one(territory, "o:RegionsIncluded/text()") or "").split())
    if "WORLD" in regions:
        included |= code_list(91)
    included -= set((one(territory, "o:CountriesExcluded/text()") or "").split())
    return included


def rules_broken(p: etree._Element, sent: date) -> set[str]:
    """Product-scope rules of docs/rules.md that this product breaks (an approximation that is
    exact for the kinds of values the sample generator writes)."""
    broken: set[str] = set()
    ids = {
        one(i, "o:ProductIDType/text()"): one(i, "o:IDValue/text()") for i in nodes(p, "o:ProductIdentifier")
    }
    for id_type in ("15", "03"):
        value = ids.get(id_type)
        if value is not None and not (gtin_ok(value) and (id_type == "03" or value[:3] in ("978", "979"))):
            broken.add("Q08")
    if "15" in ids and "03" in ids and ids["15"] != ids["03"]:
        broken.add("Q09")
    if one(p, "o:NotificationType/text()") not in {"01", "02", "03", "04", "05", "08", "09", "88", "89"}:
        broken.add("Q06")

    form = one(p, "o:DescriptiveDetail/o:ProductForm/text()")
    if form is None:
        broken.add("Q11")
    elif form not in DIGITAL_FORMS:
        broken.add("Q12")
    content_type = one(p, "o:DescriptiveDetail/o:PrimaryContentType/text()")
    details = t(p, "o:DescriptiveDetail/o:ProductFormDetail/text()")
    if form in DIGITAL_FORMS and (content_type is None or not any(d.startswith("A1") for d in details)):
        broken.add("Q13")

    contributors = nodes(p, "o:DescriptiveDetail/o:Contributor")
    roles = [r for c in contributors for r in t(c, "o:ContributorRole/text()")]
    dramatised = content_type in ("02", "21")
    if not any(r.startswith("A") for r in roles) and not nodes(p, "o:DescriptiveDetail/o:NoContributor"):
        broken.add("Q14")
    # E03 in a non-dramatised product is still the narrator (reported as Q16, not as a missing narrator).
    if not ("E07" in roles or "E03" in roles or (dramatised and "E01" in roles)):
        broken.add("Q15")
    if "E03" in roles and not dramatised:
        broken.add("Q16")
    for c in contributors:
        name = one(c, "o:PersonName/text()") or one(c, "o:CorporateName/text()") or ""
        inverted = one(c, "o:PersonNameInverted/text()")
        if (
            re.search(r" and |&|;", name)
            or (inverted is not None and "," not in inverted)
            or (name.isupper() and len(name) > 3)
            or name.strip().lower() in PLACEHOLDERS
        ):
            broken.add("Q17")
        if one(c, "o:UnnamedPersons/text()") in {"05", "06", "07", "08"}:
            broken.add("Q18")

    title_el = nodes(
        p, "o:DescriptiveDetail/o:TitleDetail[o:TitleType='01']/o:TitleElement[o:TitleElementLevel='01']"
    )
    title = ""
    if title_el:
        el = title_el[0]
        title = one(el, "o:TitleText/text()") or " ".join(
            x for x in (one(el, "o:TitlePrefix/text()"), one(el, "o:TitleWithoutPrefix/text()")) if x
        )
    if not title.strip() or title.strip().lower() in PLACEHOLDERS or FORMAT_WORDS.search(title):
        broken.add("Q19")

    stated: float | None = None
    for extent in nodes(
        p, "o:DescriptiveDetail/o:Extent[o:ExtentType='09' or o:ExtentType='14' or o:ExtentType='16']"
    ):
        unit, value = one(extent, "o:ExtentUnit/text()"), one(extent, "o:ExtentValue/text()") or ""
        if unit in ("11", "12"):
            broken.add("Q21")
        elif unit in TIME_UNITS:
            if unit in ("15", "16") and (int(value[-2:]) >= 60 or (unit == "16" and int(value[-4:-2]) >= 60)):
                broken.add("Q21")
            stated = duration_seconds(value, unit)
    if form in DIGITAL_FORMS or form == "AC":
        if stated is None:
            broken.add("Q20")
        elif not 300 <= stated <= 360_000:
            broken.add("Q21")
    chapters = t(p, "o:ContentDetail/o:ContentItem/o:AVItem/o:AVDuration/text()")
    if chapters and stated:
        total = sum(hhhmmss(c) for c in chapters)
        if abs(total - stated) > 0.02 * stated:
            broken.add("Q22")

    if not set(t(p, "o:DescriptiveDetail/o:EditionType/text()")) & {"UBR", "ABR"}:
        broken.add("Q23")
    languages = nodes(p, "o:DescriptiveDetail/o:Language")
    if not any(one(lang, "o:LanguageRole/text()") in ("01", "08") for lang in languages):
        broken.add("Q24")
    if any(one(lang, "o:LanguageCode/text()") not in code_list(74) for lang in languages):
        broken.add("Q24")

    subjects = nodes(p, "o:DescriptiveDetail/o:Subject")
    schemes = [one(s, "o:SubjectSchemeIdentifier/text()") for s in subjects]
    mains = Counter(one(s, "o:SubjectSchemeIdentifier/text()") for s in subjects if nodes(s, "o:MainSubject"))
    if not {"10", "93"} & set(schemes) or any(n > 1 for n in mains.values()):
        broken.add("Q25")

    description = nodes(p, "o:CollateralDetail/o:TextContent[o:TextType='03']/o:Text")
    if not description:
        broken.add("Q26")
    else:
        words, fmt = text_of(description[0])
        if len(words.split()) < 20 or words.lower() in PLACEHOLDERS:
            broken.add("Q26")
        raw = all_text(description[0])
        if fmt in (None, "06") and re.search(r"</?[a-zA-Z][^>]*>", raw):
            broken.add("Q27")
        if fmt == "02" and set(re.findall(r"</?([a-zA-Z0-9]+)", raw)) - ALLOWED_TAGS:
            broken.add("Q27")
        if (
            fmt == "05"
            and {etree.QName(e).localname for e in description[0].iterdescendants()} - ALLOWED_TAGS
        ):
            broken.add("Q27")
    for short in nodes(p, "o:CollateralDetail/o:TextContent[o:TextType='02']/o:Text"):
        words, _ = text_of(short)
        if len(words) > 350:
            broken.add("Q26")
        if re.search(r"</?[a-zA-Z][^>]*>", all_text(short)) and short.get("textformat") in (
            None,
            "06",
        ):
            broken.add("Q27")

    cover = nodes(
        p, "o:CollateralDetail/o:SupportingResource[o:ResourceContentType='01' and o:ResourceMode='03']"
    )
    if not cover:
        broken.add("Q28")
    else:
        height = one(
            cover[0], ".//o:ResourceVersionFeature[o:ResourceVersionFeatureType='02']/o:FeatureValue/text()"
        )
        width = one(
            cover[0], ".//o:ResourceVersionFeature[o:ResourceVersionFeatureType='03']/o:FeatureValue/text()"
        )
        if height and width and (height != width or int(width) < 2400):
            broken.add("Q28")
    sample = nodes(
        p, "o:CollateralDetail/o:SupportingResource[o:ResourceContentType='15' and o:ResourceMode='02']"
    )
    minutes = (
        one(sample[0], "o:ResourceFeature[o:ResourceFeatureType='04']/o:FeatureValue/text()")
        if sample
        else None
    )
    if not sample or (minutes is not None and int(minutes) > 5):
        broken.add("Q29")

    pd = p.find(f"{{{NS}}}PublishingDetail")
    assert pd is not None
    if not t(pd, "o:Publisher/o:PublisherName/text()"):
        broken.add("Q30")
    dates = {
        one(d, "o:PublishingDateRole/text()"): one(d, "o:Date/text()") for d in nodes(pd, "o:PublishingDate")
    }
    published: date | None = None
    try:
        published = datetime.strptime(dates.get("01") or "", "%Y%m%d").date()
    except ValueError:
        broken.add("Q31")
    status = one(pd, "o:PublishingStatus/text()")
    if published is not None:
        if status == "02" and published < sent:
            broken.add("Q32")
        if status == "04" and published > sent + timedelta(days=365):
            broken.add("Q32")
        for role in ("02", "27", "30", "31", "32", "33"):
            if role in dates and datetime.strptime(dates[role] or "", "%Y%m%d").date() < published:
                broken.add("Q32")

    for_sale: set[str] = set()
    not_for_sale: set[str] = set()
    for rights in nodes(pd, "o:SalesRights"):
        territory = rights.find(f"{{{NS}}}Territory")
        assert territory is not None
        codes = (one(territory, "o:CountriesIncluded/text()") or "").split()
        codes += (one(territory, "o:CountriesExcluded/text()") or "").split()
        if any(c not in code_list(91) for c in codes):
            broken.add("Q33")
        if set((one(territory, "o:RegionsIncluded/text()") or "").split()) - code_list(49):
            broken.add("Q33")
        kind = one(rights, "o:SalesRightsType/text()")
        (for_sale if kind in ("01", "02") else not_for_sale).update(countries_of(territory))
    if not for_sale:
        broken.add("Q33")
    if for_sale & not_for_sale:
        broken.add("Q34")

    seen: dict[tuple[str, str, str], str] = {}
    for supply in nodes(p, "o:ProductSupply"):
        market = set((one(supply, "o:Market/o:Territory/o:CountriesIncluded/text()") or "").split())
        priced: set[str] = set()
        for detail in nodes(supply, "o:SupplyDetail"):
            availability = one(detail, "o:ProductAvailability/text()")
            if availability is None or availability not in AVAILABILITY_FOR_STATUS.get(
                status or "", {availability}
            ):
                broken.add("Q36")
            for price in nodes(detail, "o:Price"):
                amount = one(price, "o:PriceAmount/text()") or ""
                currency = one(price, "o:CurrencyCode/text()") or ""
                if (
                    not re.fullmatch(r"\d+\.\d{2}", amount)
                    or float(amount) <= 0
                    or currency not in code_list(96)
                ):
                    broken.add("Q35")
                countries = (
                    set((one(price, "o:Territory/o:CountriesIncluded/text()") or "").split()) or market
                )
                priced |= countries
                for country in countries:
                    key = (one(price, "o:PriceType/text()") or "", currency, country)
                    if seen.setdefault(key, amount) != amount:
                        broken.add("Q35")
        if market - priced or not market <= for_sale:
            broken.add("Q35")

    if not nodes(p, "o:DescriptiveDetail/o:Audience[o:AudienceCodeType='22']"):
        broken.add("Q38")
    related_forms = t(
        p, "o:RelatedMaterial/o:RelatedProduct[o:ProductRelationCode='06']/o:ProductForm/text()"
    )
    if not any(f[:1] in ("B", "E") for f in related_forms):
        broken.add("Q39")
    return broken
