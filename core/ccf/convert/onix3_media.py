"""ONIX 3.x Blocks 2 and 3: descriptions, cover, audio sample, and chapters (ContentDetail/AVItem)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from lxml import etree

from core.ccf import codes
from core.ccf.convert.context import Children, children, field, fields, first, first_text, nested_text, text
from core.ccf.convert.notes import Notes
from core.ccf.convert.text import convert_text
from core.ccf.convert.values import ascii_digits, fold, hhhmmss

_IMAGE_EXTENSIONS = {
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "png": "png",
    "gif": "gif",
    "tif": "tiff",
    "tiff": "tiff",
    "webp": "webp",
}


def descriptions(collateral: Children, notes: Notes, had_cdata: bool) -> dict[str, Any]:
    """description (TextType 03), its sanitised HTML, and short_description (TextType 02)."""
    result: dict[str, Any] = {"description": None, "description_html": None, "short_description": None}
    for content in collateral.get("TextContent", ()):
        g = children(content)
        kind = first_text(g, "TextType")
        if kind == "03" and result["description"] is None:
            plain, markup = convert_text(first(g, "Text"), notes, "description", had_cdata=had_cdata)
            result["description"], result["description_html"] = plain, markup
        elif kind == "02" and result["short_description"] is None:
            plain, _ = convert_text(first(g, "Text"), notes, "short_description", had_cdata=had_cdata)
            result["short_description"] = plain
    return result


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(Decimal(value.strip()))
    except (InvalidOperation, ValueError):
        return None


def _version_features(version: Children) -> dict[str, str]:
    features = {}
    for feature in version.get("ResourceVersionFeature", ()):
        f = fields(feature)
        kind, value = f.get("ResourceVersionFeatureType"), f.get("FeatureValue")
        if kind and value:
            features[kind] = value
    return features


def _image_format(features: dict[str, str], url: str) -> str | None:
    if "01" in features:
        label = codes.label(178, features["01"])
        if label:
            return codes.slug(label.split()[0])
    extension = url.rsplit("?", 1)[0].rsplit(".", 1)[-1].lower() if "." in url else ""
    return _IMAGE_EXTENSIONS.get(extension)


def resources(collateral: Children) -> list[Children]:
    """The SupportingResource composites, grouped once for both `cover` and `sample`."""
    return [children(resource) for resource in collateral.get("SupportingResource", ())]


def cover(resources: list[Children]) -> dict[str, Any] | None:
    """The front cover (ResourceContentType 01, mode 03): of several versions, the largest."""
    best: dict[str, Any] | None = None
    best_area = 0
    for resource in resources:
        if field(resource, "ResourceContentType") != "01" or field(resource, "ResourceMode") != "03":
            continue
        for element in resource.get("ResourceVersion", ()):
            version = children(element)
            url = field(version, "ResourceLink")
            if not url:
                continue
            features = _version_features(version)
            width, height = _int(features.get("03")), _int(features.get("02"))
            area = (width or 0) * (height or 0)
            if best is None or area > best_area:
                best_area = area
                image_format = _image_format(features, url)
                best = {"url": url, "width_px": width, "height_px": height, "format": image_format}
    return best


def sample(resources: list[Children]) -> dict[str, Any] | None:
    """The audio sample (ResourceContentType 15, mode 02) and its length (ResourceFeature 04, minutes)."""
    for resource in resources:
        if field(resource, "ResourceContentType") != "15" or field(resource, "ResourceMode") != "02":
            continue
        url = nested_text(resource, "ResourceVersion", "ResourceLink")
        if not url:
            continue
        seconds = None
        for feature in resource.get("ResourceFeature", ()):
            g = fields(feature)
            if g.get("ResourceFeatureType") == "04":
                try:
                    seconds = int(Decimal(g.get("FeatureValue") or "") * 60)
                except InvalidOperation:
                    seconds = None
        return {"url": url, "duration_seconds": seconds}
    return None


def _chapter_title(item: Children) -> str | None:
    for detail in item.get("TitleDetail", ()):
        for element in detail.iterchildren("TitleElement"):
            title = text(element, "TitleText")
            if title:
                return fold(title)
    name, number = first_text(item, "ComponentTypeName"), first_text(item, "ComponentNumber")
    return fold(" ".join(p for p in (name, number) if p))


def chapters(content: etree._Element | None, notes: Notes) -> list[dict[str, Any]]:
    """One chapter per ContentItem with an AVItem; numbered by ComponentNumber, else by position."""
    if content is None:
        return []
    found: list[dict[str, Any]] = []
    position = 0
    for element in content.iterchildren("ContentItem"):
        item = children(element)
        if "AVItem" not in item:
            continue
        position += 1
        av = children(item["AVItem"][0])
        run = fields(av["TimeRun"][0]) if "TimeRun" in av else {}
        start_raw, end_raw = run.get("StartTime"), run.get("EndTime")
        start = hhhmmss(start_raw, notes, "chapters.start_seconds", "Q22") if start_raw else None
        end = hhhmmss(end_raw, notes, "chapters.start_seconds", "Q22") if end_raw else None
        duration_raw = field(av, "AVDuration")
        duration = hhhmmss(duration_raw, notes, "chapters.duration_seconds", "Q22") if duration_raw else None
        if duration is None and start is not None and end is not None and end >= start:
            duration = end - start
        number_raw = field(item, "ComponentNumber")
        number = int(number_raw) if number_raw and ascii_digits(number_raw) else position
        found.append(
            {
                "number": number,
                "title": _chapter_title(item),
                "start_seconds": start,
                "duration_seconds": duration,
            }
        )
    found.sort(key=lambda c: (c["number"], c["start_seconds"] or 0))
    return found
