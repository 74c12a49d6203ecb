-- The products a re-check judges: each product's latest version (its pending conversion, else its
-- approved catalogue record), with the run it came from.
-- params:
CREATE OR REPLACE TEMP VIEW check_subjects AS
WITH pending AS (
    SELECT c.product_key, c.conversion_id, c.content_hash, c.position, c.run_id, r.sender_id, c.ccf
    FROM conversions AS c LEFT JOIN ingest_runs AS r USING (run_id)
    WHERE c.status = 'pending' AND c.kind <> 'deleted'
    QUALIFY row_number() OVER (PARTITION BY c.product_key ORDER BY c.conversion_id DESC) = 1
)
SELECT * FROM pending
UNION ALL
SELECT k.product_key, NULL AS conversion_id, k.content_hash, c.position, c.run_id, k.sender_id, k.ccf
FROM catalog AS k
LEFT JOIN conversions AS c ON c.conversion_id = k.conversion_id
WHERE NOT EXISTS (SELECT 1 FROM pending AS p WHERE p.product_key = k.product_key)
