-- Approved new and changed records become the catalogue's current version.
-- params: approved_at, approved_by
INSERT INTO catalog (product_key, version, content_hash, ccf, sender_id, conversion_id, approved_at, approved_by)
SELECT product_key, next_version, content_hash, ccf, sender_id, conversion_id, $approved_at, $approved_by
FROM decision WHERE verdict = 'ok' AND kind IN ('new', 'changed')
ON CONFLICT (product_key) DO UPDATE SET
    version = excluded.version, content_hash = excluded.content_hash, ccf = excluded.ccf,
    sender_id = excluded.sender_id, conversion_id = excluded.conversion_id,
    approved_at = excluded.approved_at, approved_by = excluded.approved_by
