"""Name and place pools for the sample feeds, per ONIX language code (ISO 639-2/B).

Every person in the samples is a random pairing of a first name and a surname from these pools, so
nobody real is described; the surnames avoid famous ones. Pools are per language because narrators
read in the audio language and authors of translated books come from the original language, which
is how real audiobook catalogues look. Dutch surnames keep their particles ("van der") so the writer
can exercise PrefixToKey and the "Meulen, Anouk van der" inverted form.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from random import Random

from core.samples.chance import pick

# fmt: off
FIRST_NAMES: dict[str, tuple[str, ...]] = {
    "eng": ("Eleanor", "Marcus", "Harriet", "Owen", "Priya", "Declan", "Rosalind", "Tobias", "Imogen",
            "Felix", "Maeve", "Callum", "Juniper", "Silas", "Beatrix", "Rowan", "Delia", "Ambrose",
            "Clara", "Ezra", "Nadia", "Gideon", "Wren", "Lionel"),
    "ger": ("Johanna", "Matthias", "Friederike", "Lukas", "Annelie", "Konstantin", "Theresa", "Jonas",
            "Mareike", "Florian", "Henrike", "Benedikt", "Liesel", "Moritz", "Ulrike", "Anselm"),
    "fre": ("Camille", "Étienne", "Margaux", "Théo", "Solène", "Bastien", "Apolline", "Gaspard", "Inès",
            "Lucien", "Éloïse", "Raphaël", "Capucine", "Aurélien", "Mathilde", "Octave"),
    "spa": ("Lucía", "Mateo", "Inés", "Joaquín", "Carmen", "Diego", "Rocío", "Álvaro", "Paloma", "Tomás",
            "Marisol", "Emilio", "Ximena", "Rodrigo", "Nerea", "Gonzalo"),
    "swe": ("Linnea", "Oskar", "Sigrid", "Viktor", "Elin", "Johan", "Maja", "Anders", "Freja", "Nils",
            "Ingrid", "Hugo", "Tove", "Axel", "Saga", "Edvin"),
    "dut": ("Anouk", "Bram", "Femke", "Jasper", "Lieke", "Ruben", "Sanne", "Thijs", "Marloes", "Joris",
            "Ilse", "Wouter", "Noor", "Sietse", "Fenna", "Daan"),
    "ita": ("Giulia", "Lorenzo", "Chiara", "Matteo", "Francesca", "Tommaso", "Beatrice", "Edoardo",
            "Ilaria", "Riccardo", "Serena", "Niccolò", "Arianna", "Gabriele", "Ludovica", "Filippo"),
}
# fmt: on

# fmt: off
SURNAMES: dict[str, tuple[str, ...]] = {
    "eng": ("Ashworth", "Pemberton", "Kerrigan", "Whitlock", "Farrow", "Hollis", "Brannigan", "Thorne",
            "Mercer", "Ellery", "Calloway", "Dunmore", "Fairbairn", "Grayling", "Hatherley", "Lowther",
            "Marchbank", "Quennell", "Redfern", "Sallow", "Tremaine", "Vickery", "Winslade", "Yardley"),
    "ger": ("Brandauer", "Kellermann", "Hofstätter", "Reinhold", "Sauerbrey", "Wiesendanger", "Albrecht",
            "Brückner", "Dornberger", "Eichhorn", "Falkenrath", "Gutknecht", "Heidebrink", "Kranichfeld",
            "Lorenzen", "Mühlbauer"),
    "fre": ("Beaulieu", "Castagnet", "Dufresnoy", "Lemarchand", "Fontanel", "Grandjean", "Mérindol",
            "Rouvière", "Sauvageot", "Tessier", "Aubertin", "Bellefeuille", "Charpentreau", "Desforges",
            "Lavergne", "Peyrol"),
    "spa": ("Aranda", "Beltrán", "Cifuentes", "Echeverría", "Fuenmayor", "Ibarra", "Landaluce", "Montalvo",
            "Navarrete", "Olmedo", "Quintanilla", "Salcedo", "Valdelomar", "Zubizarreta", "Altamira",
            "Carrasco"),
    "swe": ("Bergqvist", "Lindholm", "Sjöberg", "Åkesson", "Hedlund", "Norberg", "Ekström", "Lundmark",
            "Strandberg", "Holmgren", "Wallin", "Forsell", "Dahlgren", "Engström", "Rydell", "Söderlind"),
    "dut": ("Brouwer", "van der Meulen", "de Vries", "Hoekstra", "van Leeuwen", "Kuipers", "ter Horst",
            "Visser", "van den Bosch", "Smeets", "de Graaf", "Mulder", "Postma", "van Houten", "Jansma",
            "Wijnands"),
    "ita": ("Bellandi", "Castellucci", "Donati", "Ferraresi", "Galimberti", "Lombardini", "Marchetti",
            "Orsolini", "Pellegrini", "Ranieri", "Santoro", "Tedeschi", "Valentini", "Zanetti",
            "Bonfiglio", "Cavallari"),
}
# fmt: on

# Fictional (or harmlessly generic) places for titles and descriptions, per language.
# fmt: off
PLACES: dict[str, tuple[str, ...]] = {
    "eng": ("Ravensmoor", "Port Ellery", "Kestwick", "Alder Cove", "Greyhaven", "Millbrook", "Saltmarsh",
            "Wrenfield", "Coldwater", "Fenwick Bay", "Ashcombe", "Holloway Point"),
    "ger": ("Altenbrück", "Kaltenbach", "Wiesenfeld", "Oberhollen", "Lindenau", "Möwenwerder"),
    "fre": ("Montclaire", "Rochebrune", "Saint-Aubert", "Valmont-sur-Mer", "Kerbrat", "Ormessac"),
    "spa": ("Valdeluz", "Peñaflor", "Santa Brígida", "Villaverde del Mar", "Almoradí", "Castrojeriz"),
    "swe": ("Hällvik", "Ängsö", "Norrby", "Tallbacka", "Sjövik", "Granudden"),
    "dut": ("Westerhaven", "Oudeschans", "Lindendijk", "Kooghe", "Zuidermeer", "Hollewaard"),
    "ita": ("Roccabruna", "San Vitale", "Montefalco", "Porto Ercole", "Castelvento", "Valdimonte"),
}
# fmt: on

CORPORATE_AUTHORS: tuple[str, ...] = (
    "Fenwick Bay Historical Society",
    "Northfield Travel Writers Collective",
    "The Meadowbank Field Study Group",
)

_PARTICLES = ("van der ", "van den ", "van ", "de ", "ter ")


@dataclass(frozen=True, slots=True)
class PersonName:
    """A person's name in the parts ONIX can carry, with its display and inverted forms."""

    first: str
    prefix: str | None
    key: str
    display: str
    inverted: str


@cache
def _name(first: str, surname: str) -> PersonName:
    # Names repeat across a large feed, so each (first, surname) pair is built once.
    for particle in _PARTICLES:
        if surname.startswith(particle):
            prefix, key = particle.strip(), surname[len(particle) :]
            # ONIX/library convention: the particle follows the forename ("Meulen, Anouk van der").
            return PersonName(first, prefix, key, f"{first} {prefix} {key}", f"{key}, {first} {prefix}")
    return PersonName(first, None, surname, f"{first} {surname}", f"{surname}, {first}")


def person(rng: Random, language: str) -> PersonName:
    first = pick(rng, FIRST_NAMES[language])
    # A middle initial now and then, as in real credits ("Eleanor J. Marsh").
    if language == "eng" and rng.random() < 0.15:
        first = f"{first} {pick(rng, 'ABCDEFGHJKLMNPRSTW')}."
    return _name(first, pick(rng, SURNAMES[language]))


def distinct_people(rng: Random, language: str, count: int) -> list[PersonName]:
    """``count`` people with different surnames, so one credit list never repeats a name."""
    people: list[PersonName] = []
    while len(people) < count:
        candidate = person(rng, language)
        if all(p.key != candidate.key for p in people):
            people.append(candidate)
    return people
