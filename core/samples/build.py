"""Build one clean, realistic audiobook Product from a seeded random source.

"Clean" means the product passes every rule of the quality catalogue (docs/rules.md): it has an
author and a narrator coded correctly, a plausible duration in one of the ONIX time units, subjects,
an audience code, a long enough description, a square cover of at least 2400 px, a short sample,
dates consistent with its status relative to the message date, sales rights that contain every
market, and a price for every country of every market. Defects and delivery-2 changes are edits of
such a product (see defects.py, changes.py), so this module never produces a defect by chance.

``Constraints`` lets those callers ask for a product that can carry their edit (e.g. a German one for
the ``deu`` defect, one with chapters for the chapter-sum defect).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from random import Random

from core.samples import blurbs, durations, names, titles
from core.samples.chance import between, pick, some, weighted
from core.samples.genres import CONTINENTAL_GENRES, GENRE_BY_KEY, GENRES, THEMA_PLACE, Genre
from core.samples.identifiers import gtin13
from core.samples.markets import build_markets, build_rights, choose_markets
from core.samples.model import (
    Contributor,
    Cover,
    Identifier,
    Product,
    Related,
    Sample,
    Series,
    Subject,
    Text,
)
from core.samples.parties import Publisher

LANGUAGES = ("eng", "ger", "fre", "spa", "swe", "dut", "ita")
_AVAILABILITY = {"04": "20", "02": "10", "07": "40"}
_EARLIEST_PUBLICATION = date(2012, 1, 1)


@dataclass(frozen=True, slots=True)
class Constraints:
    """What a caller needs the product to be able to carry; ``None`` leaves the choice to chance."""

    plain: bool = False  # one author, one narrator, read not dramatised, no translation, no chapters
    language: str | None = None
    chapters: bool | None = None
    status: str | None = None  # "active" | "forthcoming" | "soon" (published days after the message)
    rights_shape: str | None = None  # "world" | "world_excl" | "listed"
    min_markets: int = 2
    authors: int | None = None
    base_price: float | None = None


def build_product(
    rng: Random,
    *,
    isbn_body: str,
    publisher: Publisher,
    sent: date,
    constraints: Constraints | None = None,
    isbn_prefix: str = "9798",
) -> Product:
    """A clean product whose ISBN is ``isbn_prefix`` (979-8 by default) + ``isbn_body`` + check digit.

    The related print and e-book editions are 978-1 / 978-0 + ``isbn_body``: a caller that uses another
    prefix replaces them (legacy.py does).
    """
    c = constraints or Constraints()
    language = c.language or _weighted(rng, publisher.languages)
    genre = _genre(rng, language)
    dramatised = not c.plain and genre.fiction and language in ("eng", "ger") and rng.random() < 0.06
    translated = not c.plain and not dramatised and genre.fiction and rng.random() < 0.12
    original = pick(rng, [lang for lang in LANGUAGES if lang != language]) if translated else language
    place = pick(rng, names.PLACES[language])

    isbn = gtin13(isbn_prefix + isbn_body)
    product = Product(
        record_reference=f"{publisher.record_prefix}.{isbn}",
        notification="03",
        identifiers=_identifiers(rng, isbn, publisher, isbn_body),
    )
    product.product_form = "AJ" if rng.random() < 0.7 else ("AN" if rng.random() < 0.85 else "AO")
    product.form_details = _form_details(rng)
    product.content_type = "02" if dramatised else "01"

    authors, narrators, cast, translator = _people(
        rng, c, language=language, original=original, dramatised=dramatised, translated=translated
    )
    title_text = titles.fiction_title(rng, language, place) if genre.fiction else pick(rng, genre.titles)
    subtitle = None
    if not genre.fiction and rng.random() < 0.7:
        subtitle = pick(rng, genre.subtitles)
    elif language == "eng" and rng.random() < 0.1:
        subtitle = "A Novel"
    product.title = titles.make_title(rng, title_text, language, subtitle)
    if genre.fiction and rng.random() < 0.45:  # ~30% of a list that is two-thirds fiction
        product.series = Series(
            titles.series_name(rng, language, place, pick(rng, names.SURNAMES[language])),
            between(rng, 1, 8),
            rng.random() < 0.5,
        )
    product.contributors = _contributors(
        rng,
        c,
        genre,
        language=language,
        authors=authors,
        narrators=narrators,
        cast=cast,
        translator=translator,
    )
    product.edition = "ABR" if dramatised or rng.random() < 0.08 else "UBR"
    product.languages = [("01", language), ("08", language)] + ([("02", original)] if translated else [])

    hours = rng.uniform(1.0, 4.0) if dramatised else rng.uniform(*genre.hours)
    if product.edition == "ABR" and not dramatised:
        hours = max(1.5, hours / 2)
    product.duration = durations.represent(rng, int(hours * 3600))
    if c.chapters or (c.chapters is None and not c.plain and rng.random() < 0.2):
        product.chapters = durations.chapters(rng, language, product.duration.seconds)

    product.subjects = _subjects(rng, genre, language, publisher)
    advice = pick(rng, genre.advice) if genre.advice and rng.random() < 0.12 else "01"
    product.audiences = [("01", "01"), ("22", advice)]
    product.texts = _texts(
        rng,
        language=language,
        genre=genre,
        title=product.title.text,
        narrators=narrators,
        cast=cast,
        place=place,
    )
    size = pick(rng, (2400, 3000, 3000, 3200, 3600, 4000))
    product.cover = Cover(
        f"https://covers.example.com/{publisher.cover_slug}/{isbn}.jpg",
        size,
        size,
        "D502" if rng.random() < 0.5 else None,
    )
    product.sample = Sample(
        f"https://samples.example.com/{publisher.cover_slug}/{isbn}-sample.mp3",
        between(rng, 2, 5),
        "A103" if rng.random() < 0.5 else None,
    )

    noir = publisher.key == "kestrel" and genre.key in ("mystery", "thriller")
    product.imprint = publisher.imprints[1] if noir else pick(rng, publisher.imprints)
    product.publisher = publisher.name
    _publishing(rng, product, c, sent)

    chosen = choose_markets(rng, language, minimum=c.min_markets)
    # A US list price of 9.99-34.99 by length; other currencies scale from it (markets.format_amount).
    base = c.base_price or min(34.99, max(9.99, 9.99 + hours * 0.8))
    product.markets = build_markets(
        chosen,
        base=base,
        supplier=publisher.name,
        availability=_AVAILABILITY[product.status or "04"],
        agency=rng.random() < 0.15,
    )
    restriction = "12" if rng.random() < 0.04 else None
    product.sales_rights, product.row_sales_rights, _ = build_rights(rng, language, chosen, c.rights_shape, restriction)
    product.related = _related(rng, isbn_body)
    return product


def yyyymmdd(day: date) -> str:
    """ONIX date format 00 (strftime is several times slower, and this runs per product)."""
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _weighted(rng: Random, choices: tuple[tuple[str, int], ...]) -> str:
    return weighted(rng, choices)


def _genre(rng: Random, language: str) -> Genre:
    if language == "eng":
        return pick(rng, GENRES)
    return GENRE_BY_KEY[pick(rng, CONTINENTAL_GENRES)]


def _identifiers(rng: Random, isbn: str, publisher: Publisher, body: str) -> list[Identifier]:
    idents = [Identifier("15", isbn)]
    if rng.random() < 0.8:
        idents.append(Identifier("03", isbn))
    if rng.random() < 0.25:
        idents.append(Identifier("01", f"{publisher.proprietary_prefix}{body[-5:]}", publisher.proprietary_id_name))
    return idents


def _form_details(rng: Random) -> list[str]:
    details = ["A103" if rng.random() < 0.65 else "A107"]
    if rng.random() < 0.3:
        details.append(pick(rng, ("A401", "A402")))
    if rng.random() < 0.2:
        details.append(pick(rng, ("A410", "A420")))
    return details


def _people(
    rng: Random, c: Constraints, *, language: str, original: str, dramatised: bool, translated: bool
) -> tuple[list[names.PersonName], list[names.PersonName], list[names.PersonName], names.PersonName | None]:
    """Authors, narrators, cast and translator; nobody appears twice in one credit list."""
    n_authors = c.authors or (1 if c.plain or rng.random() < 0.8 else pick(rng, (2, 2, 3)))
    n_narrators = 1 if c.plain or dramatised or rng.random() < 0.85 else 2
    n_cast = between(rng, 3, 4) if dramatised else 0
    n_local = n_narrators + n_cast + (1 if translated else 0)
    if original == language:
        people = names.distinct_people(rng, language, n_authors + n_local)
        authors, local = people[:n_authors], people[n_authors:]
    else:
        # Authors write in the original language; narrators and translator work in the product's.
        authors = names.distinct_people(rng, original, n_authors)
        local = names.distinct_people(rng, language, n_local)
    translator = local[-1] if translated else None
    return authors, local[:n_narrators], local[n_narrators : n_narrators + n_cast], translator


def _person(rng: Random, person: names.PersonName, role: str, bio: str | None = None) -> Contributor:
    structured = rng.random() < 0.4 or person.prefix is not None
    return Contributor(
        0,
        role,
        person.display,
        person.inverted,
        names_before_key=person.first if structured else None,
        prefix_to_key=person.prefix if structured else None,
        key_names=person.key if structured else None,
        bio=bio,
    )


def _contributors(
    rng: Random,
    c: Constraints,
    genre: Genre,
    *,
    language: str,
    authors: list[names.PersonName],
    narrators: list[names.PersonName],
    cast: list[names.PersonName],
    translator: names.PersonName | None,
) -> list[Contributor]:
    result: list[Contributor] = []
    if not c.plain and not genre.fiction and rng.random() < 0.03:
        result.append(Contributor(0, "A01", corporate_name=pick(rng, names.CORPORATE_AUTHORS)))
    else:
        for person in authors:
            bio = None
            if language == "eng" and rng.random() < 0.3:
                bio = blurbs.author_note(rng, person.display, person.key, pick(rng, names.PLACES["eng"]))
            result.append(_person(rng, person, "A01", bio))
    if translator is not None:
        result.append(_person(rng, translator, "B06"))
    if cast:
        # A dramatisation: the narrator is a role in the cast (E03), the others are actors (E01).
        result.append(_person(rng, narrators[0], "E03"))
        result.extend(_person(rng, actor, "E01") for actor in cast)
    else:
        result.extend(_person(rng, narrator, "E07") for narrator in narrators)
    for n, contributor in enumerate(result, start=1):
        contributor.sequence = n
    return result


def _subjects(rng: Random, genre: Genre, language: str, publisher: Publisher) -> list[Subject]:
    bisac_first = language == "eng" and (publisher.key == "harborlane" or rng.random() < 0.5)
    use_bisac = bisac_first or rng.random() < (0.5 if language == "eng" else 0.2)
    use_thema = not bisac_first or rng.random() < 0.6
    subjects: list[Subject] = []
    if use_bisac:
        subjects.append(Subject("10", genre.bisac[0], genre.bisac[1], main=True))
    if use_thema:
        subjects.append(Subject("93", genre.thema[0], genre.thema[1], main=True))
    if genre.bisac_extra and use_bisac and rng.random() < 0.4:
        code, heading = pick(rng, genre.bisac_extra)
        subjects.append(Subject("10", code, heading))
    if genre.thema_extra and use_thema and rng.random() < 0.4:
        code, heading = pick(rng, genre.thema_extra)
        subjects.append(Subject("93", code, heading))
    if genre.fiction and use_thema and rng.random() < 0.3:
        code, heading = THEMA_PLACE[language]
        subjects.append(Subject("94", code, heading))
    if rng.random() < 0.5:
        subjects.append(Subject("20", None, blurbs.keywords(rng, genre)))
    return subjects


def _texts(
    rng: Random,
    *,
    language: str,
    genre: Genre,
    title: str,
    narrators: list[names.PersonName],
    cast: list[names.PersonName],
    place: str,
) -> list[Text]:
    pool = names.FIRST_NAMES[language]
    hero, other = some(rng, pool, 2)
    cast_names = ", ".join(p.display for p in [narrators[0], *cast]) if cast else None
    blurb = blurbs.compose(
        rng,
        language=language,
        genre=genre,
        title=title,
        hero=hero,
        other=other,
        place=place,
        narrator=narrators[0].display,
        cast=cast_names,
    )
    roll = rng.random()
    if roll < 0.17:
        description = Text("03", blurb.html, "05")
    elif roll < 0.33:
        description = Text("03", blurb.html, "02")
    else:
        description = Text("03", blurb.plain, "06" if rng.random() < 0.5 else None)
    texts = [description]
    if rng.random() < 0.65 and len(blurb.hook) <= 350:
        texts.append(Text("02", blurb.hook, None))
    return texts


def _publishing(rng: Random, product: Product, c: Constraints, sent: date) -> None:
    roll = rng.random()
    status = {"active": "04", "forthcoming": "02", "soon": "02"}.get(c.status or "", "")
    if not status:
        status = "04" if roll < 0.85 else ("02" if roll < 0.98 else "07")
    if c.status == "soon":
        published = sent + timedelta(days=10)
    elif status == "02":
        published = sent + timedelta(days=between(rng, 30, 240))
    elif status == "07":
        published = _EARLIEST_PUBLICATION + timedelta(days=between(rng, 0, 7 * 365))
    else:
        span = (sent - _EARLIEST_PUBLICATION).days - 7
        # Backlists are long but most titles are recent: skew towards the message date.
        published = sent - timedelta(days=7 + int(span * rng.random() ** 1.6))
    product.status = status
    product.dates = [("01", yyyymmdd(published))]
    recent = status == "02" or (status == "04" and (sent - published).days < 365)
    if recent and rng.random() < 0.25:
        offsets = {"02": 7, "30": between(rng, 60, 120), "31": between(rng, 150, 240)}
        for role in sorted(some(rng, sorted(offsets), between(rng, 1, 2))):
            product.dates.append((role, yyyymmdd(published + timedelta(days=offsets[role]))))
    if status == "02":
        # More than six months ahead is an "early" notification (List 1 code 01).
        product.notification = "01" if (published - sent).days > 180 else "02"


def _related(rng: Random, body: str) -> list[Related]:
    related: list[Related] = []
    if rng.random() < 0.75:
        related.append(Related("06", gtin13("9781" + body), "BB" if rng.random() < 0.3 else "BC"))
    if not related or rng.random() < 0.5:
        related.append(Related("06", gtin13("9780" + body), "ED"))
    return related
