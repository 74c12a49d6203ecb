-- Migration 001: every table of the architecture document, and the CCF record type.
-- How CCF is stored: one typed STRUCT column (`ccf ccf_v1`) in conversions, catalog and catalog_history,
-- country sets as 256-bit BIT values; see core/ccf/storage.py and core/ccf/countryset.py for why. The
-- type below is generated from the pydantic models (core.ccf.storage.ddl_type); a test keeps them equal.

CREATE TYPE ccf_v1 AS STRUCT(
    ccf_version VARCHAR,
    product_key VARCHAR,
    record_reference VARCHAR,
    identifiers STRUCT(type VARCHAR, value VARCHAR)[],
    sender VARCHAR,
    notification VARCHAR,
    product_form VARCHAR,
    product_form_code VARCHAR,
    format_codes VARCHAR[],
    content_type VARCHAR,
    title VARCHAR,
    subtitle VARCHAR,
    series STRUCT(name VARCHAR, number VARCHAR)[],
    contributors STRUCT(sequence BIGINT, role VARCHAR, onix_role VARCHAR, name VARCHAR, sort_name VARCHAR, synthetic_voice BOOLEAN)[],
    edition VARCHAR,
    languages STRUCT(role VARCHAR, code VARCHAR)[],
    duration_seconds BIGINT,
    chapters STRUCT(number BIGINT, title VARCHAR, start_seconds BIGINT, duration_seconds BIGINT)[],
    subjects STRUCT(scheme VARCHAR, code VARCHAR, heading VARCHAR, main BOOLEAN)[],
    description VARCHAR,
    description_html VARCHAR,
    short_description VARCHAR,
    cover STRUCT(url VARCHAR, width_px BIGINT, height_px BIGINT, format VARCHAR),
    sample STRUCT(url VARCHAR, duration_seconds BIGINT),
    publisher VARCHAR,
    imprint VARCHAR,
    publishing_status VARCHAR,
    publication_date DATE,
    publication_date_precision VARCHAR,
    embargo STRUCT(sales DATE, preorder DATE, streaming DATE, subscription DATE),
    sales_rights STRUCT(for_sale BIT, not_for_sale BIT, exclusive BOOLEAN),
    restrictions VARCHAR[],
    prices STRUCT(amount VARCHAR, currency VARCHAR, price_type VARCHAR, tax_included BOOLEAN, countries BIT, availability VARCHAR, valid_from DATE, valid_until DATE)[],
    audience STRUCT(explicit BOOLEAN, age_min BIGINT, age_max BIGINT),
    related STRUCT(relation VARCHAR, gtin VARCHAR, form VARCHAR)[],
    provenance STRUCT(feed_id BIGINT, source_format VARCHAR, onix_release VARCHAR, tag_style VARCHAR, line BIGINT, sent_at TIMESTAMPTZ)
);

CREATE SEQUENCE seq_sender_id START 1;
CREATE SEQUENCE seq_feed_id START 1;
CREATE SEQUENCE seq_run_id START 1;
CREATE SEQUENCE seq_error_id START 1;
CREATE SEQUENCE seq_source_id START 1;
CREATE SEQUENCE seq_note_id START 1;
CREATE SEQUENCE seq_conversion_id START 1;
CREATE SEQUENCE seq_finding_id START 1;
CREATE SEQUENCE seq_waiver_id START 1;
CREATE SEQUENCE seq_event_id START 1;
CREATE SEQUENCE seq_export_id START 1;

-- Publisher accounts: names and identifiers as they appear in feed headers.
CREATE TABLE senders (
    sender_id BIGINT PRIMARY KEY DEFAULT nextval('seq_sender_id'),
    name VARCHAR NOT NULL UNIQUE,
    identifiers VARCHAR[] NOT NULL DEFAULT [],
    isbn_prefixes VARCHAR[] NOT NULL DEFAULT [],
    strict BOOLEAN NOT NULL DEFAULT false,
    first_seen_at TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
    last_sent_at TIMESTAMPTZ,
    deliveries BIGINT NOT NULL DEFAULT 0
);

