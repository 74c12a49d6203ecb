-- Approved new and changed records of products the catalogue holds replace its current version
-- (see apply_inserts.sql; this runs first, so it never scans rows inserted just now).
-- params: approved_at, approved_by
UPDATE catalog SET
    version = d.next_version, content_hash = d.content_hash, ccf = d.ccf, sender_id = d.sender_id,
    conversion_id = d.conversion_id, approved_at = $approved_at, approved_by = $approved_by
FROM decision AS d
WHERE d.verdict = 'ok' AND d.kind IN ('new', 'changed') AND d.current_version IS NOT NULL
  AND catalog.product_key = d.product_key
