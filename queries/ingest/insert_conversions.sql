-- A pending conversion for every new, changed or deleted product of the run, its record read straight
-- from the spool. (Nothing written earlier in this transaction is read back: the ids were drawn when
-- classifying, and the source record is found by run and position.)
-- The changed fields and flags come from the temp table `reviewed` (queries/review/stage_review.sql).
-- params: run_id, feed_id, created_at, path
INSERT INTO conversions (conversion_id, run_id, feed_id, position, product_key, record_reference, kind, status,
                         base_version, content_hash, ccf, created_at, changed_fields, flags)
SELECT k.new_conversion_id, $run_id, $feed_id, k.position, k.product_key, k.record_reference, k.outcome, 'pending',
       k.base_version, k.content_hash, p.ccf, $created_at, r.changed_fields, r.flags
FROM classified AS k
JOIN read_parquet($path) AS p ON p.position = k.position
LEFT JOIN reviewed AS r ON r.id = k.new_conversion_id
WHERE k.new_conversion_id IS NOT NULL
