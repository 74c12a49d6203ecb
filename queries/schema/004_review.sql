-- Migration 004: field-level diffs and risk flags of conversions.

-- Every change of a changed conversion against the catalogue version it was made against, one row per
-- changed scalar, list item (by identity) or country-set delta; values as JSON (core/review/diffspec.py).
CREATE TABLE conversion_changes (
    conversion_id BIGINT NOT NULL,
    field VARCHAR NOT NULL,
    item VARCHAR,
    change VARCHAR NOT NULL,
    old_value VARCHAR,
    new_value VARCHAR
);

-- What a reviewer filters the queue on: the CCF fields a conversion changes, and its risk flags
-- (on_sale_identity, price_drop, market_removed, delete, sender_change).
ALTER TABLE conversions ADD COLUMN changed_fields VARCHAR[];
ALTER TABLE conversions ADD COLUMN flags VARCHAR[];
