"""Code tables, from maintained sources only: EDItEUR's ONIX code lists (Issue 75, as shipped in the
`onixcheck` package) and ISO 3166-1 / 4217 / 639 (from `pycountry`). Nothing here is a hand-typed table
of codes; the small mappings in the converter give *meaning* to a handful of codes that CCF names.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

import pycountry
from lxml import etree

_XS = "{http://www.w3.org/2001/XMLSchema}"


def _codelist_xsd(release: str) -> bytes:
    folder = "xsd2.1" if release == "2.1" else "xsd3.0"
    return files("onixcheck").joinpath(f"schema/{folder}/ONIX_BookProduct_CodeLists.xsd").read_bytes()


@cache
def _all_lists(release: str = "3.0") -> dict[int, dict[str, tuple[str, str]]]:
    """Code lists of a release: Issue 75 for 3.0 and 3.1 (shared), the last 2.1 issue for 2.1."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.fromstring(_codelist_xsd(release), parser)
    lists: dict[int, dict[str, tuple[str, str]]] = {}
    for simple in root.iter(f"{_XS}simpleType"):
        name = simple.get("name", "")
        if not name.startswith("List"):
            continue
        entries: dict[str, tuple[str, str]] = {}
        for enum in simple.iter(f"{_XS}enumeration"):
            docs = [d.text or "" for d in enum.iter(f"{_XS}documentation")]
            entries[enum.get("value", "")] = (docs[0] if docs else "", docs[1] if len(docs) > 1 else "")
        lists[int(name[4:])] = entries
    return lists


def code_list(number: int, release: str = "3.0") -> dict[str, str]:
    """ONIX code list `number` as {code: label}."""
    return {code: label for code, (label, _) in _all_lists(release)[number].items()}


def code_note(number: int, code: str) -> str:
    """The explanatory note EDItEUR gives for one code."""
    return _all_lists()[number].get(code, ("", ""))[1]


def label(number: int, code: str | None) -> str | None:
    if code is None:
        return None
    return code_list(number).get(code)


def slug(text: str) -> str:
    """A code list label as a CCF value (`Libraries only` -> `libraries_only`)."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


# -- ISO 3166-1 ------------------------------------------------------------------------------------


@cache
def countries() -> frozenset[str]:
    """The current ISO 3166-1 alpha-2 codes (249)."""
    return frozenset(c.alpha_2 for c in pycountry.countries)


@cache
def all_countries_sorted() -> tuple[str, ...]:
    return tuple(sorted(countries()))


def country_name(code: str) -> str:
    c = pycountry.countries.get(alpha_2=code)
    return getattr(c, "common_name", None) or (c.name if c else code)


@cache
def eurozone() -> frozenset[str]:
    """ONIX region `ECZ`, read from the countries EDItEUR's own note on List 49 names for it."""
    note = code_note(49, "ECZ")
    head = note.split("Note some other")[0]
    found = set()
    for group in re.findall(r"[‘'\"]([A-Z]{2}(?: [A-Z]{2})*)[’'\"]", head):
        found.update(group.split())
    return frozenset(found & countries())


# -- ISO 4217 --------------------------------------------------------------------------------------


@cache
def currencies() -> frozenset[str]:
    return frozenset(c.alpha_3 for c in pycountry.currencies)


# -- ISO 639-2/B -----------------------------------------------------------------------------------


@cache
def languages_b() -> frozenset[str]:
    """Valid ONIX language codes: List 74, which is ISO 639-2/B."""
    return frozenset(code_list(74))


def language_b(code: str) -> str | None:
    """The ISO 639-2/B form of a 639-2/T or 639-3 code (`deu` -> `ger`), or None when there is none."""
    entry = pycountry.languages.get(alpha_3=code)
    bib = getattr(entry, "bibliographic", None) if entry else None
    if bib and bib in languages_b():
        return str(bib)
    if entry is None and len(code) == 2:
        entry = pycountry.languages.get(alpha_2=code)
        if entry is not None:
            b = getattr(entry, "bibliographic", None) or entry.alpha_3
            return str(b) if b in languages_b() else None
    return None


def language_name(code: str) -> str:
    entry = pycountry.languages.get(alpha_3=code)
    if entry is None:
        for lang in pycountry.languages:
            if getattr(lang, "bibliographic", None) == code:
                entry = lang
                break
    return entry.name if entry else code
