-- A re-check's subjects, first part: the approved catalogue records of the products with no pending
-- conversion (see engine.run_rules_in_parts).
-- params:
CREATE OR REPLACE TEMP VIEW check_subjects AS
SELECT k.product_key, NULL::BIGINT AS conversion_id, k.content_hash, k.sender_id, k.ccf
FROM catalog AS k
WHERE NOT EXISTS (SELECT 1 FROM check_pending AS p WHERE p.product_key = k.product_key)
