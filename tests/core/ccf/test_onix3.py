"""The ONIX 3.0 converter, field by field, on hand-written products with expectations worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from lxml import etree

from core.ccf import codes
from core.ccf.convert.context import Context
from core.ccf.convert.notes import ProductRejected
from core.ccf.convert.onix3 import convert
from core.ccf.model import CCFRecord, ConversionNote

ISBN = "9781234567897"


def product(
    *,
    ids: str | None = None,
    descriptive: str = "",
    collateral: str = "",
    content: str = "",
    publishing: str = "",
    related: str = "",
    supply: str = "",
    notification: str = "03",
) -> etree._Element:
    ids = (
        ids
        if ids is not None
        else f"<ProductIdentifier><ProductIDType>15</ProductIDType><IDValue>{ISBN}</IDValue></ProductIdentifier>"
    )
    xml = (
        f"<Product><RecordReference>ref-1</RecordReference><NotificationType>{notification}</NotificationType>{ids}"
        f"<DescriptiveDetail><ProductComposition>00</ProductComposition><ProductForm>AJ</ProductForm>{descriptive}</DescriptiveDetail>"
        f"{'<CollateralDetail>' + collateral + '</CollateralDetail>' if collateral else ''}"
        f"{'<ContentDetail>' + content + '</ContentDetail>' if content else ''}"
        f"{'<PublishingDetail>' + publishing + '</PublishingDetail>' if publishing else ''}"
        f"{'<RelatedMaterial>' + related + '</RelatedMaterial>' if related else ''}"
        f"{supply}</Product>"
    )
    return etree.fromstring(xml)


def run(el: etree._Element, ctx: Context | None = None) -> tuple[CCFRecord, list[ConversionNote]]:
    return convert(el, ctx or Context(sender="Sender Ltd"), 10)


def rules_of(notes: list[ConversionNote]) -> list[tuple[str, str]]:
    return [(n.rule_id, n.action) for n in notes]


# -- identity ----------------------------------------------------------------------------------------


def test_isbn13_is_the_product_key_and_every_identifier_is_kept() -> None:
    ids = (
        "<ProductIdentifier><ProductIDType>03</ProductIDType><IDValue>9780000000017</IDValue></ProductIdentifier>"
        f"<ProductIdentifier><ProductIDType>15</ProductIDType><IDValue>{ISBN}</IDValue></ProductIdentifier>"
        "<ProductIdentifier><ProductIDType>01</ProductIDType><IDTypeName>Acme SKU</IDTypeName><IDValue>A-1</IDValue></ProductIdentifier>"
    )
    record, _ = run(product(ids=ids))
    assert record.product_key == ISBN
    assert {(i.type, i.value) for i in record.identifiers} == {
        ("gtin13", "9780000000017"),
        ("isbn13", ISBN),
        ("proprietary:Acme SKU", "A-1"),
    }


def test_an_isbn10_alone_becomes_its_isbn13_with_a_note() -> None:
    record, notes = run(
        product(
            ids="<ProductIdentifier><ProductIDType>02</ProductIDType><IDValue>0-306-40615-2</IDValue></ProductIdentifier>"
        )
    )
    assert record.product_key == "9780306406157"  # 978 + 030640615 + check digit 7
    assert ("Q09", "repaired") in rules_of(notes)


def test_a_product_without_any_13_digit_identifier_is_rejected_naming_q08() -> None:
    with pytest.raises(ProductRejected) as caught:
        run(
            product(
                ids="<ProductIdentifier><ProductIDType>01</ProductIDType><IDValue>X</IDValue></ProductIdentifier>"
            )
        )
    assert caught.value.rule_id == "Q08"


def test_a_bad_check_digit_is_still_converted() -> None:
    record, _ = run(
        product(
            ids="<ProductIdentifier><ProductIDType>15</ProductIDType><IDValue>9781234567890</IDValue></ProductIdentifier>"
        )
    )
    assert record.product_key == "9781234567890"


# -- descriptive detail ------------------------------------------------------------------------------


def test_form_content_type_title_series_edition() -> None:
    record, _ = run(
        product(
            descriptive=(
                "<ProductFormDetail>A107</ProductFormDetail><ProductFormDetail>A103</ProductFormDetail>"
                "<PrimaryContentType>02</PrimaryContentType>"
                "<Collection><CollectionType>10</CollectionType><TitleDetail><TitleType>01</TitleType><TitleElement>"
                "<TitleElementLevel>02</TitleElementLevel><PartNumber>3</PartNumber><TitleText>Harbour Nights</TitleText>"
                "</TitleElement></TitleDetail></Collection>"
                "<TitleDetail><TitleType>01</TitleType><TitleElement><TitleElementLevel>01</TitleElementLevel>"
                "<TitlePrefix>The</TitlePrefix><TitleWithoutPrefix>Quiet   Tide\n</TitleWithoutPrefix><Subtitle>A Novel</Subtitle>"
                "</TitleElement></TitleDetail><EditionType>UBR</EditionType>"
            )
        )
    )
    assert record.product_form == "download" and record.product_form_code == "AJ"
    assert record.format_codes == ["A103", "A107"]
    assert record.content_type == "performance"
    assert (record.title, record.subtitle) == ("The Quiet Tide", "A Novel")
    assert [(s.name, s.number) for s in record.series] == [("Harbour Nights", "3")]
    assert record.edition == "unabridged"


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        ("AJ", "download"),
        ("AN", "download_and_stream"),
        ("AO", "stream"),
        ("AC", "physical_audio"),
        ("BC", "not_audio"),
    ],
)
def test_product_forms(form: str, expected: str) -> None:
    el = product()
    el.find("DescriptiveDetail/ProductForm").text = form  # type: ignore[union-attr]
    assert run(el)[0].product_form == expected


def test_contributors_in_billing_order_with_roles_names_and_synthetic_voices() -> None:
    record, _ = run(
        product(
            descriptive=(
                "<Contributor><SequenceNumber>2</SequenceNumber><ContributorRole>E07</ContributorRole>"
                "<PersonName>Sam Reader</PersonName><PersonNameInverted>Reader, Sam</PersonNameInverted></Contributor>"
                "<Contributor><SequenceNumber>1</SequenceNumber><ContributorRole>A01</ContributorRole>"
                "<NamesBeforeKey>Jane</NamesBeforeKey><KeyNames>Author</KeyNames></Contributor>"
                "<Contributor><SequenceNumber>3</SequenceNumber><ContributorRole>E07</ContributorRole><UnnamedPersons>07</UnnamedPersons></Contributor>"
                "<Contributor><SequenceNumber>4</SequenceNumber><ContributorRole>B06</ContributorRole><CorporateName>Babel Ltd</CorporateName></Contributor>"
            )
        )
    )
    got = [
        (c.sequence, c.role, c.onix_role, c.name, c.sort_name, c.synthetic_voice) for c in record.contributors
    ]
    assert got == [
        (1, "author", "A01", "Jane Author", "Author, Jane", False),
        (2, "narrator", "E07", "Sam Reader", "Reader, Sam", False),
        (3, "narrator", "E07", None, None, True),
        (4, "translator", "B06", "Babel Ltd", "Babel Ltd", False),
    ]


def test_the_same_contributors_in_another_xml_order_give_the_same_record() -> None:
    a = "<Contributor><SequenceNumber>1</SequenceNumber><ContributorRole>A01</ContributorRole><PersonName>A B</PersonName></Contributor>"
    b = "<Contributor><SequenceNumber>2</SequenceNumber><ContributorRole>E07</ContributorRole><PersonName>C D</PersonName></Contributor>"
    assert (
        run(product(descriptive=a + b))[0].content_hash() == run(product(descriptive=b + a))[0].content_hash()
    )


def test_languages_are_iso_639_2b_and_deu_is_repaired_with_a_note() -> None:
    record, notes = run(
        product(
            descriptive=(
                "<Language><LanguageRole>01</LanguageRole><LanguageCode>deu</LanguageCode></Language>"
                "<Language><LanguageRole>08</LanguageRole><LanguageCode>ger</LanguageCode></Language>"
                "<Language><LanguageRole>02</LanguageRole><LanguageCode>eng</LanguageCode></Language>"
            )
        )
    )
    assert [(lang.role, lang.code) for lang in record.languages] == [
        ("audio", "ger"),
        ("original", "eng"),
        ("text", "ger"),
    ]
    assert ("Q24", "repaired") in rules_of(notes)


def test_the_header_default_language_applies_when_the_product_names_none() -> None:
    record, _ = run(product(), Context(default_language="fre"))
    assert [(lang.role, lang.code) for lang in record.languages] == [("text", "fre")]


@pytest.mark.parametrize(
    ("value", "unit", "seconds"),
    [
        ("524", "05", 524 * 60),
        ("8.5", "04", 8 * 3600 + 30 * 60),
        ("45000", "06", 45000),
        ("12", "14", 12 * 3600),
        ("00850", "15", 8 * 3600 + 50 * 60),
        ("0080530", "16", 8 * 3600 + 5 * 60 + 30),
        ("50000", "16", 5 * 3600),
        ("450.5", "05", 27030),
    ],
)
def test_durations_in_every_time_unit(value: str, unit: str, seconds: int) -> None:
    extent = f"<Extent><ExtentType>09</ExtentType><ExtentValue>{value}</ExtentValue><ExtentUnit>{unit}</ExtentUnit></Extent>"
    assert run(product(descriptive=extent))[0].duration_seconds == seconds


def test_a_track_count_is_never_a_duration_and_is_noted() -> None:
    extent = "<Extent><ExtentType>09</ExtentType><ExtentValue>117</ExtentValue><ExtentUnit>11</ExtentUnit></Extent>"
    record, notes = run(product(descriptive=extent))
    assert record.duration_seconds is None
    assert ("Q21", "uninterpretable") in rules_of(notes)


def test_minutes_of_sixty_or_more_in_hhhmm_are_not_guessed() -> None:
    extent = "<Extent><ExtentType>09</ExtentType><ExtentValue>00875</ExtentValue><ExtentUnit>15</ExtentUnit></Extent>"
    record, notes = run(product(descriptive=extent))
    assert record.duration_seconds is None
    assert ("Q21", "uninterpretable") in rules_of(notes)


def test_subjects_and_audience() -> None:
    record, _ = run(
        product(
            descriptive=(
                "<Subject><MainSubject/><SubjectSchemeIdentifier>10</SubjectSchemeIdentifier><SubjectCode>FIC022000</SubjectCode></Subject>"
                "<Subject><SubjectSchemeIdentifier>93</SubjectSchemeIdentifier><SubjectCode>FFH</SubjectCode></Subject>"
                "<Subject><SubjectSchemeIdentifier>20</SubjectSchemeIdentifier><SubjectHeadingText>crime; harbour</SubjectHeadingText></Subject>"
                "<Audience><AudienceCodeType>22</AudienceCodeType><AudienceCodeValue>04</AudienceCodeValue></Audience>"
                "<AudienceRange><AudienceRangeQualifier>17</AudienceRangeQualifier><AudienceRangePrecision>03</AudienceRangePrecision>"
                "<AudienceRangeValue>16</AudienceRangeValue></AudienceRange>"
            )
        )
    )
    assert [(s.scheme, s.code, s.heading, s.main) for s in record.subjects] == [
        ("bisac", "FIC022000", None, True),
        ("keywords", None, "crime; harbour", False),
        ("thema", "FFH", None, False),
    ]
    assert (record.audience.explicit, record.audience.age_min, record.audience.age_max) == (True, 16, None)


# -- collateral and content --------------------------------------------------------------------------


def test_xhtml_description_becomes_plain_text_and_sanitised_html() -> None:
    record, notes = run(
        product(
            collateral=(
                '<TextContent><TextType>03</TextType><ContentAudience>00</ContentAudience><Text textformat="05">'
                "<p>The <em>first</em> line.</p><ul><li>one</li></ul><script>alert(1)</script></Text></TextContent>"
                "<TextContent><TextType>02</TextType><ContentAudience>00</ContentAudience><Text>Short  one.</Text></TextContent>"
            )
        )
    )
    assert record.description == "The first line.\n\none"
    assert record.description_html == "<p>The <em>first</em> line.</p><ul><li>one</li></ul>"
    assert record.short_description == "Short one."
    assert ("Q27", "dropped") in rules_of(notes)  # the script tag is outside the allowed subset


@pytest.mark.parametrize(
    ("markup", "plain", "kept"),
    [
        ("<div>First part.</div><div>Second part.</div>", "First part.\n\nSecond part.",
         "<p>First part.</p><p>Second part.</p>"),
        ("<p>Cell</p><table><tr><td>a</td></tr><tr><td>b</td></tr></table>", "Cell\n\na\n\nb", "<p>Cell</p><p>a</p><p>b</p>"),
    ],
)
def test_blocks_outside_the_allowed_tags_stay_paragraphs_in_the_html_too(markup: str, plain: str, kept: str) -> None:
    record, _ = run(
        product(
            collateral=(
                '<TextContent><TextType>03</TextType><ContentAudience>00</ContentAudience><Text textformat="05">'
                f"{markup}</Text></TextContent>"
            )
        )
    )
    assert (record.description, record.description_html) == (plain, kept)


def test_escaped_html_in_a_plain_text_field_is_converted_and_noted() -> None:
    record, notes = run(
        product(
            collateral=(
                "<TextContent><TextType>03</TextType><ContentAudience>00</ContentAudience>"
                "<Text>&lt;p&gt;Hello &amp;amp; welcome&lt;/p&gt;</Text></TextContent>"
            )
        )
    )
    assert record.description == "Hello & welcome"
    assert record.description_html == "<p>Hello &amp; welcome</p>"
    assert ("Q27", "ignored") in rules_of(notes)


def test_plain_description_keeps_paragraphs_and_folds_whitespace() -> None:
    record, notes = run(
        product(
            collateral=(
                "<TextContent><TextType>03</TextType><ContentAudience>00</ContentAudience>"
                "<Text>First   paragraph\nwraps.\n\n  Second.</Text></TextContent>"
            )
        )
    )
    assert record.description == "First paragraph wraps.\n\nSecond."
    assert record.description_html is None
    assert notes == []


def test_cover_sample_and_chapters() -> None:
    record, _ = run(
        product(
            collateral=(
                "<SupportingResource><ResourceContentType>01</ResourceContentType><ContentAudience>00</ContentAudience>"
                "<ResourceMode>03</ResourceMode>"
                "<ResourceVersion><ResourceForm>02</ResourceForm>"
                "<ResourceVersionFeature><ResourceVersionFeatureType>02</ResourceVersionFeatureType><FeatureValue>3000</FeatureValue></ResourceVersionFeature>"
                "<ResourceVersionFeature><ResourceVersionFeatureType>03</ResourceVersionFeatureType><FeatureValue>2999</FeatureValue></ResourceVersionFeature>"
                "<ResourceLink>https://covers.example.com/x.jpg</ResourceLink></ResourceVersion></SupportingResource>"
                "<SupportingResource><ResourceContentType>15</ResourceContentType><ContentAudience>00</ContentAudience>"
                "<ResourceMode>02</ResourceMode><ResourceFeature><ResourceFeatureType>04</ResourceFeatureType>"
                "<FeatureValue>4.5</FeatureValue></ResourceFeature><ResourceVersion><ResourceForm>02</ResourceForm>"
                "<ResourceLink>https://samples.example.com/x.mp3</ResourceLink></ResourceVersion></SupportingResource>"
            ),
            content=(
                "<ContentItem><AVItem><AVItemType>03</AVItemType><TimeRun><StartTime>0000000</StartTime>"
                "<EndTime>0001030</EndTime></TimeRun></AVItem><TitleDetail><TitleType>01</TitleType><TitleElement>"
                "<TitleElementLevel>04</TitleElementLevel><TitleText>Chapter One</TitleText></TitleElement></TitleDetail></ContentItem>"
                "<ContentItem><AVItem><AVItemType>03</AVItemType><TimeRun><StartTime>0001030</StartTime></TimeRun>"
                "<AVDuration>0002000</AVDuration></AVItem><ComponentTypeName>Chapter</ComponentTypeName><ComponentNumber>2</ComponentNumber></ContentItem>"
            ),
        )
    )
    assert record.cover is not None and (
        record.cover.width_px,
        record.cover.height_px,
        record.cover.format,
    ) == (2999, 3000, "jpeg")
    assert record.sample is not None and record.sample.duration_seconds == 270
    assert [(c.number, c.title, c.start_seconds, c.duration_seconds) for c in record.chapters] == [
        (1, "Chapter One", 0, 630),
        (2, "Chapter 2", 630, 1200),
    ]


# -- publishing, rights and supply -------------------------------------------------------------------


def test_publisher_status_dates_and_embargoes() -> None:
    record, _ = run(
        product(
            publishing=(
                "<Imprint><ImprintName>Tide Audio</ImprintName></Imprint>"
                "<Publisher><PublishingRole>02</PublishingRole><PublisherName>Co-publisher</PublisherName></Publisher>"
                "<Publisher><PublishingRole>01</PublishingRole><PublisherName>Harbour House</PublisherName></Publisher>"
                "<PublishingStatus>02</PublishingStatus>"
                "<PublishingDate><PublishingDateRole>01</PublishingDateRole><DateFormat>01</DateFormat><Date>202703</Date></PublishingDate>"
                "<PublishingDate><PublishingDateRole>30</PublishingDateRole><Date>20270401</Date></PublishingDate>"
            )
        )
    )
    assert (record.publisher, record.imprint, record.publishing_status) == (
        "Harbour House",
        "Tide Audio",
        "forthcoming",
    )
    assert (record.publication_date, record.publication_date_precision) == (dt.date(2027, 3, 1), "month")
    assert record.embargo.streaming == dt.date(2027, 4, 1) and record.embargo.sales is None


def test_world_rights_minus_exclusions_with_rest_of_world_not_for_sale() -> None:
    record, _ = run(
        product(
            publishing=(
                "<SalesRights><SalesRightsType>01</SalesRightsType><Territory><RegionsIncluded>WORLD</RegionsIncluded>"
                "<CountriesExcluded>US CA</CountriesExcluded></Territory></SalesRights>"
                "<SalesRights><SalesRightsType>03</SalesRightsType><Territory><CountriesIncluded>US</CountriesIncluded></Territory></SalesRights>"
                "<ROWSalesRightsType>03</ROWSalesRightsType>"
            )
        )
    )
    everything = codes.countries()
    assert set(record.sales_rights.for_sale) == everything - {"US", "CA"}
    # US is named as not for sale; CA is named nowhere, so ROWSalesRightsType 03 places it.
    assert record.sales_rights.not_for_sale == ["CA", "US"]
    assert record.sales_rights.exclusive is True
    assert record.sales_rights.for_sale == sorted(record.sales_rights.for_sale)


def test_a_country_excluded_from_world_is_in_neither_list_without_row() -> None:
    record, _ = run(
        product(
            publishing=(
                "<SalesRights><SalesRightsType>02</SalesRightsType><Territory><RegionsIncluded>WORLD</RegionsIncluded>"
                "<CountriesExcluded>FR</CountriesExcluded></Territory></SalesRights>"
            )
        )
    )
    assert "FR" not in record.sales_rights.for_sale and record.sales_rights.not_for_sale == []
    assert record.sales_rights.exclusive is False


def test_run_together_country_codes_and_row_in_3x_are_repaired_with_q33_notes() -> None:
    record, notes = run(
        product(
            publishing=(
                "<SalesRights><SalesRightsType>01</SalesRightsType><Territory><CountriesIncluded>GBIE</CountriesIncluded></Territory></SalesRights>"
                "<SalesRights><SalesRightsType>03</SalesRightsType><Territory><RegionsIncluded>ROW</RegionsIncluded></Territory></SalesRights>"
            )
        )
    )
    assert record.sales_rights.for_sale == ["GB", "IE"]
    assert set(record.sales_rights.not_for_sale) == codes.countries() - {"GB", "IE"}
    assert [n.rule_id for n in notes].count("Q33") == 2


def test_prices_per_market_with_territories_dates_and_a_decimal_comma() -> None:
    supply = (
        "<ProductSupply><Market><Territory><CountriesIncluded>DE AT</CountriesIncluded></Territory></Market>"
        "<SupplyDetail><Supplier><SupplierRole>01</SupplierRole><SupplierName>S</SupplierName></Supplier>"
        "<ProductAvailability>20</ProductAvailability>"
        "<Price><PriceType>04</PriceType><PriceAmount>13,99</PriceAmount><CurrencyCode>EUR</CurrencyCode>"
        "<Territory><CountriesIncluded>DE</CountriesIncluded></Territory>"
        "<PriceDate><PriceDateRole>14</PriceDateRole><Date>20260101</Date></PriceDate></Price>"
        "<Price><PriceType>04</PriceType><PriceAmount>14.5</PriceAmount><CurrencyCode>EUR</CurrencyCode>"
        "<Territory><CountriesIncluded>AT</CountriesIncluded></Territory></Price>"
        "</SupplyDetail></ProductSupply>"
        "<ProductSupply><Market><Territory><CountriesIncluded>US</CountriesIncluded></Territory></Market>"
        "<SupplyDetail><Supplier><SupplierRole>01</SupplierRole><SupplierName>S</SupplierName></Supplier>"
        "<ProductAvailability>10</ProductAvailability>"
        "<Price><PriceType>01</PriceType><PriceAmount>19.99</PriceAmount><CurrencyCode>USD</CurrencyCode></Price>"
        "</SupplyDetail></ProductSupply>"
    )
    record, notes = run(product(supply=supply))
    got = [
        (p.amount, p.currency, p.price_type, p.tax_included, p.countries, p.availability, p.valid_from)
        for p in record.prices
    ]
    # Ordered by price type, currency, then countries (AT before DE).
    assert got == [
        ("14.50", "EUR", "fixed", True, ["AT"], "available", None),
        ("13.99", "EUR", "fixed", True, ["DE"], "available", dt.date(2026, 1, 1)),
        ("19.99", "USD", "rrp", False, ["US"], "not_yet_available", None),
    ]
    assert ("Q35", "repaired") in rules_of(notes)


def test_restrictions_and_related_products() -> None:
    record, _ = run(
        product(
            publishing="<SalesRestriction><SalesRestrictionType>12</SalesRestrictionType></SalesRestriction>",
            related=(
                "<RelatedProduct><ProductRelationCode>06</ProductRelationCode><ProductIdentifier><ProductIDType>15</ProductIDType>"
                "<IDValue>9781234567880</IDValue></ProductIdentifier><ProductForm>BC</ProductForm></RelatedProduct>"
            ),
        )
    )
    assert record.restrictions == ["except_subscription"]
    assert [(r.relation, r.gtin, r.form) for r in record.related] == [
        ("alternative_format", "9781234567880", "BC")
    ]


@pytest.mark.parametrize(
    ("code", "name"),
    [("01", "early"), ("03", "confirmed"), ("05", "delete"), ("88", "test"), ("99", "unknown")],
)
def test_notification_types(code: str, name: str) -> None:
    record, notes = run(product(notification=code))
    assert record.notification == name
    assert (("Q06", "uninterpretable") in rules_of(notes)) == (name == "unknown")


def test_the_record_is_deterministic_and_provenance_is_not_content() -> None:
    a, _ = convert(product(), Context(feed_id=1), 10)
    b, _ = convert(product(), Context(feed_id=2), 99)
    assert a.canonical_json() == b.canonical_json() and a.content_hash() == b.content_hash()
    assert a.provenance != b.provenance


def test_superscript_digits_are_not_numbers_and_do_not_fail_the_product() -> None:
    # str.isdigit() accepts "²" but int() refuses it: such values are read as not numbers, with notes.
    record, notes = run(
        product(
            descriptive=(
                "<Contributor><SequenceNumber>²</SequenceNumber><ContributorRole>A01</ContributorRole>"
                "<PersonName>Ann Author</PersonName></Contributor>"
                "<Extent><ExtentType>09</ExtentType><ExtentValue>00²30</ExtentValue><ExtentUnit>16</ExtentUnit></Extent>"
                "<AudienceRange><AudienceRangeQualifier>17</AudienceRangeQualifier>"
                "<AudienceRangePrecision>03</AudienceRangePrecision><AudienceRangeValue>¹²</AudienceRangeValue></AudienceRange>"
            ),
            content=(
                "<ContentItem><AVItem><AVItemType>03</AVItemType><TimeRun><StartTime>00000²0</StartTime></TimeRun>"
                "<AVDuration>0000030</AVDuration></AVItem><ComponentNumber>³</ComponentNumber></ContentItem>"
            ),
        )
    )
    assert [(c.sequence, c.name) for c in record.contributors] == [(None, "Ann Author")]
    assert record.duration_seconds is None and record.audience.age_min is None
    assert [(c.number, c.start_seconds, c.duration_seconds) for c in record.chapters] == [(1, None, 30)]
    assert ("Q21", "uninterpretable") in rules_of(notes) and ("Q22", "uninterpretable") in rules_of(notes)
