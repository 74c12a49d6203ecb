"""Descriptions, short descriptions, keywords and author notes for the sample feeds.

Real descriptions come as plain text, as XHTML inside the ONIX Text element (textformat 05) or as
escaped HTML (textformat 02), and checks must treat each correctly (Q26, Q27). So one blurb is
composed once, as paragraphs, and rendered either as plain text or as markup with the same words;
the product builder decides which form a product sends. English copy is genre-specific; the other
six languages use novel copy written for each language.
"""

from __future__ import annotations

from dataclasses import dataclass
from random import Random

from core.samples.chance import between, pick, some
from core.samples.genres import Genre

_EN_FICTION_MIDDLE = (
    "When {hero} returns to {place} after twenty years away, the town seems smaller, quieter and far less "
    "willing to forget.",
    "What begins as a simple favour for an old friend soon draws {hero} into a web of loyalties, debts and "
    "long-buried grievances.",
    "Over one long summer, {hero} and {other} must decide which of their secrets are worth keeping and "
    "which will cost them everything.",
    "Told with warmth, wit and a sharp eye for the small details of ordinary lives, this is a story about "
    "what we owe to the people we love.",
    "Every chapter tightens the net, and by the final pages nobody in {place} is quite who they claimed to be.",
    "Rich in atmosphere and full of unforgettable characters, it is the kind of novel that stays with the "
    "listener long after the last chapter.",
)
_EN_NONFICTION_MIDDLE = (
    "Drawing on letters, diaries and years of original research, the book brings a forgotten world vividly to life.",
    "Clear, humane and often surprising, it is written for anyone who has ever wondered how we arrived where we are.",
    "Along the way we meet engineers, dreamers, rogues and ordinary people whose choices changed the course of events.",
    "Part history and part personal journey, it asks what the past can still teach us about the present.",
    "Each chapter stands on its own, yet together they build a portrait that is generous, precise and quietly moving.",
)
_EN_PRACTICAL_MIDDLE = (
    "Each chapter ends with a short exercise that takes no more than ten minutes and can be done anywhere.",
    "Practical, warm and refreshingly free of jargon, it meets listeners where they are and shows them where to start.",
    "Real stories from teachers, nurses, engineers and shop owners show how the ideas work on an "
    "ordinary Monday morning.",
    "Instead of grand resolutions, it offers a handful of small experiments that build on one another week by week.",
)
_EN_NONFICTION_CLOSING = (
    "Read by {narrator}, {title} is an absorbing companion for long journeys and quiet evenings alike.",
    "{narrator}'s clear and engaging reading makes {title} a pleasure to listen to from the first page.",
)
_EN_CLOSING = (
    "{narrator}'s assured reading brings {title} to life, giving every character a distinct and memorable voice.",
    "In this recording of {title}, {narrator} captures both the humour and the ache of the story.",
    "Read by {narrator}, {title} is a story to lose yourself in on long journeys and quiet evenings alike.",
)
_EN_DRAMA_CLOSING = (
    "This full-cast dramatisation of {title} features {cast}, with original music and immersive sound "
    "design throughout.",
)

