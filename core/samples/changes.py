"""The edits that turn delivery 1 into delivery 2: price moves, copy edits, credits, rights, status.

A re-delivery is where a pipeline's diffing earns its keep: most records are byte-identical and must
create nothing, a few change in one field each, some are new, one is deleted and one drifts to a new
RecordReference. Each change here is a small edit of a copy of the delivery-1 product; like the
defects, it returns the sentence the README shows, and it keeps the product clean (every rule still
passes), so delivery 2 adds exactly one new finding: Q40.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from random import Random

from core.samples import names
from core.samples.build import Constraints, yyyymmdd
from core.samples.markets import reprice
from core.samples.model import Contributor, Product, Subject, Text


@dataclass(frozen=True, slots=True)
class ChangeContext:
    clean: Product  # the product as built, before any delivery-1 tweak
    sent: date  # delivery 2's SentDateTime
    rng: Random


Edit = Callable[[Product, ChangeContext], str]


@dataclass(frozen=True, slots=True)
class Change:
    kind: str
    constraints: Constraints
    edit: Edit
    # Applied to the delivery-1 product itself, for changes that correct something (the title typo).
    before: Callable[[Product], None] | None = None


def _price_drop(p: Product, ctx: ChangeContext) -> str:
    moves = []
    for market in p.markets:
        for price in market.prices:
            old = price.amount
            price.amount = reprice(old, price.currency, 0.55)
            moves.append(f"{price.currency} {old} -> {price.amount}")
    first_old, first_new = (float(x) for x in moves[0].split(" ", 1)[1].split(" -> "))
    return f"promotion: every price cut by {1 - first_new / first_old:.0%} ({'; '.join(moves)})"


def _price_change(factor: float) -> Edit:
    def edit(p: Product, ctx: ChangeContext) -> str:
        market = p.markets[0]
        moves = []
        for price in market.prices:
            old = price.amount
            price.amount = reprice(old, price.currency, factor)
            moves.append(f"{price.currency} {old} -> {price.amount}")
        return f"price change in market {market.countries}: {'; '.join(moves)}"

    return edit


def _append_sentence(sentence: str) -> Edit:
    def edit(p: Product, ctx: ChangeContext) -> str:
        description = p.text("03")
        assert description is not None
        if description.textformat in ("02", "05"):
            description.body += f"<p>{sentence}</p>"
        else:
            description.body += f" {sentence}"
        return f"description edited: sentence added ('{sentence}')"

    return edit


def _typo(p: Product) -> None:
    # Swap two adjacent letters in the longest word: the kind of slip a correction delivery fixes.
    words = p.title.without_prefix.split(" ")
    for index in sorted(range(len(words)), key=lambda i: -len(words[i])):
        w = words[index]
        spot = next((i for i in range(1, len(w) - 1) if w[i] != w[i + 1] and w[i : i + 2].isalpha()), None)
        if spot is not None:
            words[index] = w[:spot] + w[spot + 1] + w[spot] + w[spot + 2 :]
            break
    prefix = f"{p.title.prefix} " if p.title.prefix else ""
    p.title.text = prefix + " ".join(words)


def _title_fix(p: Product, ctx: ChangeContext) -> str:
    old = p.title.text
    p.title.text = ctx.clean.title.text
    return f"title corrected: '{old}' -> '{p.title.text}'"


def _narrator_added(p: Product, ctx: ChangeContext) -> str:
    language = next(code for role, code in p.languages if role == "08")
    taken = {c.key_names or (c.person_name or "").split(" ")[-1] for c in p.contributors}
    person = names.person(ctx.rng, language)
    while person.key in taken:
        person = names.person(ctx.rng, language)
    p.contributors.append(Contributor(0, "E07", person.display, person.inverted))
    p.renumber_contributors()
    return f"second narrator added: {person.display}"


def _contributor_removed(p: Product, ctx: ChangeContext) -> str:
    authors = [c for c in p.contributors if c.role == "A01"]
    removed = authors[-1]
    p.contributors.remove(removed)
    p.renumber_contributors()
    return f"co-author removed: {removed.person_name}"


def _market_removed(p: Product, ctx: ChangeContext) -> str:
    removed = p.markets.pop()
    kept = " ".join(m.countries for m in p.markets)
    p.sales_rights[0].territory.countries = kept
    return f"market {removed.countries} withdrawn: removed from SalesRights and ProductSupply"


def _published(p: Product, ctx: ChangeContext) -> str:
    p.status, p.notification = "04", "03"
    for market in p.markets:
        market.availability = "20"
    published = next(value for role, value in p.dates if role == "01")
    return f"published on {published}: PublishingStatus 02 -> 04, availability 10 -> 20"


def _cover_replaced(p: Product, ctx: ChangeContext) -> str:
    assert p.cover is not None
    p.cover.url = p.cover.url.replace("covers.example.com/", "covers.example.com/v2/")
    p.cover.width = p.cover.height = 3600 if p.cover.width != 3600 else 4000
    return f"new front cover: {p.cover.url} ({p.cover.width} x {p.cover.height} px)"


def _keyword_added(p: Product, ctx: ChangeContext) -> str:
    keywords = next((s for s in p.subjects if s.scheme == "20"), None)
    if keywords is None:
        p.subjects.append(Subject("20", None, "staff pick; book club"))
        return "keywords subject added: 'staff pick; book club'"
    keywords.heading = f"{keywords.heading}; staff pick"
    return "keyword 'staff pick' added to the keywords subject"


def _short_description(p: Product, ctx: ChangeContext) -> str:
    narrator = next(c.person_name for c in p.contributors if c.role == "E07")
    text = f"A compelling listen, read by {narrator}."
    existing = p.text("02")
    if existing is None:
        p.texts.append(Text("02", text, None))
        return f"short description added: '{text}'"
    existing.body = text
    return f"short description rewritten: '{text}'"


def _embargo_added(p: Product, ctx: ChangeContext) -> str:
    day = yyyymmdd(ctx.sent + timedelta(days=30))
    p.dates = [(role, value) for role, value in p.dates if role != "30"] + [("30", day)]
    return f"streaming embargo (PublishingDate role 30) set to {day}"


_ENG = Constraints(language="eng")
_ENG_PLAIN = Constraints(plain=True, language="eng")

CHANGES: tuple[Change, ...] = (
    Change("price", Constraints(base_price=29.99), _price_drop),
    Change("price", _ENG, _price_change(1.1)),
    Change("price", _ENG, _price_change(0.9)),
    Change("price", Constraints(), _price_change(1.2)),
    Change("price", Constraints(), _price_change(0.85)),
    Change("price", Constraints(), _price_change(1.15)),
    Change("description", _ENG, _append_sentence("Includes an exclusive afterword read by the author.")),
    Change("description", _ENG, _append_sentence("Now with a new introduction recorded for this edition.")),
    Change(
        "description",
        _ENG,
        _append_sentence("Features a bonus conversation between the author and the narrator."),
    ),
    Change("description", _ENG, _append_sentence("A downloadable map of the setting accompanies the audio.")),
    Change("title", _ENG_PLAIN, _title_fix, before=_typo),
    Change("contributors", _ENG_PLAIN, _narrator_added),
    Change("contributors", Constraints(plain=True, authors=2), _contributor_removed),
    Change("rights", Constraints(language="eng", rights_shape="listed", min_markets=3), _market_removed),
    Change("status", Constraints(status="soon"), _published),
    Change("cover", Constraints(), _cover_replaced),
    Change("subjects", Constraints(), _keyword_added),
    Change("description", _ENG_PLAIN, _short_description),
    Change("dates", Constraints(status="active"), _embargo_added),
)
