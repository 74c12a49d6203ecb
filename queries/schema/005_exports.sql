-- Migration 005: the files of each export, and what each ledger item was to the partner.

-- Every file an export rendered (kept under data/exports/archive/<export_id>/) and when it was delivered;
-- a resumed export delivers only those without delivered_at.
CREATE TABLE export_files (
    export_id BIGINT NOT NULL,
    key VARCHAR NOT NULL,
    file_index INTEGER NOT NULL,
    bytes BIGINT,
    rows BIGINT,
    sha256 VARCHAR,
    delivered_at TIMESTAMPTZ,
    PRIMARY KEY (export_id, key)
);

-- added | changed | unchanged | removed, as the partner sees it (against its previous delivery).
ALTER TABLE export_items ADD COLUMN change VARCHAR;
ALTER TABLE export_items ADD COLUMN file_index INTEGER;
ALTER TABLE exports ADD COLUMN counts JSON;
ALTER TABLE exports ADD COLUMN archive_path VARCHAR;
