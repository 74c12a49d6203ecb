-- The products a delivery's check judges (filled from the spool by checks/subjects_from_spool): the run's
-- last occurrence of each product (deletes aside), with the conversion it creates (if any). A table, not
-- a view: some forty rules read it, and a view would decode the spool's Parquet and join it for each of them
-- (DuckDB spills the table beyond the commit's memory limit).
-- params:
CREATE OR REPLACE TEMP TABLE check_subjects (
    product_key VARCHAR,
    conversion_id BIGINT,
    content_hash VARCHAR,
    position BIGINT,
    run_id BIGINT,
    sender_id BIGINT,
    ccf ccf_v1
)
