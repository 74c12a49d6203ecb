-- The products a re-check judges: each product's latest version, its pending conversion (check_pending,
-- filled first by pending_from_catalog) else its approved catalogue record. No run columns: joining every
-- catalogue record to its conversion for them made each rule several times slower at a million products;
-- the rules that need the run read check_subjects_runs.
-- params:
CREATE OR REPLACE TEMP VIEW check_subjects AS
SELECT product_key, conversion_id, content_hash, sender_id, ccf FROM check_pending
UNION ALL
SELECT k.product_key, NULL AS conversion_id, k.content_hash, k.sender_id, k.ccf
FROM catalog AS k
WHERE NOT EXISTS (SELECT 1 FROM check_pending AS p WHERE p.product_key = k.product_key)
