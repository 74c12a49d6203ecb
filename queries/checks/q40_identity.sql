-- Q40: identity drift: the product's previous delivery had another RecordReference, or its
-- RecordReference named another GTIN before (from the same sender).
-- params:
WITH previous AS (
    SELECT c.product_key, s.record_reference
    FROM check_subjects_runs AS c
    JOIN source_records AS s ON s.product_key = c.product_key AND s.run_id < c.run_id
    QUALIFY row_number() OVER (PARTITION BY c.product_key ORDER BY s.source_id DESC) = 1
),
by_reference AS (
    SELECT c.product_key, s.product_key AS other
    FROM check_subjects_runs AS c
    JOIN source_records AS s ON s.record_reference = c.ccf.record_reference AND s.run_id < c.run_id
    JOIN ingest_runs AS r ON r.run_id = s.run_id AND r.sender_id = c.sender_id
    QUALIFY row_number() OVER (PARTITION BY c.product_key ORDER BY s.source_id DESC) = 1
)
SELECT c.product_key, NULL AS severity, 'record_reference' AS field,
       'RecordReference ' || c.ccf.record_reference || ', previously ' || p.record_reference AS observed
FROM check_subjects_runs AS c JOIN previous AS p USING (product_key)
WHERE p.record_reference IS DISTINCT FROM c.ccf.record_reference
UNION ALL
SELECT c.product_key, NULL, 'product_key',
       'RecordReference ' || c.ccf.record_reference || ' named GTIN ' || b.other || ' before'
FROM check_subjects_runs AS c JOIN by_reference AS b USING (product_key)
WHERE b.other <> c.product_key
