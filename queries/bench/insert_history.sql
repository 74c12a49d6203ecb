-- Benchmark data: the approved version of every catalogue record in catalog_history, as an approval
-- leaves it (review/apply_history with action `approve`); exports read the history, not the catalogue.
-- params:
INSERT INTO catalog_history (product_key, version, content_hash, ccf, deleted, action, conversion_id, approved_at,
                             approved_by, comment)
SELECT product_key, version, content_hash, ccf, false, 'approve', conversion_id, approved_at, approved_by, NULL
FROM catalog
