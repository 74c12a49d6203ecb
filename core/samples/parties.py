"""The fictional trading parties of the sample feeds: the distributor of the deliveries and their two
publishers, plus the senders and publishers of the legacy 2.1 feed and the short-tag feed.

They are fixed data rather than generated so that the sample README, the tests and anyone reading a
feed can name them: "Kestrel Sound Books" always owns ISBN prefix 979-8-89771, and the header always
comes from the same sender (what the catalogue's Q10 "another sender" rule keys on).
"""

from __future__ import annotations

from dataclasses import dataclass

from core.samples.identifiers import gtin13


@dataclass(frozen=True, slots=True)
class Sender:
    name: str
    gln: str
    contact: str
    email: str


@dataclass(frozen=True, slots=True)
class Publisher:
    """A publisher: names, imprints, the languages it publishes in and its ISBN registrant block."""

    key: str
    name: str
    record_prefix: str
    cover_slug: str
    imprints: tuple[str, ...]
    languages: tuple[tuple[str, int], ...]
    isbn_block: str
    proprietary_id_name: str
    proprietary_prefix: str


SENDER = Sender(
    name="Northgate Audio Distribution",
    gln=gtin13("506099000012"),
    contact="Metadata Desk",
    email="metadata@northgate-audio.example.com",
)

HARBOR_LANE = Publisher(
    key="harborlane",
    name="Harbor Lane Audio",
    record_prefix="com.harborlane",
    cover_slug="harborlane",
    imprints=("Harbor Lane Audio", "Lantern Street", "Blue Quay Classics"),
    # An English-language house: its catalogue follows the English-speaking markets.
    languages=(("eng", 1),),
    isbn_block="88940",
    proprietary_id_name="HLA title number",
    proprietary_prefix="HLA-",
)

KESTREL = Publisher(
    key="kestrel",
    name="Kestrel Sound Books",
    record_prefix="com.kestrelsound",
    cover_slug="kestrel",
    imprints=("Kestrel Sound", "Kestrel Noir", "Fernhill Voices"),
    # A European house: English first, then the continental languages in rough proportion.
    languages=(("eng", 34), ("ger", 20), ("fre", 12), ("spa", 10), ("swe", 9), ("dut", 8), ("ita", 7)),
    isbn_block="89771",
    proprietary_id_name="KSB work id",
    proprietary_prefix="KSB",
)

PUBLISHERS: tuple[Publisher, ...] = (HARBOR_LANE, KESTREL)


def publisher_for(index: int, language: str | None) -> Publisher:
    """Alternate publishers by position; only Kestrel publishes outside English."""
    if language is not None and language != "eng":
        return KESTREL
    return PUBLISHERS[index % 2]


# The senders of the three extra sample files (see legacy.py, short_tags.py): each is its own trading
# party, so a catalogue seeded from all five files has four senders and never one GTIN from two (Q10).

OLD_MILL_SENDER = Sender(
    name="Old Mill Audio",
    gln=gtin13("506099000029"),
    contact="Hélène Marchbank",
    email="onix@oldmillaudio.example.co.uk",
)

OLD_MILL = Publisher(
    key="oldmill",
    name="Old Mill Audio",
    record_prefix="uk.co.oldmillaudio",
    cover_slug="oldmill",
    # Chosen by language after the build (legacy.py), so a French title never sits in the German imprint.
    imprints=("Old Mill Audio", "Éditions du Moulin", "Mühlstein Hörbücher"),
    # A British house with a European list: the accented names and titles are what ISO-8859-1 must carry.
    languages=(("eng", 16), ("fre", 9), ("ger", 8), ("spa", 4), ("swe", 3)),
    isbn_block="915730",  # 978-1-915730-NN-C: a 978 block, so one title can still be sent as an ISBN-10
    proprietary_id_name="OMA stock code",
    proprietary_prefix="OMA",
)

LARCHFIELD_SENDER = Sender(
    name="Larchfield Metadata Services",
    gln=gtin13("506099000036"),
    contact="Feed Operations",
    email="feeds@larchfield-metadata.example.com",
)

BRIGHTWATER = Publisher(
    key="brightwater",
    name="Brightwater Listening",
    record_prefix="com.brightwaterlistening",
    cover_slug="brightwater",
    imprints=("Brightwater Listening", "Tallow Lane", "Northlight Audio"),
    languages=(("eng", 6), ("ger", 1), ("fre", 1)),
    isbn_block="90618",
    proprietary_id_name="BWL product code",
    proprietary_prefix="BWL-",
)
