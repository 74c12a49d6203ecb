"""The in-memory shape of one generated ONIX product.

The generator fills these records, the defect registry and the delivery-2 changes edit them, and the
XML writer turns them into ONIX 3.0. Keeping a model between "decide" and "write" is what lets a
defect be one small, named edit of an otherwise clean product, and lets delivery 2 be "delivery 1
with these edits" rather than a second, drifting generator.

Values are kept as ONIX writes them (code strings, ``YYYYMMDD`` dates, decimal strings for prices)
so that a defect can hold exactly the bad value it must put in the file (``deu``, ``13,99``, ``ROW``).
Text is kept decoded; the writer escapes it, except XHTML bodies (``textformat="05"``), which are
markup by definition.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class Identifier:
    """ProductIdentifier: List 5 type, value, and a type name for proprietary (01) ids."""

    id_type: str
    value: str
    type_name: str | None = None


@dataclass(slots=True)
class Contributor:
    """One Contributor; exactly one of person name, corporate name or unnamed code is set."""

    sequence: int
    role: str
    person_name: str | None = None
    inverted: str | None = None
    names_before_key: str | None = None
    prefix_to_key: str | None = None
    key_names: str | None = None
    corporate_name: str | None = None
    unnamed: str | None = None
    bio: str | None = None


@dataclass(slots=True)
class Title:
    """Distinctive title; with ``prefix`` set it is written as TitlePrefix + TitleWithoutPrefix."""

    text: str
    prefix: str | None = None
    subtitle: str | None = None

    @property
    def without_prefix(self) -> str:
        if self.prefix is None:
            return self.text
        return self.text[len(self.prefix) :].lstrip()


@dataclass(slots=True)
class Series:
    """Collection type 10; the number goes in PartNumber or in a CollectionSequence."""

    name: str
    number: int
    as_part_number: bool


@dataclass(slots=True)
class Duration:
    """Extent type 09 as sent (unit + value) and the seconds that value means."""

    unit: str
    value: str
    seconds: int


@dataclass(slots=True)
class Chapter:
    """One ContentItem/AVItem: start and length in seconds from the start of the book."""

    number: int
    title: str
    start: int
    length: int


@dataclass(slots=True)
class Subject:
    scheme: str
    code: str | None
    heading: str | None
    main: bool = False


@dataclass(slots=True)
class Text:
    """TextContent. ``body`` is plain text, HTML (textformat 02) or XHTML markup (textformat 05)."""

    text_type: str
    body: str
    textformat: str | None = None


@dataclass(slots=True)
class Cover:
    url: str
    width: int
    height: int
    file_format: str | None = None


@dataclass(slots=True)
class Sample:
    url: str
    minutes: int
    file_format: str | None = None


@dataclass(slots=True)
class Territory:
    """ONIX Territory: either countries (plus regions) or regions minus countries."""

    countries: str | None = None
    regions: str | None = None
    countries_excluded: str | None = None


@dataclass(slots=True)
class SalesRights:
    rights_type: str
    territory: Territory
    restriction: str | None = None


@dataclass(slots=True)
class Price:
    price_type: str
    amount: str
    currency: str
    countries: str | None = None


@dataclass(slots=True)
class Market:
    """One ProductSupply: the market's countries and its single SupplyDetail."""

    countries: str
    supplier: str
    availability: str
    prices: list[Price] = field(default_factory=list)


@dataclass(slots=True)
class Related:
    relation: str
    isbn: str
    form: str


@dataclass(slots=True)
class Product:
    """One ONIX Product. A delete (notification 05) only uses the identity fields."""

    record_reference: str
    notification: str
    identifiers: list[Identifier]
    deletion_text: str | None = None
    product_form: str = "AJ"
    form_details: list[str] = field(default_factory=list)
    content_type: str = "01"
    series: Series | None = None
    title: Title = field(default_factory=lambda: Title(""))
    contributors: list[Contributor] = field(default_factory=list)
    edition: str | None = None
    languages: list[tuple[str, str]] = field(default_factory=list)
    duration: Duration | None = None
    subjects: list[Subject] = field(default_factory=list)
    audiences: list[tuple[str, str]] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    cover: Cover | None = None
    sample: Sample | None = None
    chapters: list[Chapter] = field(default_factory=list)
    imprint: str = ""
    publisher: str = ""
    status: str | None = None
    dates: list[tuple[str, str]] = field(default_factory=list)
    sales_rights: list[SalesRights] = field(default_factory=list)
    row_sales_rights: str | None = None
    related: list[Related] = field(default_factory=list)
    markets: list[Market] = field(default_factory=list)

    @property
    def isbn(self) -> str:
        """The product key: ISBN-13 (type 15), else GTIN-13 (type 03)."""
        for wanted in ("15", "03"):
            for ident in self.identifiers:
                if ident.id_type == wanted:
                    return ident.value
        raise ValueError(f"{self.record_reference} has no 13-digit identifier")

    def text(self, text_type: str) -> Text | None:
        return next((t for t in self.texts if t.text_type == text_type), None)

    def renumber_contributors(self) -> None:
        """Keep SequenceNumber 1..n after a contributor is added or removed, as senders do."""
        for n, contributor in enumerate(self.contributors, start=1):
            contributor.sequence = n
