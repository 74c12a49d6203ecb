"""ONIX 2.1 (reference names, no namespace) to CCF: the flat 2.1 product, read into the same record.

2.1 keeps most composites of 3.0 (Contributor, Language, Extent, Subject, Audience) directly in Product,
so those readers are shared with the 3.x converter; what differs (identifiers in <ISBN>/<EAN13>, <Title>,
<Series>, <OtherText>, <MediaFile>, <PublicationDate>, RightsCountry/RightsTerritory, SupplyDetail with
AvailabilityCode and Price CountryCode/Territory) lives here.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from lxml import etree

from core.ccf.convert import mappings
from core.ccf.convert.context import Children, Context, children, text, texts
from core.ccf.convert.notes import Notes
from core.ccf.convert.onix3 import (
    audience,
    contributors,
    duration,
    identifier_triples,
    identifiers_from,
    languages,
    related_from,
    subjects,
    title_from_element,
)
from core.ccf.convert.onix3_supply import restrictions
from core.ccf.convert.onix21_supply import prices, sales_rights, status
from core.ccf.convert.text import convert_text
from core.ccf.convert.values import fold, parse_date
from core.ccf.model import ConversionNote

COVER_TYPES = ("06", "04", "07")
"""2.1 List 38: front cover high quality, front cover, front cover thumbnail (in that preference)."""
SAMPLE_TYPES = ("44", "30")
"""2.1 List 38: audio sample content, audio segment."""
MEDIA_FORMATS = {"02": "gif", "03": "jpeg", "05": "tiff", "09": "png"}


def _identifiers(product: etree._Element, notes: Notes) -> tuple[str, list[dict[str, str]]]:
    triples = identifier_triples(product)
    isbn, ean = text(product, "ISBN"), text(product, "EAN13")
    if isbn:
        triples.append(("15" if len(isbn.replace("-", "")) == 13 else "02", isbn, None))
    if ean:
        triples.append(("03", ean, None))
    return identifiers_from(triples, notes)


def _titles(product: etree._Element) -> dict[str, Any]:
    result: dict[str, Any] = {"title": None, "subtitle": fold(text(product, "Subtitle")), "series": []}
    for title in product.iterfind("Title"):
        if text(title, "TitleType") in ("01", None):
            result["title"] = title_from_element(title)
            result["subtitle"] = fold(text(title, "Subtitle")) or result["subtitle"]
            break
    if result["title"] is None:
        result["title"] = fold(text(product, "DistinctiveTitle"))
    for series in product.iterfind("Series"):
        name = fold(text(series, "TitleOfSeries"))
        if name is None:
            element = series.find("Title")
            name = title_from_element(element) if element is not None else None
        if name:
            result["series"].append({"name": name, "number": text(series, "NumberWithinSeries")})
    return result


def _subjects(product: etree._Element, grouped: Children) -> list[dict[str, Any]]:
    found = subjects(grouped)
    extra = []
    for element, scheme in (("BASICMainSubject", "bisac"), ("BICMainSubject", "bic")):
        code = text(product, element)
        if code:
            extra.append({"scheme": scheme, "code": code, "heading": None, "main": True})
    for main in product.iterfind("MainSubject"):
        scheme_code = text(main, "MainSubjectSchemeIdentifier")
        code, heading = text(main, "SubjectCode"), fold(text(main, "SubjectHeadingText"))
        if scheme_code and (code or heading):
            extra.append(
                {
                    "scheme": mappings.subject_scheme(scheme_code),
                    "code": code,
                    "heading": heading,
                    "main": True,
                }
            )
    merged = {(s["scheme"], s["code"], s["heading"], s["main"]): s for s in [*found, *extra]}
    return sorted(merged.values(), key=lambda s: (s["scheme"], not s["main"], s["code"] or "", s["heading"] or ""))


def _descriptions(product: etree._Element, notes: Notes, had_cdata: bool) -> dict[str, Any]:
    result: dict[str, Any] = {"description": None, "description_html": None, "short_description": None}
    by_type: dict[str, etree._Element] = {}
    for other in product.iterfind("OtherText"):
        kind = text(other, "TextTypeCode")
        if kind and kind not in by_type:
            by_type[kind] = other
    main = by_type["01"] if "01" in by_type else by_type.get("03")
    if main is not None:
        result["description"], result["description_html"] = convert_text(
            main.find("Text"), notes, "description", had_cdata=had_cdata, text_format=text(main, "TextFormat")
        )
    short = by_type.get("02")
    if short is not None:
        result["short_description"], _ = convert_text(
            short.find("Text"),
            notes,
            "short_description",
            had_cdata=had_cdata,
            text_format=text(short, "TextFormat"),
        )
    return result


def _media(product: etree._Element, kinds: tuple[str, ...]) -> tuple[str, etree._Element] | None:
    files = [(text(m, "MediaFileTypeCode"), m) for m in product.iterfind("MediaFile")]
    for kind in kinds:
        for code, media in files:
            link = text(media, "MediaFileLink")
            if code == kind and link and text(media, "MediaFileLinkTypeCode") in ("01", "03", None):
                return link, media
    return None


def _cover_and_sample(product: etree._Element) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    cover = None
    found = _media(product, COVER_TYPES)
    if found:
        link, media = found
        extension = link.rsplit("?", 1)[0].rsplit(".", 1)[-1].lower()
        image_format = MEDIA_FORMATS.get(text(media, "MediaFileFormatCode") or "") or {
            "jpg": "jpeg",
            "jpeg": "jpeg",
            "png": "png",
            "gif": "gif",
            "tif": "tiff",
            "tiff": "tiff",
        }.get(extension)
        cover = {"url": link, "width_px": None, "height_px": None, "format": image_format}
    sample = _media(product, SAMPLE_TYPES)
    return cover, ({"url": sample[0], "duration_seconds": None} if sample else None)


def _publishers(product: etree._Element, notes: Notes) -> tuple[str | None, str | None]:
    named = [(text(p, "PublishingRole"), fold(text(p, "PublisherName"))) for p in product.iterfind("Publisher")]
    main = next((n for r, n in named if r == "01" and n), None) or next((n for _, n in named if n), None)
    main = main or fold(text(product, "PublisherName"))
    if main is None and product.find("Publisher/NameCodeValue") is not None:
        notes.uninterpretable(
            "Q30",
            "publisher",
            text(product, "Publisher/NameCodeValue"),
            "publisher given only as a name code",
        )
    imprint = fold(text(product, "Imprint/ImprintName"))
    if imprint is None and product.find("Imprint/NameCodeValue") is not None:
        notes.uninterpretable(
            "Q30", "imprint", text(product, "Imprint/NameCodeValue"), "imprint given only as a name code"
        )
    return main, imprint


def convert_raw(
    product: etree._Element, ctx: Context, line: int | None, *, had_cdata: bool = False
) -> tuple[dict[str, Any], list[ConversionNote]]:
    """Convert one ONIX 2.1 product; raises ProductRejected when it has no usable identity.

    The record comes as the plain dict the models validate: `core.ccf.rows` checks it on the ingest path."""
    notes = Notes()
    product_key, ids = _identifiers(product, notes)
    notification_code = text(product, "NotificationType")
    notification = mappings.NOTIFICATION.get(notification_code or "", "unknown")
    if notification in ("block_update", "unknown"):
        notes.uninterpretable(
            "Q06", "notification", notification_code, "NotificationType missing or not valid in ONIX 2.1"
        )
        notification = "unknown"
    form_code = text(product, "ProductForm")
    content_code = next(iter(texts(product, "ProductContentType")), None)
    editions = set(texts(product, "EditionTypeCode")) | set(texts(product, "EditionType"))
    rights = sales_rights(product, notes)
    published, precision = parse_date(text(product, "PublicationDate"), None, notes, "Q31", "publication_date")
    publisher, imprint = _publishers(product, notes)
    cover, sample = _cover_and_sample(product)
    language_of_text = text(product, "LanguageOfText")
    grouped = children(product)
    record: dict[str, Any] = {
        "product_key": product_key,
        "record_reference": text(product, "RecordReference"),
        "identifiers": ids,
        "sender": ctx.sender,
        "notification": notification,
        "product_form": mappings.product_form(form_code),
        "product_form_code": form_code,
        "format_codes": sorted(set(texts(product, "ProductFormDetail"))),
        "content_type": mappings.CONTENT_TYPE.get(content_code, "other") if content_code else "unknown",
        **_titles(product),
        "contributors": contributors(grouped, notes),
        "edition": "unabridged" if "UBR" in editions else "abridged" if "ABR" in editions else "unknown",
        "languages": languages(grouped, replace(ctx, default_language=language_of_text or ctx.default_language), notes),
        "duration_seconds": duration(grouped, notes),
        "chapters": [],
        "subjects": _subjects(product, grouped),
        **_descriptions(product, notes, had_cdata),
        "cover": cover,
        "sample": sample,
        "publisher": publisher,
        "imprint": imprint,
        "publishing_status": status(product),
        "publication_date": published,
        "publication_date_precision": precision,
        "embargo": {"sales": None, "preorder": None, "streaming": None, "subscription": None},
        "sales_rights": rights,
        "restrictions": restrictions(product),
        "prices": prices(product, rights["for_sale"], ctx, notes),
        "audience": audience(grouped),
        "related": related_from(product.iterfind("RelatedProduct"), "RelationCode"),
        "provenance": {
            "feed_id": ctx.feed_id,
            "source_format": "onix",
            "onix_release": "2.1",
            "tag_style": ctx.tag_style,
            "line": line,
            "sent_at": ctx.sent_at,
        },
    }
    return record, notes.items

