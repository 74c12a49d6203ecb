-- A product back to an earlier approved version: a new version with that record, in the catalogue.
-- params: product_key, old_version, next_version, approved_at, approved_by
INSERT INTO catalog (product_key, version, content_hash, ccf, sender_id, conversion_id, approved_at, approved_by)
SELECT product_key, $next_version, content_hash, ccf, NULL, conversion_id, $approved_at, $approved_by
FROM catalog_history WHERE product_key = $product_key AND version = $old_version
ON CONFLICT (product_key) DO UPDATE SET
    version = excluded.version, content_hash = excluded.content_hash, ccf = excluded.ccf,
    conversion_id = excluded.conversion_id, approved_at = excluded.approved_at, approved_by = excluded.approved_by
