"""Titles, series names and chapter names for the sample feeds, in seven languages.

English fiction titles are combined from word pools (there are many English products); other
languages pick from hand-written lists so that the grammar is right. The leading article of a title
is split off into TitlePrefix on some products, which is how ONIX senders mark sort order; the
article lists here say what counts as an article in each language.
"""

from __future__ import annotations

from random import Random

from core.samples.chance import pick
from core.samples.model import Title

# fmt: off
_EN_ADJ = ("Silent", "Drowned", "Hollow", "Winter", "Burning", "Forgotten", "Salt", "Glass", "Iron",
           "Crooked", "Distant", "Quiet", "Scarlet", "Midnight", "Paper", "Lost", "Wild", "Golden",
           "Broken", "Sleeping")
# fmt: on
# fmt: off
_EN_NOUN = ("Orchard", "Lighthouse", "Garden", "Tide", "Meadow", "Crown", "Letter", "Bridge", "Archive",
            "Compass", "Harbor", "Country", "River", "Station", "Island", "Library", "Valley", "Signal",
            "Shore", "Lantern")
# fmt: on
# fmt: off
_EN_PATTERNS = ("The {adj} {noun}", "A {noun} in {place}", "The {noun} at {place}", "{adj} {noun}",
                "The Last {noun}", "Beneath the {adj} {noun}", "The {noun} Keeper", "What the {noun} Knew",
                "Letters from {place}", "The {place} {noun}", "A {adj} Season", "The {adj} Hours")
# fmt: on

# fmt: off
FICTION_TITLES: dict[str, tuple[str, ...]] = {
    "ger": ("Die Stunde der Möwen", "Das Haus am Deich", "Der stille Hafen", "Nachtzug nach Triest",
            "Die Glasmacherin", "Das letzte Leuchtfeuer", "Winter in Altenbrück", "Der Fall Lindenau",
            "Die Schwestern vom Moor", "Das Echo der Wälder", "Unter dem Eis", "Die Kartographin",
            "Das Vermächtnis der Uhrmacher", "Der Sommer am See", "Schatten über Kaltenbach",
            "Die verlorene Partitur", "Salz und Asche", "Der Weg nach Norden", "Das Flüstern der Dünen",
            "Die Brücke von Wiesenfeld"),
    "fre": ("La Maison des brumes", "Le Silence du phare", "Les Heures claires", "L'Hiver à Montclaire",
            "Le Jardin d'Apolline", "La Dernière Lettre", "Un été à Kerbrat", "Les Ombres du canal",
            "Le Cartographe", "La Nuit des verriers", "L'Affaire Rochebrune", "Le Passeur de mots",
            "Les Sœurs de la lande", "La Mémoire du sel", "Le Quai des absents", "Une saison à Ormessac",
            "La Fille de l'horloger", "Le Chant des marées", "Les Amants de Saint-Aubert",
            "Le Secret de l'abbaye"),
    "spa": ("La casa de las mareas", "El silencio del faro", "Los años de ceniza", "Un verano en Peñaflor",
            "La cartógrafa", "El jardín de invierno", "La última carta", "Las hermanas del páramo",
            "El caso Montalvo", "La memoria de la sal", "Noches de Valdeluz", "El relojero de Toledo",
            "La sombra del puerto", "El eco de los bosques", "Los amantes de la orilla", "La voz del río",
            "El libro de las horas", "Las llaves del convento", "El tren del norte",
            "La isla de los pájaros"),
    "swe": ("Tystnaden vid fyren", "Huset vid sjön", "Vinterljus", "Saltets minne", "Kartritaren",
            "Systrarna på heden", "Det sista brevet", "Mörkret över Hällvik", "Sommaren på Ängsö",
            "Fallet Tallbacka", "Skuggor i hamnen", "Klockmakarens dotter", "Isens hjärta",
            "Nattåget till Kiruna", "Vägen norrut", "Ekot från skogen", "Glasblåserskan",
            "Flickan vid kanalen", "Stormnatten", "Under isen"),
    "dut": ("Het huis aan de dijk", "De stilte van de vuurtoren", "Een zomer in Zeeland", "De cartografe",
            "Het laatste licht", "De zusters van de heide", "De zaak Westerhaven",
            "Het geheugen van het zout", "Schaduwen over de haven", "De klokkenmaker",
            "Winter aan de kust", "De echo van de bossen", "De nachttrein", "Het meisje bij het kanaal",
            "De laatste brief", "Onder het ijs", "De glasblazer", "Het eiland van de vogels",
            "De weg naar het noorden", "Stormnacht"),
    "ita": ("La casa delle maree", "Il silenzio del faro", "La cartografa", "L'ultima lettera",
            "Le sorelle della brughiera", "Il caso Santoro", "La memoria del sale", "Ombre sul porto",
            "L'orologiaio di Torino", "Il giardino d'inverno", "L'eco dei boschi", "Il treno della notte",
            "La ragazza del canale", "Sotto il ghiaccio", "Il soffiatore di vetro",
            "L'isola degli uccelli", "La strada per il nord", "Notte di tempesta",
            "Il segreto dell'abbazia", "Un inverno a Roccabruna"),
}
# fmt: on

