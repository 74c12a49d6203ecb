-- A pending conversion for every new, changed or deleted product of the run.
-- params: run_id, feed_id, created_at
INSERT INTO conversions (run_id, feed_id, source_id, product_key, record_reference, kind, status, base_version,
                         content_hash, ccf, created_at)
SELECT $run_id, $feed_id, s.source_id, k.product_key, k.record_reference, k.outcome, 'pending', k.base_version,
       k.content_hash, k.ccf, $created_at
FROM classified AS k
LEFT JOIN source_records AS s ON s.run_id = $run_id AND s.position = k.position
WHERE k.outcome IN ('new', 'changed', 'deleted')
ORDER BY k.position
