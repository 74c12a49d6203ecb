"""Genres of the sample catalogue: their BISAC and Thema subjects, keywords and English copy.

A genre ties together everything that must agree for a product to look real: the subject codes
(BISAC scheme 10, Thema scheme 93), the keywords, plausible running times, whether an explicit-content
advice (List 203) is likely, and the English hook sentences and non-fiction titles the text module
builds descriptions from. Codes are real BISAC/Thema codes with their published headings.
"""

from __future__ import annotations

from dataclasses import dataclass

Code = tuple[str, str]


@dataclass(frozen=True, slots=True)
class Genre:
    key: str
    fiction: bool
    bisac: Code
    bisac_extra: tuple[Code, ...]
    thema: Code
    thema_extra: tuple[Code, ...]
    keywords: tuple[str, ...]
    hours: tuple[float, float]
    # List 203 content advice a publisher of this genre might send (empty: always 01).
    advice: tuple[str, ...]
    hooks: tuple[str, ...]
    # Non-fiction only: English titles and subtitles (fiction titles come from the text module).
    titles: tuple[str, ...] = ()
    subtitles: tuple[str, ...] = ()


GENRES: tuple[Genre, ...] = (
    Genre(
        "mystery",
        True,
        ("FIC022000", "FICTION / Mystery & Detective / General"),
        (
            ("FIC022020", "FICTION / Mystery & Detective / Police Procedural"),
            ("FIC022060", "FICTION / Mystery & Detective / Historical"),
        ),
        ("FF", "Crime and mystery fiction"),
        (
            ("FFD", "Crime and mystery: private investigator / amateur sleuth"),
            ("FFH", "Historical crime and mysteries"),
        ),
        ("detective", "coastal village", "cold case", "small-town secrets", "whodunnit"),
        (6.0, 14.0),
        ("04",),
        (
            "A body on the shingle below {place} sets Detective Inspector {hero} on the trail of a killer "
            "who knows the town better than anyone.",
            "In the village of {place} nothing ever happens, until the vicar's bicycle is found abandoned "
            "at the edge of the marsh and {hero} starts asking questions.",
        ),
    ),
    Genre(
        "thriller",
        True,
        ("FIC031000", "FICTION / Thrillers / General"),
        (("FIC031010", "FICTION / Thrillers / Crime"), ("FIC006000", "FICTION / Thrillers / Espionage")),
        ("FH", "Thriller / suspense fiction"),
        (("FHD", "Espionage and spy thriller"),),
        ("espionage", "conspiracy", "page-turner", "double agent", "race against time"),
        (7.0, 15.0),
        ("04", "06"),
        (
            "{hero} has forty-eight hours to find the leak before the next name on the list turns up dead.",
            "A single encrypted message, a missing courier and a city on edge: {hero} has seen this pattern "
            "before, and last time it ended badly.",
        ),
    ),
    Genre(
        "fantasy",
        True,
        ("FIC009000", "FICTION / Fantasy / General"),
        (("FIC009020", "FICTION / Fantasy / Epic"),),
        ("FM", "Fantasy"),
        (("FMB", "Epic fantasy / high fantasy"),),
        ("epic fantasy", "magic", "quest", "lost kingdom", "dragons"),
        (12.0, 40.0),
        ("04",),
        (
            "In a kingdom where every oath is binding, {hero} makes a promise to a dying queen that could "
            "tear the realm apart.",
            "Beyond the mountains of {place} the old magic is waking, and only {hero} can hear it calling.",
        ),
    ),
    Genre(
        "scifi",
        True,
        ("FIC028000", "FICTION / Science Fiction / General"),
        (("FIC028010", "FICTION / Science Fiction / Action & Adventure"),),
        ("FL", "Science fiction"),
        (),
        ("space exploration", "first contact", "colony ship", "artificial intelligence"),
        (8.0, 22.0),
        (),
        (
            "Three hundred years after the colony ship went silent, {hero} receives a signal from its bridge.",
            "On the orbital station above {place}, a routine inspection uncovers a secret that could end the war.",
        ),
    ),
    Genre(
        "romance",
        True,
        ("FIC027000", "FICTION / Romance / General"),
        (("FIC027020", "FICTION / Romance / Contemporary"),),
        ("FR", "Romance"),
        (("FRD", "Contemporary romance"),),
        ("second chance", "small town romance", "feel-good", "slow burn"),
        (6.0, 12.0),
        ("03",),
        (
            "{hero} swore never to return to {place}, but an unexpected inheritance and a stubborn neighbour "
            "have other plans.",
            "When a wedding in {place} throws {hero} and {other} together again, old sparks prove harder to "
            "ignore than either of them expected.",
        ),
    ),
    Genre(
        "literary",
        True,
        ("FIC019000", "FICTION / Literary"),
        (("FIC045000", "FICTION / Family Life / General"),),
        ("FBA", "Modern and contemporary fiction"),
        (),
        ("family saga", "book club", "coming of age", "grief", "memory"),
        (6.0, 16.0),
        ("12",),
        (
            "Across three generations of one family in {place}, a single summer's decision echoes through "
            "every life it touches.",
            "{hero} has spent a lifetime cataloguing other people's memories, until one of those memories "
            "turns out to be personal.",
        ),
    ),
    Genre(
        "historical",
        True,
        ("FIC014000", "FICTION / Historical / General"),
        (),
        ("FV", "Historical fiction"),
        (),
        ("nineteenth century", "period drama", "wartime", "hidden history"),
        (9.0, 20.0),
        (),
        (
            "In 1847, as hunger grips the coast, {hero} takes a position at the great house above {place} "
            "and begins to uncover its secrets.",
            "London, 1911: a suffragette, a clockmaker and a missing child are bound together by one winter "
            "night and the choices {hero} makes before dawn.",
        ),
    ),
    Genre(
        "biography",
        False,
        ("BIO000000", "BIOGRAPHY & AUTOBIOGRAPHY / General"),
        (("BIO026000", "BIOGRAPHY & AUTOBIOGRAPHY / Personal Memoirs"),),
        ("DNB", "Biography: general"),
        (("DNC", "Memoirs"),),
        ("memoir", "life story", "inspiring lives"),
        (5.0, 14.0),
        (),
        (
            "Born in a fishing town on the edge of {place}, {hero} rose to become one of the most admired "
            "bridge engineers of a generation.",
            "This candid memoir follows a childhood spent between two languages, a career on three "
            "continents and a late, surprising homecoming.",
        ),
        (
            "Counting Tides",
            "A Life in Bridges",
            "A Harbour at Dusk",
            "Notes from the Night Shift",
            "The Weather in My Head",
            "Salt on the Windows",
        ),
        ("A Memoir", "A Life", "Growing Up on the Coast", "Scenes from a Working Life"),
    ),
    Genre(
        "history",
        False,
        ("HIS000000", "HISTORY / General"),
        (("HIS010000", "HISTORY / Europe / General"), ("HIS027000", "HISTORY / Military / General")),
        ("NH", "History"),
        (("NHD", "European history"),),
        ("social history", "trade routes", "maritime history", "empire"),
        (8.0, 24.0),
        (),
        (
            "For four centuries the waterways of {place} carried grain, gossip and revolution across the continent.",
            "This sweeping account follows the rise and fall of the great trading houses that shaped modern Europe.",
        ),
        (
            "The Salt Roads",
            "Harbours of Empire",
            "The Canal Builders",
            "A Kingdom of Ledgers",
            "The Iron Coast",
            "Lanterns on the Water",
        ),
        (
            "A History of the North Sea Trade",
            "How Rivers Made Europe",
            "Merchants, Pirates and Kings",
            "The Forgotten Century of Sail",
        ),
    ),
    Genre(
        "science",
        False,
        ("SCI000000", "SCIENCE / General"),
        (("SCI004000", "SCIENCE / Astronomy"), ("SCI034000", "SCIENCE / History")),
        ("PDZ", "Popular science"),
        (),
        ("popular science", "physics", "the universe", "curiosity"),
        (5.0, 12.0),
        (),
        (
            "Why do rivers meander, and what can a single grain of sand tell us about the age of the Earth?",
            "From the smallest bacteria to the largest galaxies, this lively tour explains the hidden rules "
            "that govern the natural world.",
        ),
        (
            "The Patient Universe",
            "Small Wonders",
            "The Grammar of Rivers",
            "Counting Pebbles",
            "The Hidden Clock",
            "Everything Is Moving",
        ),
        (
            "How Nature Keeps Time",
            "The Science of Everyday Things",
            "A Short Tour of Deep Time",
            "Why the World Works the Way It Does",
        ),
    ),
    Genre(
        "selfhelp",
        False,
        ("SEL000000", "SELF-HELP / General"),
        (("SEL031000", "SELF-HELP / Personal Growth / General"),),
        ("VS", "Self-help, personal development and practical advice"),
        (),
        ("habits", "wellbeing", "productivity", "mindfulness"),
        (3.0, 9.0),
        (),
        (
            "Small changes, repeated daily, can transform how we work, rest and relate to the people around us.",
            "Combining the latest research with practical exercises, this guide shows how to build calmer, "
            "more focused days.",
        ),
        ("The Quiet Hour", "The Second Cup", "The Unhurried Mind", "Enough for Today", "The Steady Path"),
        ("Small Habits for a Calmer Life", "Finding Focus in a Noisy World", "A Practical Guide to Rest"),
    ),
    Genre(
        "business",
        False,
        ("BUS000000", "BUSINESS & ECONOMICS / General"),
        (("BUS071000", "BUSINESS & ECONOMICS / Leadership"),),
        ("KJ", "Business and management"),
        (("KJMB", "Management: leadership and motivation"),),
        ("leadership", "teams", "strategy", "management"),
        (4.0, 10.0),
        (),
        (
            "Great teams are not born; they are built through hundreds of small decisions made every week.",
            "Drawing on interviews with founders, managers and front-line staff, this book explains why some "
            "organisations adapt while others stall.",
        ),
        ("The Second Meeting", "Building Slowly", "The Listening Leader", "Fewer, Better Decisions"),
        (
            "Leading Teams Through Change",
            "What Lasting Companies Do Differently",
            "A Field Guide for New Managers",
        ),
    ),
    Genre(
        "nature",
        False,
        ("NAT000000", "NATURE / General"),
        (("NAT037000", "NATURE / Environmental Conservation & Protection"),),
        ("WN", "Natural history"),
        (),
        ("nature writing", "wildlife", "landscape", "seasons"),
        (5.0, 11.0),
        (),
        (
            "From the tidal flats of {place} to the high moorland, this is a year-long journey through a "
            "landscape in constant change.",
            "Listening closely to birds, insects and weather, the author discovers how much life persists "
            "in the most ordinary places.",
        ),
        ("The Edge of the Marsh", "A Year of Small Birds", "Where the Heather Ends", "Listening to Rain"),
        ("A Naturalist's Year", "Notes from a Changing Coast", "Walking the Wild Edges"),
    ),
    Genre(
        "travel",
        False,
        ("TRV000000", "TRAVEL / General"),
        (),
        ("WT", "Travel and holiday"),
        (("WTL", "Travel writing"),),
        ("travel writing", "slow travel", "railway journeys", "Europe"),
        (6.0, 12.0),
        (),
        (
            "Travelling slowly by train, ferry and on foot, the author crosses Europe from the Arctic Circle "
            "to the Mediterranean.",
            "Part travelogue and part history, this journey along the old pilgrim roads reveals a continent "
            "still shaped by its past.",
        ),
        ("The Slow Line South", "Ferries at Dawn", "The Long Walk to the Sea", "Platform Seven"),
        ("Across Europe by Rail", "A Journey on Foot", "Travels Along the Old Roads"),
    ),
)

GENRE_BY_KEY: dict[str, Genre] = {g.key: g for g in GENRES}

# Non-English titles in the samples are fiction: translated non-fiction is rarer, and the copy pools
# in other languages are written for novels.
CONTINENTAL_GENRES: tuple[str, ...] = ("mystery", "thriller", "romance", "literary", "historical", "fantasy")

# Thema place qualifiers (scheme 94) for the setting of fiction, by language of the book.
THEMA_PLACE: dict[str, Code] = {
    "eng": ("1DDU", "United Kingdom, Great Britain"),
    "ger": ("1DFG", "Germany"),
    "fre": ("1DDF", "France"),
    "spa": ("1DSE", "Spain"),
    "swe": ("1DNS", "Sweden"),
    "dut": ("1DDN", "Netherlands"),
    "ita": ("1DST", "Italy"),
}
