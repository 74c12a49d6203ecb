"""The registry of deliberate defects in the sample deliveries: one rule, one product, one edit.

Each entry names the rule it must trigger (docs/rules.md), its severity, what kind of clean product
can carry it (``Constraints``) and the edit that breaks exactly that rule and nothing else. The edit
returns the sentence the sample README shows, built from the values it actually wrote, so README,
files and tests cannot drift apart. The quality checks are expected to report exactly these findings
on the sample files and nothing on any other product.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from random import Random

from core.samples import names
from core.samples.build import Constraints, yyyymmdd
from core.samples.durations import in_unit
from core.samples.identifiers import with_wrong_check_digit
from core.samples.markets import LANGUAGE_MARKETS
from core.samples.model import Contributor, Identifier, Product, SalesRights, Subject, Territory, Text

Edit = Callable[[Product, date], str]


@dataclass(frozen=True, slots=True)
class Defect:
    rule: str
    severity: str
    constraints: Constraints
    edit: Edit


def _narrator(p: Product) -> Contributor:
    return next(c for c in p.contributors if c.role == "E07")


def _description(p: Product) -> Text:
    text = p.text("03")
    assert text is not None  # every built product has one
    return text


def q01_control_byte(p: Product, sent: date) -> str:
    d = _description(p)
    cut = d.body.index(". ") + 1
    # A stray DLE (0x10) after the first sentence: invisible in most editors, fatal to XML parsers.
    d.body = d.body[:cut] + "\x10" + d.body[cut:]
    return "raw control byte 0x10 (DLE) between two sentences of the description; otherwise clean"


def q08_check_digit(p: Product, sent: date) -> str:
    good = p.isbn
    bad = with_wrong_check_digit(good)
    for ident in p.identifiers:
        if ident.value == good:
            ident.value = bad
    p.record_reference = p.record_reference.replace(good, bad)
    return f"ISBN-13 {bad} has check digit {bad[-1]}; the digits before it need {good[-1]}"


def q09_gtin_mismatch(p: Product, sent: date) -> str:
    # A classic copy-paste error: the GTIN of the print or e-book edition sent as the audiobook's.
    other = p.related[0]
    p.identifiers = [i for i in p.identifiers if i.id_type != "03"]
    p.identifiers.insert(1, Identifier("03", other.isbn))
    edition = "e-book" if other.form == "ED" else "print edition"
    return f"GTIN-13 (type 03) {other.isbn} differs from ISBN-13 (type 15) {p.isbn}: it is the {edition}'s"


def q12_audio_cd(p: Product, sent: date) -> str:
    p.product_form, p.form_details = "AC", ["A101"]
    return "ProductForm AC (audio CD, physical) in a digital audiobook feed"


def q14_no_author(p: Product, sent: date) -> str:
    p.contributors = [c for c in p.contributors if not c.role.startswith("A")]
    p.renumber_contributors()
    return "no author-type contributor (A01..A99): the only contributor is the narrator"


def q15_no_narrator(p: Product, sent: date) -> str:
    p.contributors = [c for c in p.contributors if c.role != "E07"]
    p.renumber_contributors()
    return "no narrator: the only contributor is the author"


def q16_e03(p: Product, sent: date) -> str:
    # The product keeps its proper reader (E07), so Q15 (a narrator is present) still passes, and gains a
    # second narrator coded E03, the dramatised-production role: Q16 and nothing else.
    reader = _narrator(p)
    language = next(code for role, code in p.languages if role == "08")
    taken = {c.key_names or (c.person_name or "").split(" ")[-1] for c in p.contributors}
    rng = Random(int(p.isbn))  # the edit's own seed: the product's draws are not disturbed
    person = names.person(rng, language)
    while person.key in taken:
        person = names.person(rng, language)
    p.contributors.append(Contributor(0, "E03", person.display, person.inverted))
    p.renumber_contributors()
    return (
        f"second narrator {person.display} coded E03 (narrator in a dramatised production) in a "
        f"non-dramatised audiobook (PrimaryContentType 01; should be E07); the first, "
        f"{reader.person_name}, is correctly E07"
    )


def q17_two_people(p: Product, sent: date) -> str:
    narrator = _narrator(p)
    narrator.person_name = "Marta Lindqvist and Tobias Greer"
    narrator.inverted = "Lindqvist, Marta and Greer, Tobias"
    narrator.names_before_key = narrator.prefix_to_key = narrator.key_names = None
    return f"one narrator holds two people: PersonName '{narrator.person_name}'"


def q18_synthetic(p: Product, sent: date) -> str:
    narrator = _narrator(p)
    narrator.person_name = narrator.inverted = None
    narrator.names_before_key = narrator.prefix_to_key = narrator.key_names = None
    narrator.unnamed = "07"
    return "narration by a synthesised voice (E07 + UnnamedPersons 07); deliberate, disclosed"


def q19_format_words(p: Product, sent: date) -> str:
    p.title.text += " (Unabridged Audiobook)"
    return f"format words in the title: '{p.title.text}'"


def q20_no_duration(p: Product, sent: date) -> str:
    p.duration = None
    return "no duration (no Extent type 09)"


def q21_three_minutes(p: Product, sent: date) -> str:
    p.duration = in_unit("05", 180)
    assert p.sample is not None
    p.sample.minutes = 1  # a sample longer than the book would be a second oddity
    return "implausible duration: 3 minutes (ExtentValue 3, unit 05)"


def q22_chapters(p: Product, sent: date) -> str:
    total = sum(ch.length for ch in p.chapters)
    p.duration = in_unit("05", round(total / 1.06))
    stated = p.duration.seconds
    return (
        f"{len(p.chapters)} chapters add up to {total} s but the stated duration is {stated} s "
        f"({(total - stated) / stated:+.1%})"
    )


def q23_no_edition(p: Product, sent: date) -> str:
    p.edition = None
    return "no EditionType (unabridged or abridged not stated)"


def q24_deu(p: Product, sent: date) -> str:
    p.languages = [(role, "deu" if code == "ger" else code) for role, code in p.languages]
    return "LanguageCode 'deu' (ISO 639-2/T) for text and audio; ONIX List 74 needs 'ger'"


def q25_keywords_only(p: Product, sent: date) -> str:
    keywords = next((s.heading for s in p.subjects if s.scheme == "20"), None)
    p.subjects = [Subject("20", None, keywords or "audiobook fiction; listening; new release")]
    return "no BISAC or Thema subject: keywords only"


def q26_short_description(p: Product, sent: date) -> str:
    p.texts = [Text("03", "A gripping new story from a much-loved author.", None)]
    return "description of 8 words (at least 20 expected); no short description"


def q27_escaped_html(p: Product, sent: date) -> str:
    d = _description(p)
    plain = d.body if d.textformat not in ("02", "05") else " ".join(re.sub(r"<[^>]+>", " ", d.body).split())
    first, rest = plain.split(". ", 1)
    d.body, d.textformat = f"<p>{first}.</p><p>{rest}</p>", None
    return "HTML tags (`<p>`) in a plain-text description (no textformat), escaped as `&lt;p&gt;` in the XML"


def q28_small_cover(p: Product, sent: date) -> str:
    assert p.cover is not None
    p.cover.width = p.cover.height = 1600
    return "front cover 1600 x 1600 px (square, but below 2400 px)"


def q29_long_sample(p: Product, sent: date) -> str:
    assert p.sample is not None
    p.sample.minutes = 8
    return "audio sample 8 minutes long (at most 5 expected)"


def q31_no_date(p: Product, sent: date) -> str:
    p.dates = []
    return "no publication date (no PublishingDate at all)"


def q32_stale_forthcoming(p: Product, sent: date) -> str:
    published = sent - timedelta(days=600)
    p.status, p.notification, p.dates = "02", "02", [("01", yyyymmdd(published))]
    for market in p.markets:
        market.availability = "10"  # consistent with "forthcoming", so only the date is wrong
    return (
        f"PublishingStatus 02 (forthcoming) with publication date {yyyymmdd(published)}, "
        f"600 days before the message was sent"
    )


def q33_row(p: Product, sent: date) -> str:
    countries = " ".join(m.countries for m in p.markets)
    p.sales_rights = [
        SalesRights("01", Territory(countries=countries)),
        SalesRights("02", Territory(regions="ROW")),
    ]
    p.row_sales_rights = None
    return "RegionsIncluded ROW in a sales-rights territory (ONIX 2.1 habit; not a 3.x region code)"


def q34_conflict(p: Product, sent: date) -> str:
    countries = " ".join(m.countries for m in p.markets)
    assert "ZA" not in countries and "ZA" not in " ".join(o.code_list for o in LANGUAGE_MARKETS["eng"])
    p.sales_rights = [
        SalesRights("01", Territory(countries=f"{countries} ZA")),
        SalesRights("03", Territory(countries="ZA")),
    ]
    p.row_sales_rights = "03"
    return "ZA is both for sale (SalesRights 01) and not for sale (SalesRights 03)"


def q35_decimal_comma(p: Product, sent: date) -> str:
    price = p.markets[0].prices[0]
    price.amount = "13,99"
    return f"PriceAmount '13,99' ({price.currency}, decimal comma)"


# Rule order; delivery 1 places them at fixed positions (see deliveries.py).
PLAIN = Constraints(plain=True)
DEFECTS: tuple[Defect, ...] = (
    Defect("Q01", "error", PLAIN, q01_control_byte),
    Defect("Q08", "error", Constraints(plain=True, authors=1), q08_check_digit),
    Defect("Q09", "warning", PLAIN, q09_gtin_mismatch),
    Defect("Q12", "warning", PLAIN, q12_audio_cd),
    Defect("Q14", "error", PLAIN, q14_no_author),
    Defect("Q15", "error", PLAIN, q15_no_narrator),
    Defect("Q16", "warning", PLAIN, q16_e03),
    Defect("Q17", "warning", PLAIN, q17_two_people),
    Defect("Q18", "info", PLAIN, q18_synthetic),
    Defect("Q19", "warning", PLAIN, q19_format_words),
    Defect("Q20", "error", PLAIN, q20_no_duration),
    Defect("Q21", "warning", PLAIN, q21_three_minutes),
    Defect("Q22", "warning", Constraints(plain=True, chapters=True), q22_chapters),
    Defect("Q23", "warning", PLAIN, q23_no_edition),
    Defect("Q24", "error", Constraints(plain=True, language="ger"), q24_deu),
    Defect("Q25", "warning", PLAIN, q25_keywords_only),
    Defect("Q26", "warning", PLAIN, q26_short_description),
    Defect("Q27", "warning", PLAIN, q27_escaped_html),
    Defect("Q28", "warning", PLAIN, q28_small_cover),
    Defect("Q29", "info", PLAIN, q29_long_sample),
    Defect("Q31", "error", Constraints(plain=True, status="active"), q31_no_date),
    Defect("Q32", "warning", Constraints(plain=True, status="active"), q32_stale_forthcoming),
    Defect("Q33", "error", PLAIN, q33_row),
    Defect("Q34", "error", Constraints(plain=True, language="eng"), q34_conflict),
    Defect("Q35", "error", PLAIN, q35_decimal_comma),
)

# Rule Q40 (identity drift) is a delivery-2 defect: see deliveries.py.
Q40_SEVERITY = "warning"
