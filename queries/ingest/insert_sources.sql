-- The raw XML of every converted product of the run (and, for block updates, the merged product).
-- params: run_id, feed_id, path
INSERT INTO source_records (run_id, feed_id, position, product_key, record_reference, notification, line, raw_xml,
                            effective_xml)
SELECT $run_id, $feed_id, position, product_key, record_reference, notification, line, raw_xml, effective_xml
FROM read_parquet($path, union_by_name = true)
ORDER BY position