# Articles that ONIX senders move into TitlePrefix, per language (longest first where they overlap).
ARTICLES: dict[str, tuple[str, ...]] = {
    "eng": ("The", "A"),
    "ger": ("Der", "Die", "Das"),
    "fre": ("Les", "Le", "La", "L'"),
    "spa": ("Los", "Las", "El", "La"),
    "swe": (),
    "dut": ("Het", "De", "Een"),
    "ita": ("Il", "La", "Le", "L'"),
}

_SERIES: dict[str, tuple[str, ...]] = {
    "eng": ("The {place} Mysteries", "The {place} Chronicles", "The {place} Quartet", "{place} Stories"),
    "ger": ("Die {place}-Reihe", "Kommissarin {surname} ermittelt"),
    "fre": ("La saga de {place}", "Les enquêtes de {place}"),
    "spa": ("Serie {place}", "Crónicas de {place}"),
    "swe": ("{place}-serien",),
    "dut": ("De {place}-reeks",),
    "ita": ("I misteri di {place}", "Le cronache di {place}"),
}

CHAPTER_WORDS: dict[str, tuple[str, str, str]] = {
    # (chapter, prologue, epilogue)
    "eng": ("Chapter", "Prologue", "Epilogue"),
    "ger": ("Kapitel", "Prolog", "Epilog"),
    "fre": ("Chapitre", "Prologue", "Épilogue"),
    "spa": ("Capítulo", "Prólogo", "Epílogo"),
    "swe": ("Kapitel", "Prolog", "Epilog"),
    "dut": ("Hoofdstuk", "Proloog", "Epiloog"),
    "ita": ("Capitolo", "Prologo", "Epilogo"),
}


def split_article(text: str, language: str) -> str | None:
    """Return the leading article of ``text`` if it has one, else None."""
    for article in ARTICLES[language]:
        if article.endswith("'"):
            if text.startswith(article) and len(text) > len(article):
                return article
        elif text.startswith(article + " "):
            return article
    return None


def fiction_title(rng: Random, language: str, place: str) -> str:
    if language == "eng":
        pattern = pick(rng, _EN_PATTERNS)
        return pattern.format(adj=pick(rng, _EN_ADJ), noun=pick(rng, _EN_NOUN), place=place)
    return pick(rng, FICTION_TITLES[language])


def make_title(rng: Random, text: str, language: str, subtitle: str | None) -> Title:
    """Build a Title, splitting off the article on most titles that have one."""
    article = split_article(text, language)
    if article is not None and rng.random() < 0.7:
        return Title(text, article, subtitle)
    return Title(text, None, subtitle)


def series_name(rng: Random, language: str, place: str, surname: str) -> str:
    return pick(rng, _SERIES[language]).format(place=place, surname=surname)


def chapter_titles(rng: Random, language: str, count: int) -> list[str]:
    """Chapter names: numbered, with a prologue and epilogue on some books."""
    word, prologue, epilogue = CHAPTER_WORDS[language]
    framed = count >= 4 and rng.random() < 0.35
    inner = count - 2 if framed else count
    names = [f"{word} {n}" for n in range(1, inner + 1)]
    return [prologue, *names, epilogue] if framed else names