-- Every file received, once per distinct content (SHA-256); the bytes live in the archive.
CREATE TABLE feeds (
    feed_id BIGINT PRIMARY KEY DEFAULT nextval('seq_feed_id'),
    sha256 VARCHAR NOT NULL UNIQUE,
    original_name VARCHAR NOT NULL,
    archive_path VARCHAR NOT NULL,
    bytes BIGINT NOT NULL,
    source VARCHAR NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    received_by VARCHAR NOT NULL
);

-- One attempt to ingest a feed: how it was read, what it produced, why it failed.
CREATE TABLE ingest_runs (
    run_id BIGINT PRIMARY KEY DEFAULT nextval('seq_run_id'),
    feed_id BIGINT NOT NULL,
    job_id VARCHAR,
    actor VARCHAR NOT NULL,
    forced BOOLEAN NOT NULL DEFAULT false,
    status VARCHAR NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    format VARCHAR,
    onix_release VARCHAR,
    tag_style VARCHAR,
    namespace VARCHAR,
    encoding VARCHAR,
    sender_id BIGINT,
    sender_name VARCHAR,
    message_number VARCHAR,
    sent_at TIMESTAMPTZ,
    products BIGINT NOT NULL DEFAULT 0,
    converted BIGINT NOT NULL DEFAULT 0,
    rejected BIGINT NOT NULL DEFAULT 0,
    skipped BIGINT NOT NULL DEFAULT 0,
    conv_new BIGINT NOT NULL DEFAULT 0,
    conv_changed BIGINT NOT NULL DEFAULT 0,
    conv_unchanged BIGINT NOT NULL DEFAULT 0,
    conv_deleted BIGINT NOT NULL DEFAULT 0,
    error VARCHAR,
    error_line BIGINT,
    error_column BIGINT,
    sources_path VARCHAR
);

-- Products that could not be read or converted: which, where, why, and the raw XML.
CREATE TABLE ingest_errors (
    error_id BIGINT PRIMARY KEY DEFAULT nextval('seq_error_id'),
    run_id BIGINT NOT NULL,
    record_reference VARCHAR,
    product_key VARCHAR,
    line BIGINT,
    rule_id VARCHAR,
    message VARCHAR NOT NULL,
    raw_xml VARCHAR
);

-- Every product received, for debugging and for merging block updates. Its raw XML (and, for a block
-- update, the merged product) lives in the run's Parquet files (ingest_runs.sources_path) at `position`:
-- gigabytes of XML stay out of the database's memory and out of the commit.
CREATE TABLE source_records (
    source_id BIGINT PRIMARY KEY DEFAULT nextval('seq_source_id'),
    run_id BIGINT NOT NULL,
    feed_id BIGINT NOT NULL,
    position BIGINT NOT NULL,
    product_key VARCHAR,
    record_reference VARCHAR,
    notification VARCHAR,
    line BIGINT,
    merged BOOLEAN NOT NULL DEFAULT false
);

-- What the converter repaired or could not interpret (rule id, field, raw value, action).
CREATE TABLE conversion_notes (
    note_id BIGINT PRIMARY KEY DEFAULT nextval('seq_note_id'),
    run_id BIGINT NOT NULL,
    product_key VARCHAR,
    record_reference VARCHAR,
    line BIGINT,
    rule_id VARCHAR NOT NULL,
    field VARCHAR NOT NULL,
    raw_value VARCHAR,
    action VARCHAR NOT NULL,
    message VARCHAR NOT NULL
);

-- A CCF candidate awaiting (or past) review; kind new | changed | deleted.
CREATE TABLE conversions (
    conversion_id BIGINT PRIMARY KEY DEFAULT nextval('seq_conversion_id'),
    run_id BIGINT NOT NULL,
    feed_id BIGINT NOT NULL,
    position BIGINT,
    product_key VARCHAR NOT NULL,
    record_reference VARCHAR,
    kind VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    base_version BIGINT,
    content_hash VARCHAR,
    ccf ccf_v1,
    created_at TIMESTAMPTZ NOT NULL,
    decided_at TIMESTAMPTZ,
    decided_by VARCHAR,
    comment VARCHAR,
    status_reason VARCHAR,
    superseded_by BIGINT
);

-- The approved catalogue: one current record per product.
CREATE TABLE catalog (
    product_key VARCHAR PRIMARY KEY,
    version BIGINT NOT NULL,
    content_hash VARCHAR NOT NULL,
    ccf ccf_v1 NOT NULL,
    sender_id BIGINT,
    conversion_id BIGINT,
    approved_at TIMESTAMPTZ NOT NULL,
    approved_by VARCHAR NOT NULL
);

