"""ONIX 3.x (reference tag names, no namespace) to CCF: one `<Product>` element in, one record out.

The reader hands products over with namespaces removed and short tags renamed to reference names, so
this module reads one vocabulary. Blocks 4 and 6 live in `onix3_supply`, Blocks 2 and 3 in `onix3_media`.
"""

from __future__ import annotations

from typing import Any

from lxml import etree

from core.ccf import codes
from core.ccf.convert import mappings
from core.ccf.convert.context import (
    Children,
    Context,
    all_texts,
    children,
    field,
    fields,
    first,
    first_text,
    text,
    texts,
)
from core.ccf.convert.notes import Notes, ProductRejected
from core.ccf.convert.onix3_media import chapters, cover, descriptions, resources, sample
from core.ccf.convert.onix3_supply import embargo_and_dates, prices, publishers, restrictions, sales_rights
from core.ccf.convert.values import TIME_UNITS, ascii_digits, clean_identifier, duration_seconds, fold, isbn10_to_13
from core.ccf.model import CCFRecord, ConversionNote


def identifier_triples(product: etree._Element) -> list[tuple[str, str, str | None]]:
    """(ProductIDType, IDValue, IDTypeName) of every ProductIdentifier."""
    found = []
    for pid in product.iterchildren("ProductIdentifier"):
        f = fields(pid)
        code, raw = f.get("ProductIDType"), f.get("IDValue")
        if code and raw:
            found.append((code, raw, f.get("IDTypeName")))
    return found


def identifiers(product: etree._Element, notes: Notes) -> tuple[str, list[dict[str, str]]]:
    return identifiers_from(identifier_triples(product), notes)


def identifiers_from(triples: list[tuple[str, str, str | None]], notes: Notes) -> tuple[str, list[dict[str, str]]]:
    """(product_key, identifiers). The key is the ISBN-13, else the GTIN-13, else a converted ISBN-10."""
    found: list[dict[str, str]] = []
    by_type: dict[str, str] = {}
    for code, raw, name in triples:
        if code == "01":
            found.append({"type": f"proprietary:{name}" if name else "proprietary", "value": raw})
            continue
        value = clean_identifier(raw, notes, "identifiers") if code in ("02", "03", "15") else raw
        entry = {"type": mappings.ID_TYPE.get(code, f"other:{code}"), "value": value}
        if entry not in found:
            found.append(entry)
        by_type.setdefault(code, value)
    found.sort(key=lambda i: (i["type"], i["value"]))
    for code in ("15", "03"):
        candidate = by_type.get(code)
        if candidate and len(candidate) == 13 and ascii_digits(candidate):
            return candidate, found
    isbn10 = by_type.get("02")
    if isbn10 and len(isbn10) == 10 and ascii_digits(isbn10[:9]):
        key = isbn10_to_13(isbn10)
        notes.repaired("Q09", "product_key", isbn10, f"only an ISBN-10 was given: converted to {key}")
        return key, found
    raise ProductRejected(
        "no 13-digit ISBN-13 (ProductIDType 15) or GTIN-13 (03), and no ISBN-10 to convert", rule_id="Q08"
    )


def title_from_element(element: etree._Element) -> str | None:
    return title_from(children(element))


def title_from(element: Children) -> str | None:
    prefix, without = first_text(element, "TitlePrefix"), first_text(element, "TitleWithoutPrefix")
    if without:
        return fold(f"{prefix} {without}" if prefix else without)
    return fold(first_text(element, "TitleText"))


