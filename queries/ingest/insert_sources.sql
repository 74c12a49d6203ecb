-- Every converted product of the run (its XML stays in the run's source files).
-- params: run_id, feed_id, path
INSERT INTO source_records (run_id, feed_id, position, product_key, record_reference, notification, line, merged)
SELECT $run_id, $feed_id, position, product_key, record_reference, notification, line, effective_xml IS NOT NULL
FROM read_parquet($path, union_by_name = true)
