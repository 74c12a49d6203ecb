-- Approved new and changed records of products the catalogue does not hold become its current version.
-- (An approved conversion was diffed against the version the catalogue still has, so `current_version`
-- tells an insert from an update. Not one INSERT ... ON CONFLICT: DuckDB 2.0.1 holds such an upsert's
-- rows in memory, and approving 50,000 new products at once failed under 128MB.)
-- params: approved_at, approved_by
INSERT INTO catalog (product_key, version, content_hash, ccf, sender_id, conversion_id, approved_at, approved_by)
SELECT product_key, next_version, content_hash, ccf, sender_id, conversion_id, $approved_at, $approved_by
FROM decision WHERE verdict = 'ok' AND kind IN ('new', 'changed') AND current_version IS NULL