def titles(descriptive: Children, notes: Notes) -> dict[str, Any]:
    """Title and subtitle (TitleType 01, level 01), and series from collection-level title elements."""
    result: dict[str, Any] = {"title": None, "subtitle": None, "series": []}
    details = descriptive.get("TitleDetail", [])
    distinctive = [d for d in details if text(d, "TitleType") == "01"]
    if not distinctive and details:
        notes.repaired("Q19", "title", text(details[0], "TitleType"), "no TitleType 01: the first title used")
        distinctive = details[:1]
    for detail in distinctive[:1]:
        for title_element in detail.iterchildren("TitleElement"):
            element = children(title_element)
            level = first_text(element, "TitleElementLevel")
            if level == "01" and result["title"] is None:
                result["title"] = title_from(element)
                result["subtitle"] = fold(first_text(element, "Subtitle"))
            elif level == "02":
                name = title_from(element)
                if name:
                    result["series"].append({"name": name, "number": first_text(element, "PartNumber")})
    for collection in descriptive.get("Collection", ()):
        if text(collection, "CollectionType") not in ("10", None):
            continue
        number = text(collection, "CollectionSequence/CollectionSequenceNumber")
        for title_element in collection.iterfind("TitleDetail/TitleElement"):
            element = children(title_element)
            if first_text(element, "TitleElementLevel") in ("02", None):
                name = title_from(element)
                if name:
                    result["series"].append({"name": name, "number": first_text(element, "PartNumber") or number})
                break
    return result


def _name(f: dict[str, str], notes: Notes) -> tuple[str | None, str | None]:
    name = fold(f.get("PersonName"))
    before, key = f.get("NamesBeforeKey"), f.get("KeyNames")
    prefix = f.get("PrefixToKey")
    inverted = fold(f.get("PersonNameInverted"))
    corporate = fold(f.get("CorporateName"))
    keyed = fold(" ".join(p for p in (prefix, key) if p)) if key else None
    if name is None and keyed:
        name = fold(" ".join(p for p in (before, keyed) if p))
    if name is None and corporate:
        name = corporate
    if name is None and inverted:
        if "," in inverted:
            last, first = (p.strip() for p in inverted.split(",", 1))
            name = fold(f"{first} {last}")
            notes.repaired("Q17", "contributors.name", inverted, "name taken from the inverted name")
        else:
            name = inverted
    sort_name = inverted or (fold(f"{keyed}, {before}") if keyed and before else keyed)
    sort_name = sort_name or fold(f.get("CorporateNameInverted")) or corporate
    return name, sort_name


def contributors(descriptive: Children, notes: Notes) -> list[dict[str, Any]]:
    """One entry per contributor and role, in billing order (SequenceNumber, then document order)."""
    found: list[tuple[tuple[int, int, int], dict[str, Any]]] = []
    for index, contributor in enumerate(descriptive.get("Contributor", ())):
        f = fields(contributor)
        sequence_raw = f.get("SequenceNumber")
        sequence = int(sequence_raw) if sequence_raw and ascii_digits(sequence_raw) else None
        name, sort_name = _name(f, notes)
        synthetic = f.get("UnnamedPersons") in mappings.SYNTHETIC_VOICES
        roles = texts(contributor, "ContributorRole") if "ContributorRole" in f else []
        for role_index, code in enumerate(roles):
            entry = {
                "sequence": sequence,
                "role": mappings.contributor_role(code),
                "onix_role": code,
                "name": name,
                "sort_name": sort_name,
                "synthetic_voice": synthetic,
            }
            order = (0 if sequence is not None else 1, sequence or 0, index * 100 + role_index)
            found.append((order, entry))
    found.sort(key=lambda pair: pair[0])
    return [entry for _, entry in found]


def no_contributor(descriptive: Children, notes: Notes) -> None:
    """<NoContributor/> says the product has none: kept as a note, so the author rule (Q14) knows."""
    if "NoContributor" in descriptive:
        notes.add("Q14", "contributors", None, "ignored", "NoContributor: the sender states there is no contributor")


