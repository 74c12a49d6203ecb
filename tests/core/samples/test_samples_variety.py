"""Delivery 1 looks like a real audiobook feed: varied, consistent, and dated relative to its header."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, datetime, timedelta

import pytest
from lxml import etree
from samples_facts import all_text, duration_seconds, gtin_ok, hhhmmss, nodes, one, t
from samples_files import Feed

from core.samples import SampleSet

MARKETS_BY_LANGUAGE = {
    "eng": {"US", "CA", "GB", "IE", "AU", "NZ"},
    "ger": {"DE", "AT", "CH", "LI"},
    "fre": {"FR", "BE", "LU", "CH", "CA"},
    "spa": {"ES", "MX", "US"},
    "swe": {"SE", "FI", "NO"},
    "dut": {"NL", "BE"},
    "ita": {"IT", "SM", "CH"},
}


@pytest.fixture(scope="module")
def clean(delivery_1: Feed, samples: SampleSet) -> list[etree._Element]:
    defective = {d.gtin for d in samples.defects}
    return [p for p in delivery_1.products if _gtin(p) not in defective]


def _gtin(p: etree._Element) -> str:
    return one(p, "o:ProductIdentifier[o:ProductIDType='15']/o:IDValue/text()") or ""


def _day(value: str) -> date:
    return datetime.strptime(value, "%Y%m%d").date()


def test_two_publishers_about_half_each(delivery_1: Feed) -> None:
    publishers = Counter(
        one(p, "o:PublishingDetail/o:Publisher/o:PublisherName/text()") for p in delivery_1.products
    )
    assert set(publishers) == {"Harbor Lane Audio", "Kestrel Sound Books"}
    assert all(100 <= n <= 140 for n in publishers.values())
    for p in delivery_1.products:
        prefix = (
            "com.harborlane."
            if "Harbor" in (one(p, ".//o:PublisherName/text()") or "")
            else "com.kestrelsound."
        )
        assert one(p, "o:RecordReference/text()") == prefix + _gtin(p)


def test_identifiers(clean: list[etree._Element]) -> None:
    gtins = [one(p, "o:ProductIdentifier[o:ProductIDType='03']/o:IDValue/text()") for p in clean]
    assert sum(g is not None for g in gtins) > len(clean) * 0.6
    assert all(_gtin(p).startswith("9798") and gtin_ok(_gtin(p)) for p in clean)
    proprietary = [q for p in clean for q in nodes(p, "o:ProductIdentifier[o:ProductIDType='01']")]
    assert proprietary and all(one(q, "o:IDTypeName/text()") for q in proprietary)


def test_forms_content_types_and_credits(clean: list[etree._Element]) -> None:
    forms = Counter(one(p, "o:DescriptiveDetail/o:ProductForm/text()") for p in clean)
    assert forms["AJ"] > forms["AN"] > forms["AO"] > 0 and set(forms) == {"AJ", "AN", "AO"}
    dramas = [p for p in clean if one(p, "o:DescriptiveDetail/o:PrimaryContentType/text()") == "02"]
    assert dramas
    for p in dramas:
        roles = t(p, "o:DescriptiveDetail/o:Contributor/o:ContributorRole/text()")
        assert "E03" in roles and roles.count("E01") >= 2 and "E07" not in roles
    translated = [p for p in clean if "B06" in t(p, ".//o:ContributorRole/text()")]
    assert translated
    assert all(
        t(p, "o:DescriptiveDetail/o:Language[o:LanguageRole='02']/o:LanguageCode/text()") for p in translated
    )
    assert any(nodes(p, ".//o:Contributor/o:CorporateName") for p in clean)
    assert any(nodes(p, ".//o:Contributor/o:KeyNames") for p in clean)
    assert any(nodes(p, ".//o:Contributor/o:PrefixToKey") for p in clean)


def test_titles_and_series(clean: list[etree._Element]) -> None:
    assert sum(bool(nodes(p, ".//o:TitleElement/o:TitlePrefix")) for p in clean) > 20
    assert sum(bool(nodes(p, ".//o:TitleElement/o:Subtitle")) for p in clean) > 10
    series = [p for p in clean if nodes(p, "o:DescriptiveDetail/o:Collection[o:CollectionType='10']")]
    assert 0.2 * len(clean) <= len(series) <= 0.4 * len(clean)
    assert any(nodes(p, ".//o:Collection//o:PartNumber") for p in series)
    assert any(nodes(p, ".//o:Collection/o:CollectionSequence") for p in series)


def test_durations_in_every_unit_and_chapters_that_add_up(clean: list[etree._Element]) -> None:
    units = set()
    with_chapters = 0
    for p in clean:
        value = one(p, ".//o:Extent[o:ExtentType='09']/o:ExtentValue/text()") or ""
        unit = one(p, ".//o:Extent[o:ExtentType='09']/o:ExtentUnit/text()") or ""
        units.add(unit + ("." if "." in value and unit == "05" else ""))
        seconds = duration_seconds(value, unit)
        assert seconds is not None and 3600 <= seconds <= 40 * 3600
        items = nodes(p, "o:ContentDetail/o:ContentItem/o:AVItem")
        if not items:
            continue
        with_chapters += 1
        position = 0
        for item in items:
            start, end = (
                hhhmmss(one(item, f"o:TimeRun/o:{e}/text()") or "") for e in ("StartTime", "EndTime")
            )
            assert start == position and end - start == hhhmmss(one(item, "o:AVDuration/text()") or "")
            assert one(item, "o:AVItemType/text()") == "03"
            position = end
        assert abs(position - seconds) <= 0.01 * seconds
    assert units == {"04", "05", "05.", "06", "15", "16"}
    assert 0.12 * len(clean) <= with_chapters <= 0.3 * len(clean)


def test_subjects_and_audience(clean: list[etree._Element]) -> None:
    schemes = Counter(s for p in clean for s in t(p, ".//o:Subject/o:SubjectSchemeIdentifier/text()"))
    assert schemes["10"] > 50 and schemes["93"] > 50 and schemes["20"] > 30
    codes = {
        c for p in clean for c in t(p, ".//o:Subject[o:SubjectSchemeIdentifier='10']/o:SubjectCode/text()")
    }
    assert all(re.fullmatch(r"[A-Z]{3}\d{6}", c) for c in codes) and {"FIC022000", "BIO000000"} <= codes
    advice = Counter(
        one(p, ".//o:Audience[o:AudienceCodeType='22']/o:AudienceCodeValue/text()") for p in clean
    )
    assert advice["01"] > 0.8 * len(clean)
    assert {a for a in advice if a != "01"} and all(a in {f"{n:02d}" for n in range(1, 14)} for a in advice)


def test_descriptions_and_resources(clean: list[etree._Element]) -> None:
    formats: Counter[str | None] = Counter()
    for p in clean:
        (text,) = nodes(p, "o:CollateralDetail/o:TextContent[o:TextType='03']/o:Text")
        formats[text.get("textformat")] += 1
        words = re.sub(r"<[^>]+>", " ", all_text(text)).split()
        assert len(words) >= 40
        cover = one(p, ".//o:SupportingResource[o:ResourceContentType='01']//o:ResourceLink/text()") or ""
        sample = one(p, ".//o:SupportingResource[o:ResourceContentType='15']//o:ResourceLink/text()") or ""
        assert cover.startswith("https://covers.example.com/") and sample.startswith(
            "https://samples.example.com/"
        )
        assert sample.endswith(".mp3")
    html = formats["05"] + formats["02"]
    assert formats["05"] and formats["02"] and 0.2 * len(clean) <= html <= 0.45 * len(clean)
    assert formats[None] and formats["06"]
    shorts = sum(bool(nodes(p, ".//o:TextContent[o:TextType='02']")) for p in clean)
    assert shorts > 0.4 * len(clean)


def test_dates_follow_status_and_the_message_date(delivery_1: Feed, clean: list[etree._Element]) -> None:
    sent = delivery_1.sent
    statuses: Counter[str] = Counter()
    roles: Counter[str | None] = Counter()
    for p in clean:
        status = one(p, ".//o:PublishingStatus/text()") or ""
        statuses[status] += 1
        dates = {
            one(d, "o:PublishingDateRole/text()"): _day(one(d, "o:Date/text()") or "")
            for d in nodes(p, ".//o:PublishingDate")
        }
        published = dates["01"]
        if status == "02":
            # Forthcoming: 1-8 months ahead, except the one published between the two deliveries.
            assert sent < published <= sent + timedelta(days=245)
            assert one(p, "o:NotificationType/text()") in ("01", "02")
        else:
            assert date(2012, 1, 1) <= published < sent
        for role, day in dates.items():
            roles[role] += 1
            assert role == "01" or day > published
    assert statuses["04"] > 0.7 * len(clean) and statuses["02"] > 5 and 1 <= statuses["07"] <= 8
    assert roles["02"] and roles["30"] and roles["31"]


def test_rights_markets_and_prices(clean: list[etree._Element]) -> None:
    shapes: Counter[str] = Counter()
    for p in clean:
        language = one(p, ".//o:Language[o:LanguageRole='08']/o:LanguageCode/text()") or ""
        markets = [
            set((one(s, "o:Market/o:Territory/o:CountriesIncluded/text()") or "").split())
            for s in nodes(p, "o:ProductSupply")
        ]
        assert 1 <= len(markets) <= 4 and set().union(*markets) <= MARKETS_BY_LANGUAGE[language]
        rights = nodes(p, ".//o:SalesRights")
        if one(p, ".//o:ROWSalesRightsType/text()") == "03":
            shapes["listed"] += 1
        elif len(rights) == 2 and one(rights[1], "o:SalesRightsType/text()") == "03":
            assert nodes(rights[0], "o:Territory/o:CountriesExcluded")
            shapes["world minus"] += 1
        else:
            assert t(rights[0], "o:Territory/o:RegionsIncluded/text()") == ["WORLD"]
            shapes["world"] += 1
        for price in nodes(p, ".//o:Price"):
            amount = float(one(price, "o:PriceAmount/text()") or "0")
            currency = one(price, "o:CurrencyCode/text()")
            # 9.99-34.99 in US dollars; Australasian dollars run higher; SEK, NOK, MXN are whole units.
            assert 5 <= amount <= 60 or (currency in ("SEK", "NOK", "MXN") and 60 < amount < 800)
    assert min(shapes.values()) > 10 and len(shapes) == 3
    all_prices = [pr for p in clean for pr in nodes(p, ".//o:Price")]
    types = Counter(one(pr, "o:PriceType/text()") for pr in all_prices)
    assert types["01"] and types["02"] and types["42"]
    assert sum(bool(nodes(p, ".//o:SalesRestriction[o:SalesRestrictionType='12']")) for p in clean) >= 2
    market_counts = Counter(len(nodes(p, "o:ProductSupply")) for p in clean)
    assert {2, 3, 4} <= set(market_counts)


def test_related_editions(clean: list[etree._Element]) -> None:
    forms: Counter[str | None] = Counter()
    for p in clean:
        related = nodes(p, "o:RelatedMaterial/o:RelatedProduct[o:ProductRelationCode='06']")
        assert related
        for r in related:
            assert gtin_ok(one(r, "o:ProductIdentifier/o:IDValue/text()") or "")
            forms[one(r, "o:ProductForm/text()")] += 1
    assert set(forms) == {"BB", "BC", "ED"}