# Novel copy per language: an opening, middles and closings with the same placeholders.
_CONTINENTAL: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "ger": (
        (
            "Als {hero} nach zwanzig Jahren nach {place} zurückkehrt, scheint der Ort kleiner, stiller und "
            "weit "
            "weniger bereit zu vergessen.",
            "Was als kleiner Gefallen für eine alte Freundin beginnt, zieht {hero} bald in ein Geflecht aus "
            "Loyalitäten, Schulden und lange begrabenen Kränkungen.",
        ),
        (
            "Einen langen Sommer lang müssen {hero} und {other} entscheiden, welche Geheimnisse es wert "
            "sind, "
            "bewahrt zu werden, und welche sie alles kosten könnten.",
            "Mit Wärme, Witz und einem genauen Blick für die kleinen Dinge des Alltags erzählt dieser Roman "
            "davon, was wir den Menschen schulden, die wir lieben.",
            "Mit jedem Kapitel zieht sich das Netz enger zusammen, und am Ende ist in {place} niemand mehr "
            "der, "
            "für den er sich ausgegeben hat.",
            "Atmosphärisch dicht und voller unvergesslicher Figuren ist dies ein Roman, der lange nach dem "
            "letzten Kapitel nachklingt.",
        ),
        (
            "{narrator} leiht jeder Figur in {title} eine eigene Stimme und macht diese Lesung zu einem "
            "besonderen Hörerlebnis.",
        ),
    ),
    "fre": (
        (
            "Lorsque {hero} revient à {place} après vingt ans d'absence, la ville paraît plus petite, plus "
            "silencieuse et bien moins disposée à oublier.",
            "Ce qui commence comme un simple service rendu à une vieille amie entraîne bientôt {hero} dans "
            "un "
            "réseau de loyautés, de dettes et de rancunes enfouies.",
        ),
        (
            "Le temps d'un long été, {hero} et {other} devront décider quels secrets méritent d'être gardés "
            "et "
            "lesquels pourraient leur coûter tout.",
            "Avec chaleur, humour et un regard attentif sur les petits détails des vies ordinaires, ce roman "
            "raconte ce que nous devons à ceux que nous aimons.",
            "Chaque chapitre resserre l'étau, et à la fin plus personne à {place} n'est tout à fait celui "
            "qu'il "
            "prétendait être.",
            "Riche en atmosphère et peuplé de personnages inoubliables, c'est un roman qui accompagne "
            "l'auditeur "
            "bien après le dernier chapitre.",
        ),
        (
            "{narrator} donne à chaque personnage de {title} une voix singulière et fait de cette lecture "
            "une "
            "véritable expérience d'écoute.",
        ),
    ),
    "spa": (
        (
            "Cuando {hero} regresa a {place} después de veinte años, el pueblo parece más pequeño, más "
            "silencioso y mucho menos dispuesto a olvidar.",
            "Lo que empieza como un simple favor a una vieja amiga arrastra pronto a {hero} a una red de "
            "lealtades, deudas y rencores enterrados durante años.",
        ),
        (
            "A lo largo de un verano interminable, {hero} y {other} tendrán que decidir qué secretos merece "
            "la "
            "pena guardar y cuáles podrían costarles todo.",
            "Con calidez, humor y una mirada atenta a los pequeños detalles de las vidas corrientes, esta "
            "novela habla de lo que debemos a quienes amamos.",
            "Cada capítulo estrecha el cerco, y al final nadie en {place} es exactamente quien decía ser.",
            "Llena de atmósfera y de personajes inolvidables, es una de esas novelas que acompañan al oyente "
            "mucho después del último capítulo.",
        ),
        (
            "{narrator} da a cada personaje de {title} una voz propia y convierte esta lectura en una "
            "experiencia de escucha memorable.",
        ),
    ),
    "swe": (
        (
            "När {hero} återvänder till {place} efter tjugo år känns orten mindre, tystare och långt mindre "
            "benägen att glömma.",
            "Det som börjar som en enkel tjänst åt en gammal vän drar snart in {hero} i ett nät av "
            "lojaliteter, "
            "skulder och länge begravda oförrätter.",
        ),
        (
            "Under en lång sommar måste {hero} och {other} bestämma vilka hemligheter som är värda att "
            "bevara "
            "och vilka som kan kosta dem allt.",
            "Med värme, humor och ett skarpt öga för vardagens små detaljer berättar romanen om vad vi är "
            "skyldiga de människor vi älskar.",
            "Varje kapitel drar åt snaran lite hårdare, och till slut är ingen i {place} riktigt den de "
            "utgav "
            "sig för att vara.",
            "Stämningsfull och full av oförglömliga gestalter är detta en roman som dröjer sig kvar långt "
            "efter "
            "sista kapitlet.",
        ),
        ("{narrator} ger varje gestalt i {title} en egen röst och gör uppläsningen till en stark lyssnarupplevelse.",),
    ),
    "dut": (
        (
            "Wanneer {hero} na twintig jaar terugkeert naar {place}, lijkt het dorp kleiner, stiller en veel "
            "minder bereid om te vergeten.",
            "Wat begint als een eenvoudige gunst voor een oude vriendin, trekt {hero} al snel in een web van "
            "loyaliteiten, schulden en lang begraven grieven.",
        ),
        (
            "Gedurende één lange zomer moeten {hero} en {other} beslissen welke geheimen het bewaren waard "
            "zijn "
            "en welke hun alles kunnen kosten.",
            "Met warmte, humor en een scherp oog voor de kleine details van gewone levens vertelt deze roman "
            "over wat we verschuldigd zijn aan de mensen van wie we houden.",
            "Elk hoofdstuk trekt het net verder aan, en aan het eind is niemand in {place} nog wie hij "
            "beweerde "
            "te zijn.",
            "Sfeervol en vol onvergetelijke personages is dit een roman die nog lang na het laatste "
            "hoofdstuk "
            "blijft naklinken.",
        ),
        (
            "{narrator} geeft elk personage in {title} een eigen stem en maakt van deze voorlezing een "
            "bijzondere luisterervaring.",
        ),
    ),
    "ita": (
        (
            "Quando {hero} torna a {place} dopo vent'anni, il paese appare più piccolo, più silenzioso e "
            "molto "
            "meno disposto a dimenticare.",
            "Quello che comincia come un semplice favore a una vecchia amica trascina presto {hero} in una "
            "rete "
            "di lealtà, debiti e rancori sepolti da tempo.",
        ),
        (
            "Nel corso di una lunga estate, {hero} e {other} dovranno decidere quali segreti valga la pena "
            "custodire e quali potrebbero costare loro tutto.",
            "Con calore, ironia e uno sguardo attento ai piccoli dettagli delle vite comuni, questo romanzo "
            "racconta ciò che dobbiamo alle persone che amiamo.",
            "Ogni capitolo stringe la rete, e alla fine nessuno a {place} è davvero chi diceva di essere.",
            "Ricco di atmosfera e di personaggi indimenticabili, è un romanzo che accompagna l'ascoltatore "
            "ben "
            "oltre l'ultimo capitolo.",
        ),
        (
            "{narrator} dà a ogni personaggio di {title} una voce inconfondibile e trasforma questa lettura "
            "in "
            "un'esperienza d'ascolto memorabile.",
        ),
    ),
}

