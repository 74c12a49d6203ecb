-- The raw XML of every converted product of the run.
-- params: run_id, feed_id, path
INSERT INTO source_records (run_id, feed_id, position, product_key, record_reference, notification, line, raw_xml)
SELECT $run_id, $feed_id, position, product_key, record_reference, notification, line, raw_xml
FROM read_parquet($path)
ORDER BY position
