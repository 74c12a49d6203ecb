-- Migration 002: the quality rule engine.

-- One evaluation of the rules: over one delivery (kind ingest) or over the catalogue and the pending
-- queue (kind recheck, after a rule changed).
CREATE SEQUENCE seq_check_id START 1;
CREATE TABLE check_runs (
    check_id BIGINT PRIMARY KEY DEFAULT nextval('seq_check_id'),
    kind VARCHAR NOT NULL,
    run_id BIGINT,
    actor VARCHAR NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    subjects BIGINT,
    findings BIGINT
);

-- A finding belongs to the check that found it, and to the version of the product it judged
-- (content_hash): that is what a pending conversion's approval looks at.
ALTER TABLE findings ADD COLUMN check_id BIGINT;
ALTER TABLE findings ADD COLUMN content_hash VARCHAR;
ALTER TABLE findings ADD COLUMN publisher VARCHAR;
ALTER TABLE findings ADD COLUMN position BIGINT;

-- The country of each bit of a stored country set (core/ccf/countries.txt, append-only; kept in step
-- when the database opens), so SQL can name the countries of a set.
CREATE TABLE country_order (bit INTEGER PRIMARY KEY, code VARCHAR NOT NULL UNIQUE);

-- The countries of a stored set, sorted: country_list(ccf.sales_rights.for_sale).
CREATE MACRO country_list(b) AS (SELECT list(code ORDER BY code) FROM country_order WHERE get_bit(b, bit) = 1);
