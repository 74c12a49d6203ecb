"""ONIX 3.x Blocks 2 and 3: descriptions, cover, audio sample, and chapters (ContentDetail/AVItem)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from lxml import etree

from core.ccf import codes
from core.ccf.convert.context import fields, text
from core.ccf.convert.notes import Notes
from core.ccf.convert.text import convert_text
from core.ccf.convert.values import fold, hhhmmss

_IMAGE_EXTENSIONS = {
    "jpg": "jpeg",
    "jpeg": "jpeg",
    "png": "png",
    "gif": "gif",
    "tif": "tiff",
    "tiff": "tiff",
    "webp": "webp",
}


def descriptions(collateral: etree._Element | None, notes: Notes, had_cdata: bool) -> dict[str, Any]:
    """description (TextType 03), its sanitised HTML, and short_description (TextType 02)."""
    result: dict[str, Any] = {"description": None, "description_html": None, "short_description": None}
    if collateral is None:
        return result
    for content in collateral.iterfind("TextContent"):
        kind = text(content, "TextType")
        if kind == "03" and result["description"] is None:
            plain, markup = convert_text(content.find("Text"), notes, "description", had_cdata=had_cdata)
            result["description"], result["description_html"] = plain, markup
        elif kind == "02" and result["short_description"] is None:
            plain, _ = convert_text(content.find("Text"), notes, "short_description", had_cdata=had_cdata)
            result["short_description"] = plain
    return result


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(Decimal(value.strip()))
    except (InvalidOperation, ValueError):
        return None


def _version_features(version: etree._Element) -> dict[str, str]:
    features = {}
    for feature in version.iterfind("ResourceVersionFeature"):
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


def cover(collateral: etree._Element | None) -> dict[str, Any] | None:
    """The front cover (ResourceContentType 01, mode 03): of several versions, the largest."""
    if collateral is None:
        return None
    best: dict[str, Any] | None = None
    best_area = 0
    for resource in collateral.iterfind("SupportingResource"):
        f = fields(resource)
        if f.get("ResourceContentType") != "01" or f.get("ResourceMode") != "03":
            continue
        for version in resource.iterfind("ResourceVersion"):
            url = fields(version).get("ResourceLink")
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


def sample(collateral: etree._Element | None) -> dict[str, Any] | None:
    """The audio sample (ResourceContentType 15, mode 02) and its length (ResourceFeature 04, minutes)."""
    if collateral is None:
        return None
    for resource in collateral.iterfind("SupportingResource"):
        f = fields(resource)
        if f.get("ResourceContentType") != "15" or f.get("ResourceMode") != "02":
            continue
        url = text(resource, "ResourceVersion/ResourceLink")
        if not url:
            continue
        seconds = None
        for feature in resource.iterfind("ResourceFeature"):
            g = fields(feature)
            if g.get("ResourceFeatureType") == "04":
                try:
                    seconds = int(Decimal(g.get("FeatureValue") or "") * 60)
                except InvalidOperation:
                    seconds = None
        return {"url": url, "duration_seconds": seconds}
    return None


def _chapter_title(item: etree._Element) -> str | None:
    for detail in item.iterfind("TitleDetail"):
        for element in detail.iterfind("TitleElement"):
            title = text(element, "TitleText")
            if title:
                return fold(title)
    name, number = text(item, "ComponentTypeName"), text(item, "ComponentNumber")
    return fold(" ".join(p for p in (name, number) if p))


def chapters(content: etree._Element | None, notes: Notes) -> list[dict[str, Any]]:
    """One chapter per ContentItem with an AVItem; numbered by ComponentNumber, else by position."""
    if content is None:
        return []
    found: list[dict[str, Any]] = []
    for position, item in enumerate((i for i in content.iterfind("ContentItem") if i.find("AVItem") is not None), 1):
        av = item.find("AVItem")
        assert av is not None
        run = fields(av.find("TimeRun"))
        start_raw, end_raw = run.get("StartTime"), run.get("EndTime")
        start = hhhmmss(start_raw, notes, "chapters.start_seconds", "Q22") if start_raw else None
        end = hhhmmss(end_raw, notes, "chapters.start_seconds", "Q22") if end_raw else None
        duration_raw = fields(av).get("AVDuration")
        duration = hhhmmss(duration_raw, notes, "chapters.duration_seconds", "Q22") if duration_raw else None
        if duration is None and start is not None and end is not None and end >= start:
            duration = end - start
        number_raw = fields(item).get("ComponentNumber")
        number = int(number_raw) if number_raw and number_raw.isdigit() else position
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