def languages(descriptive: Children, ctx: Context, notes: Notes) -> list[dict[str, str]]:
    found: set[tuple[str, str]] = set()
    for language in descriptive.get("Language", ()):
        f = fields(language)
        role_code, raw = f.get("LanguageRole"), f.get("LanguageCode")
        if not raw:
            continue
        role = mappings.LANGUAGE_ROLE.get(role_code or "", f"other:{role_code}")
        code = raw.lower()
        if code not in codes.languages_b():
            repaired = codes.language_b(code)
            if repaired:
                notes.repaired("Q24", "languages", raw, f"not an ISO 639-2/B code: read as {repaired}")
                code = repaired
            else:
                notes.uninterpretable("Q24", "languages", raw, "not an ISO 639-2/B language code")
        elif code != raw:
            notes.repaired("Q24", "languages", raw, "language code in upper case")
        found.add((role, code))
    if not any(role == "text" for role, _ in found) and ctx.default_language:
        found.add(("text", ctx.default_language.lower()))
    return [{"role": role, "code": code} for role, code in sorted(found)]


def duration(descriptive: Children, notes: Notes) -> int | None:
    """Extent 09 (else 14, else 16) in a time unit, as seconds; tracks and discs are never a duration."""
    extents = [
        (first_text(e, "ExtentType"), first_text(e, "ExtentValue"), first_text(e, "ExtentUnit"))
        for e in map(children, descriptive.get("Extent", ()))
    ]
    for wanted in ("09", "14", "16"):
        for kind, value, unit in extents:
            if kind != wanted or not value:
                continue
            if unit in TIME_UNITS:
                seconds = duration_seconds(value, unit or "", notes, "duration_seconds")
                if seconds is not None:
                    return seconds
            elif unit in ("11", "12"):
                what = "tracks" if unit == "11" else "discs"
                notes.uninterpretable(
                    "Q21",
                    "duration_seconds",
                    f"{value} (unit {unit})",
                    f"a count of {what} sent as a duration",
                )
    return None


def subjects(descriptive: Children) -> list[dict[str, Any]]:
    found: set[tuple[str, str | None, str | None, bool]] = set()
    for subject in map(children, descriptive.get("Subject", ())):
        scheme_code = field(subject, "SubjectSchemeIdentifier")
        if not scheme_code:
            continue
        code, heading = field(subject, "SubjectCode"), fold(field(subject, "SubjectHeadingText"))
        if code is None and heading is None:
            continue
        found.add((mappings.subject_scheme(scheme_code), code, heading, "MainSubject" in subject))
    ordered = sorted(found, key=lambda s: (s[0], not s[3], s[1] or "", s[2] or ""))
    return [{"scheme": s, "code": c, "heading": h, "main": m} for s, c, h, m in ordered]


def audience(descriptive: Children) -> dict[str, Any]:
    result: dict[str, Any] = {"explicit": None, "age_min": None, "age_max": None}
    for aud in descriptive.get("Audience", ()):
        f = fields(aud)
        if f.get("AudienceCodeType") == "22":
            value = f.get("AudienceCodeValue")
            if value in mappings.EXPLICIT_CODES:
                result["explicit"] = True
            elif value == "01" and result["explicit"] is None:
                result["explicit"] = False
    for rng in map(children, descriptive.get("AudienceRange", ())):
        if first_text(rng, "AudienceRangeQualifier") != "17":
            continue
        precisions = all_texts(rng, "AudienceRangePrecision")
        values = all_texts(rng, "AudienceRangeValue")
        for precision, value in zip(precisions, values, strict=False):
            if not ascii_digits(value):
                continue
            if precision in ("01", "03"):
                result["age_min"] = int(value)
            if precision in ("01", "04"):
                result["age_max"] = int(value)
    return result


def related(product: Children) -> list[dict[str, Any]]:
    elements = (rp for material in product.get("RelatedMaterial", ()) for rp in material.iterchildren("RelatedProduct"))
    return related_from(elements, "ProductRelationCode")


def related_from(elements: Any, code_tag: str) -> list[dict[str, Any]]:
    """RelatedProduct composites (3.x: ProductRelationCode; 2.1: RelationCode and <ISBN>/<EAN13>)."""
    found: set[tuple[str, str | None, str | None]] = set()
    for rp in map(children, elements):
        ids = {f.get("ProductIDType"): f.get("IDValue") for f in map(fields, rp.get("ProductIdentifier", ()))}
        gtin = ids.get("15") or ids.get("03") or first_text(rp, "EAN13")
        isbn = first_text(rp, "ISBN")
        if gtin is None and isbn and len(isbn) == 13:
            gtin = isbn
        form = first_text(rp, "ProductForm")
        for code in all_texts(rp, code_tag):
            found.add((mappings.relation(code), gtin, form))
    ordered = sorted(found, key=lambda t: (t[0], t[1] or "", t[2] or ""))
    return [{"relation": r, "gtin": g, "form": f} for r, g, f in ordered]


