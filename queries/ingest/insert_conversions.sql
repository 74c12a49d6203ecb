-- A pending conversion for each new, changed or deleted product of the run at positions low..high, its
-- record read straight from the spool. (Nothing written earlier in this transaction is read back: the ids
-- were drawn when classifying, and the source record is found by run and position.)
-- The changed fields and flags come from the temp table `reviewed` (queries/review/stage_review.sql).
-- Every side is cut to the slice: the joins' hash tables then grow with the slice, not with the delivery.
-- params: run_id, feed_id, created_at, path, low, high
INSERT INTO conversions (conversion_id, run_id, feed_id, position, product_key, record_reference, kind, status,
                         base_version, content_hash, ccf, created_at, changed_fields, flags)
SELECT k.new_conversion_id, $run_id, $feed_id, k.position, k.product_key, k.record_reference, k.outcome, 'pending',
       k.base_version, k.content_hash, p.ccf, $created_at, r.changed_fields, r.flags
FROM (SELECT * FROM classified WHERE position BETWEEN $low AND $high) AS k
JOIN (SELECT position, ccf FROM read_parquet($path) WHERE position BETWEEN $low AND $high) AS p
    ON p.position = k.position
LEFT JOIN (SELECT * FROM reviewed WHERE position BETWEEN $low AND $high) AS r ON r.id = k.new_conversion_id
WHERE k.new_conversion_id IS NOT NULL
