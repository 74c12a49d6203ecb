-- The pending side of a re-check's subjects: each product's latest pending conversion (picked by key
-- first, max id per product, then joined for its record), materialised once. Read through the view, every
-- rule would scan the record of every conversion ever made to find the pending ones.
-- params:
CREATE OR REPLACE TEMP TABLE check_pending AS
WITH latest_pending AS (
    SELECT product_key, max(conversion_id) AS conversion_id FROM conversions
    WHERE status = 'pending' AND kind <> 'deleted'
    GROUP BY product_key
)
SELECT c.product_key, c.conversion_id, c.content_hash, c.position, c.run_id, r.sender_id, c.ccf
FROM latest_pending AS p
JOIN conversions AS c ON c.conversion_id = p.conversion_id
LEFT JOIN ingest_runs AS r ON r.run_id = c.run_id
