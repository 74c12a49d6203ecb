-- A re-check's subjects with the run each version came from and its position in that run's file, for the
-- few rules that compare with earlier deliveries (Q10, Q40) and for the converter's notes. The pending
-- conversions are picked by key first (max id per product) and joined for their record after.
-- params:
CREATE OR REPLACE TEMP VIEW check_subjects_runs AS
WITH latest_pending AS (
    SELECT product_key, max(conversion_id) AS conversion_id FROM conversions
    WHERE status = 'pending' AND kind <> 'deleted'
    GROUP BY product_key
)
SELECT c.product_key, c.conversion_id, c.content_hash, c.position, c.run_id, r.sender_id, c.ccf
FROM latest_pending AS p
JOIN conversions AS c ON c.conversion_id = p.conversion_id
LEFT JOIN ingest_runs AS r ON r.run_id = c.run_id
UNION ALL
SELECT k.product_key, NULL AS conversion_id, k.content_hash, c.position, c.run_id, k.sender_id, k.ccf
FROM catalog AS k
LEFT JOIN conversions AS c ON c.conversion_id = k.conversion_id
WHERE NOT EXISTS (SELECT 1 FROM latest_pending AS p WHERE p.product_key = k.product_key)