-- Every approved version of every product (a delete is a version with deleted = true and no record).
CREATE TABLE catalog_history (
    product_key VARCHAR NOT NULL,
    version BIGINT NOT NULL,
    content_hash VARCHAR,
    ccf ccf_v1,
    deleted BOOLEAN NOT NULL DEFAULT false,
    action VARCHAR NOT NULL,
    conversion_id BIGINT,
    approved_at TIMESTAMPTZ NOT NULL,
    approved_by VARCHAR NOT NULL,
    comment VARCHAR,
    PRIMARY KEY (product_key, version)
);

-- Rule findings per product (or file), with a fingerprint that follows them across deliveries.
CREATE TABLE findings (
    finding_id BIGINT PRIMARY KEY DEFAULT nextval('seq_finding_id'),
    run_id BIGINT,
    conversion_id BIGINT,
    product_key VARCHAR,
    scope VARCHAR NOT NULL,
    rule_id VARCHAR NOT NULL,
    rule_version BIGINT NOT NULL,
    severity VARCHAR NOT NULL,
    field VARCHAR,
    observed VARCHAR,
    message VARCHAR NOT NULL,
    suggested_fix VARCHAR,
    line BIGINT,
    fingerprint VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

-- Waivers silence a finding (rule + product, or rule + publisher) without deleting it, until expiry.
CREATE TABLE waivers (
    waiver_id BIGINT PRIMARY KEY DEFAULT nextval('seq_waiver_id'),
    rule_id VARCHAR NOT NULL,
    product_key VARCHAR,
    publisher VARCHAR,
    reason VARCHAR NOT NULL,
    created_by VARCHAR NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ,
    revoked_at TIMESTAMPTZ,
    revoked_by VARCHAR
);

-- The audit trail: every decision and comment, who, when, from which state to which.
CREATE TABLE review_events (
    event_id BIGINT PRIMARY KEY DEFAULT nextval('seq_event_id'),
    event_at TIMESTAMPTZ NOT NULL,
    actor VARCHAR NOT NULL,
    role VARCHAR NOT NULL,
    action VARCHAR NOT NULL,
    conversion_id BIGINT,
    product_key VARCHAR,
    from_status VARCHAR,
    to_status VARCHAR,
    comment VARCHAR,
    bulk_id VARCHAR,
    details JSON
);

-- Partner profiles, versioned: an edit makes a new version.
CREATE TABLE partners (
    name VARCHAR NOT NULL,
    version BIGINT NOT NULL,
    profile JSON NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    created_by VARCHAR NOT NULL,
    PRIMARY KEY (name, version)
);

-- One export to one partner: snapshot, mode, destination, manifest.
CREATE TABLE exports (
    export_id BIGINT PRIMARY KEY DEFAULT nextval('seq_export_id'),
    partner VARCHAR NOT NULL,
    profile_version BIGINT NOT NULL,
    mode VARCHAR NOT NULL,
    snapshot_at TIMESTAMPTZ NOT NULL,
    status VARCHAR NOT NULL,
    destination VARCHAR NOT NULL,
    actor VARCHAR NOT NULL,
    started_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    manifest JSON,
    error VARCHAR
);

-- The delivery ledger: which catalogue version of which product went to which partner in which export.
CREATE TABLE export_items (
    export_id BIGINT NOT NULL,
    partner VARCHAR NOT NULL,
    product_key VARCHAR NOT NULL,
    version BIGINT,
    action VARCHAR NOT NULL,
    file VARCHAR,
    PRIMARY KEY (export_id, product_key)
);

-- Background jobs: persisted at start, end and failure; live progress is kept by the runner.
CREATE TABLE jobs (
    job_id VARCHAR PRIMARY KEY,
    kind VARCHAR NOT NULL,
    title VARCHAR NOT NULL,
    actor VARCHAR NOT NULL,
    status VARCHAR NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    started_at TIMESTAMPTZ,
    finished_at TIMESTAMPTZ,
    progress_done BIGINT NOT NULL DEFAULT 0,
    progress_total BIGINT,
    unit VARCHAR,
    message VARCHAR,
    error VARCHAR,
    result JSON
);

