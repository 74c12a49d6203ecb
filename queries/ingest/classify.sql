-- Each product of the run (the last occurrence when a file repeats one) against the catalogue and the
-- pending queue: outcome new | changed | deleted | unchanged | skipped, and which pending one it replaces.
-- Only keys and hashes (the records stream from the spool into `conversions` afterwards), and the id
-- each new conversion will have.
-- params: path
CREATE TEMP TABLE classified AS
WITH outcomes AS (
WITH latest AS (
    SELECT position, product_key, record_reference, notification, content_hash
    FROM read_parquet($path)
    QUALIFY row_number() OVER (PARTITION BY product_key ORDER BY position DESC) = 1
),
pending AS (
    SELECT product_key, conversion_id, content_hash, kind FROM conversions
    WHERE status = 'pending'
    QUALIFY row_number() OVER (PARTITION BY product_key ORDER BY conversion_id DESC) = 1
)
SELECT
    l.*,
    c.version AS base_version,
    c.content_hash AS catalog_hash,
    p.conversion_id AS pending_id,
    CASE
        WHEN l.notification = 'test' THEN 'skipped'
        WHEN l.notification = 'delete' THEN
            CASE
                WHEN p.kind = 'deleted' THEN 'unchanged'
                WHEN c.product_key IS NULL AND p.product_key IS NULL THEN 'skipped'
                ELSE 'deleted'
            END
        WHEN p.content_hash = l.content_hash THEN 'unchanged'
        WHEN c.content_hash = l.content_hash THEN 'unchanged'
        WHEN c.product_key IS NOT NULL THEN 'changed'
        ELSE 'new'
    END AS outcome,
    CASE
        WHEN l.notification = 'test' THEN NULL
        WHEN p.conversion_id IS NULL THEN NULL
        WHEN l.notification = 'delete' AND p.kind <> 'deleted' THEN p.conversion_id
        WHEN l.notification <> 'delete' AND p.content_hash IS DISTINCT FROM l.content_hash THEN p.conversion_id
    END AS supersedes
FROM latest AS l
LEFT JOIN catalog AS c USING (product_key)
LEFT JOIN pending AS p USING (product_key)
)
SELECT *, CASE WHEN outcome IN ('new', 'changed', 'deleted') THEN nextval('seq_conversion_id') END AS new_conversion_id
FROM outcomes