_PRACTICAL = frozenset({"selfhelp", "business"})
_JOBS = (
    "ferry pilot",
    "museum archivist",
    "newspaper sub-editor",
    "secondary school teacher",
    "structural engineer",
    "bookseller",
    "hospital pharmacist",
    "radio producer",
)


def escape(text: str) -> str:
    """Escape text for XML/HTML element content (attributes are never generated from text)."""
    # Most values need nothing: test first, since this runs dozens of times per product.
    if "&" in text or "<" in text or ">" in text:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


@dataclass(frozen=True, slots=True)
class Blurb:
    """One description: chosen sentence templates and their slot values, rendered on demand.

    Rendering is lazy because a product sends one form only, and a benchmark feed composes tens of
    thousands of these.
    """

    opening: str
    middles: tuple[str, ...]
    closing: str
    slots: dict[str, str]
    strong_opening: bool
    bullets: tuple[str, ...]

    @property
    def hook(self) -> str:
        """The opening sentence as plain text (also used as the short description)."""
        return self.opening.format_map(self.slots)

    @property
    def plain(self) -> str:
        parts = [
            self.hook,
            " ".join(m.format_map(self.slots) for m in self.middles),
            self.closing.format_map(self.slots),
        ]
        if self.bullets:
            parts.append("Inside: " + "; ".join(self.bullets) + ".")
        return " ".join(parts)

    @property
    def html(self) -> str:
        """The same words as markup within the ONIX XHTML subset (p, strong, em, ul, li)."""
        slots = {k: escape(v) for k, v in self.slots.items()}
        slots["title"] = f"<em>{slots['title']}</em>"
        opening = _escaped(self.opening).format_map(slots)
        if self.strong_opening:
            opening = f"<strong>{opening}</strong>"
        middle = " ".join(_escaped(m).format_map(slots) for m in self.middles)
        out = [f"<p>{opening}</p><p>{middle}</p><p>{_escaped(self.closing).format_map(slots)}</p>"]
        if self.bullets:
            items = "".join(f"<li>{escape(b)}</li>" for b in self.bullets)
            out.append(f"<p>Inside:</p><ul>{items}</ul>")
        return "".join(out)


_ESCAPED: dict[str, str] = {}


def _escaped(template: str) -> str:
    """Templates are constants: escape each once (placeholders contain no markup characters)."""
    cached = _ESCAPED.get(template)
    if cached is None:
        cached = _ESCAPED[template] = escape(template)
    return cached


def compose(
    rng: Random,
    *,
    language: str,
    genre: Genre,
    title: str,
    hero: str,
    other: str,
    place: str,
    narrator: str,
    cast: str | None,
) -> Blurb:
    """Choose the sentences of a description of at least 40 words for one product."""
    middle_pool: tuple[str, ...]
    closings: tuple[str, ...]
    if language == "eng":
        opening = pick(rng, genre.hooks)
        if genre.fiction:
            middle_pool, closings = _EN_FICTION_MIDDLE, _EN_DRAMA_CLOSING if cast else _EN_CLOSING
        else:
            middle_pool = _EN_PRACTICAL_MIDDLE if genre.key in _PRACTICAL else _EN_NONFICTION_MIDDLE
            closings = _EN_NONFICTION_CLOSING
        middles = some(rng, middle_pool, 2)
        closing = pick(rng, closings)
    else:
        openings, middle_pool, closings = _CONTINENTAL[language]
        opening = pick(rng, openings)
        middles = some(rng, middle_pool, 2)
        closing = pick(rng, closings)
    bullets: tuple[str, ...] = ()
    if language == "eng" and not genre.fiction and rng.random() < 0.5:
        bullets = tuple(k[:1].upper() + k[1:] for k in some(rng, genre.keywords, 3))
    slots = {
        "hero": hero,
        "other": other,
        "place": place,
        "narrator": narrator,
        "title": title,
        "cast": cast or "",
    }
    return Blurb(opening, tuple(middles), closing, slots, rng.random() < 0.5, bullets)


def keywords(rng: Random, genre: Genre) -> str:
    """Keyword subject heading: a few genre keywords, semicolon-separated as senders do."""
    return "; ".join(some(rng, genre.keywords, min(3, len(genre.keywords))))


def author_note(rng: Random, name: str, surname: str, place: str) -> str:
    """A short plain-text biographical note (English authors only)."""
    job = pick(rng, _JOBS)
    books = between(rng, 2, 9)
    return (
        f"{name} grew up near {place} and worked as a {job} before writing full time. "
        f"{surname} has published {books} books and lives by the sea."
    )
