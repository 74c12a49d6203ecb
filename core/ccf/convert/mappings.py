"""What ONIX codes mean in CCF: the few codes CCF gives a name, with the code list label as fallback.

The code lists themselves come from EDItEUR (core.ccf.codes); these tables only decide CCF's vocabulary,
which is the project's own design (ccf.md), so they live here and nowhere else.
"""

from __future__ import annotations

from core.ccf import codes

NOTIFICATION = {
    "01": "early",
    "02": "advance",
    "03": "confirmed",
    "04": "block_update",
    "05": "delete",
    "08": "confirmed",
    "09": "confirmed",
    "88": "test",
    "89": "test",
}
"""List 1. Notices of sale / acquisition (08, 09) are full records, so they read as confirmed."""

DIGITAL_AUDIO_FORMS = {"AJ": "download", "AN": "download_and_stream", "AO": "stream"}

CONTENT_TYPE = {
    "01": "audiobook",
    "52": "audiobook",
    "53": "audiobook",
    "02": "performance",
    "21": "performance",
    "13": "other_speech",
    "03": "music",
}
"""List 81; every other code is `other`."""

ID_TYPE = {"02": "isbn10", "03": "gtin13", "06": "doi", "15": "isbn13", "22": "urn", "26": "isbn_a"}
"""List 5; 01 is `proprietary:<IDTypeName>`, the rest `other:<code>`."""

NARRATOR_ROLES = frozenset({"E07", "E03"})
ROLE = {
    "E07": "narrator",
    "E03": "narrator",
    "B06": "translator",
    "B01": "editor",
    "B05": "adapter",
    "B04": "abridger",
    "D01": "producer",
    "D02": "director",
    "E01": "actor",
    "E08": "performer",
    "E99": "performer",
}
"""List 17; A01..A99 are authors, every other code is `other`."""

SYNTHETIC_VOICES = frozenset({"05", "06", "07", "08"})
"""List 19: synthesized voices (male, female, unspecified, replica of a real voice)."""

LANGUAGE_ROLE = {"01": "text", "02": "original", "08": "audio"}

SUBJECT_SCHEME = {"10": "bisac", "12": "bic", "20": "keywords"}
THEMA_SCHEMES = frozenset({"93", "94", "95", "96", "97", "98", "99"})

PUBLISHING_STATUS = {
    "00": "unknown",
    "01": "cancelled",
    "02": "forthcoming",
    "03": "inactive",
    "04": "active",
    "05": "inactive",
    "06": "inactive",
    "07": "out_of_print",
    "08": "inactive",
    "09": "unknown",
    "10": "inactive",
    "11": "withdrawn",
    "12": "withdrawn",
    "13": "active",
    "15": "withdrawn",
    "16": "withdrawn",
    "17": "withdrawn",
}
"""List 64."""

AVAILABILITY = {
    "01": "cancelled",
    "10": "not_yet_available",
    "11": "not_yet_available",
    "12": "not_yet_available",
    "20": "available",
    "21": "available",
    "22": "available",
    "23": "available",
    "30": "temporarily_unavailable",
    "31": "temporarily_unavailable",
    "32": "temporarily_unavailable",
    "33": "temporarily_unavailable",
    "34": "temporarily_unavailable",
    "40": "unavailable",
    "41": "unavailable",
    "42": "unavailable",
    "43": "unavailable",
    "44": "unavailable",
    "45": "unavailable",
    "46": "withdrawn",
    "47": "unavailable",
    "48": "unavailable",
    "49": "withdrawn",
    "50": "unavailable",
    "51": "unavailable",
    "52": "unavailable",
    "99": "unknown",
}
"""List 65."""

PRICE_TYPE = {
    "01": ("rrp", False),
    "02": ("rrp", True),
    "03": ("fixed", False),
    "04": ("fixed", True),
    "05": ("net", False),
    "06": ("net", False),
    "07": ("net", True),
    "08": ("net", False),
    "11": ("special_rrp", False),
    "12": ("special_rrp", True),
    "13": ("special_fixed", False),
    "14": ("special_fixed", True),
    "21": ("prepublication_rrp", False),
    "22": ("prepublication_rrp", True),
    "23": ("prepublication_fixed", False),
    "24": ("prepublication_fixed", True),
    "25": ("prepublication_net", False),
    "41": ("agency", False),
    "42": ("agency", True),
}
"""List 58: (price_type, tax_included)."""

RESTRICTION = {
    "03": "internal_only",
    "04": "retailer_exclusive",
    "06": "libraries_only",
    "09": "except_libraries",
    "12": "except_subscription",
    "13": "subscription_only",
    "20": "except_subscription",
    "21": "subscription_only",
}
"""List 71; 99 (no restrictions) adds nothing; other codes take their slugged label."""

RELATION = {
    "06": "alternative_format",
    "13": "epub_based_on",
    "27": "epub_source_of",
    "43": "adapted_from",
    "03": "replaces",
    "05": "replaced_by",
    "02": "is_part_of",
    "01": "includes",
}
"""List 51; other codes take their slugged label."""

EMBARGO_ROLES = {"02": "sales", "27": "preorder", "30": "streaming", "31": "subscription"}
"""List 163 publishing date roles that CCF keeps as embargo dates."""

EXPLICIT_CODES = frozenset(f"{n:02d}" for n in range(2, 14))
"""List 203 (audience code type 22): 02..13 are content advisories, 01 is any adult audience."""


def contributor_role(code: str) -> str:
    if code.startswith("A"):
        return "author"
    return ROLE.get(code, "other")


def product_form(code: str | None) -> str:
    if not code:
        return "unknown"
    if code in DIGITAL_AUDIO_FORMS:
        return DIGITAL_AUDIO_FORMS[code]
    if code.startswith("A"):
        return "physical_audio"
    return "not_audio"


def restriction(code: str) -> str | None:
    if code == "99":
        return None
    return RESTRICTION.get(code) or codes.slug(codes.label(71, code) or f"other_{code}")


def relation(code: str) -> str:
    return RELATION.get(code) or codes.slug(codes.label(51, code) or f"other_{code}")


def subject_scheme(code: str) -> str:
    if code in THEMA_SCHEMES:
        return "thema"
    return SUBJECT_SCHEME.get(code, f"other:{code}")