def convert_raw(
    product: etree._Element, ctx: Context, line: int | None, *, had_cdata: bool = False
) -> tuple[dict[str, Any], list[ConversionNote]]:
    """Convert one ONIX 3.x product; raises ProductRejected when it has no usable identity.

    The record comes as the plain dict the models validate: `core.ccf.rows` checks it on the ingest path."""
    notes = Notes()
    product_key, ids = identifiers(product, notes)
    top = children(product)
    notification_code = first_text(top, "NotificationType")
    notification = mappings.NOTIFICATION.get(notification_code or "", "unknown")
    if notification == "unknown":
        notes.uninterpretable("Q06", "notification", notification_code, "NotificationType missing or not in List 1")
    # Each block's children grouped once: the parts below look tags up instead of scanning again.
    descriptive = children(first(top, "DescriptiveDetail"))
    collateral = children(first(top, "CollateralDetail"))
    supporting = resources(collateral)
    publishing = children(first(top, "PublishingDetail"))
    form_code = first_text(descriptive, "ProductForm")
    content_code = first_text(descriptive, "PrimaryContentType") or next(
        iter(all_texts(descriptive, "ProductContentType")), None
    )
    editions = set(all_texts(descriptive, "EditionType"))
    rights = sales_rights(publishing, notes)
    embargo, published, precision = embargo_and_dates(publishing, notes)
    publisher, imprint = publishers(publishing)
    status_code = first_text(publishing, "PublishingStatus")
    no_contributor(descriptive, notes)
    record: dict[str, Any] = {
        "product_key": product_key,
        "record_reference": first_text(top, "RecordReference"),
        "identifiers": ids,
        "sender": ctx.sender,
        "notification": notification,
        "product_form": mappings.product_form(form_code),
        "product_form_code": form_code,
        "format_codes": sorted(set(all_texts(descriptive, "ProductFormDetail"))),
        "content_type": mappings.CONTENT_TYPE.get(content_code, "other") if content_code else "unknown",
        **titles(descriptive, notes),
        "contributors": contributors(descriptive, notes),
        "edition": "unabridged" if "UBR" in editions else "abridged" if "ABR" in editions else "unknown",
        "languages": languages(descriptive, ctx, notes),
        "duration_seconds": duration(descriptive, notes),
        "chapters": chapters(first(top, "ContentDetail"), notes),
        "subjects": subjects(descriptive),
        **descriptions(collateral, notes, had_cdata),
        "cover": cover(supporting),
        "sample": sample(supporting),
        "publisher": fold(publisher),
        "imprint": fold(imprint),
        "publishing_status": mappings.PUBLISHING_STATUS.get(status_code or "", "unknown"),
        "publication_date": published,
        "publication_date_precision": precision,
        "embargo": embargo,
        "sales_rights": rights,
        "restrictions": restrictions(product),
        "prices": prices(top, rights["for_sale"], ctx, notes),
        "audience": audience(descriptive),
        "related": related(top),
        "provenance": {
            "feed_id": ctx.feed_id,
            "source_format": "onix",
            "onix_release": ctx.onix_release,
            "tag_style": ctx.tag_style,
            "line": line,
            "sent_at": ctx.sent_at,
        },
    }
    return record, notes.items


def convert(
    product: etree._Element, ctx: Context, line: int | None, *, had_cdata: bool = False
) -> tuple[CCFRecord, list[ConversionNote]]:
    """Convert one ONIX 3.x product into a validated record (see `convert_raw`)."""
    record, notes = convert_raw(product, ctx, line, had_cdata=had_cdata)
    return CCFRecord.model_validate(record), notes
