-- The products of the run that could not be converted, with their raw XML.
-- params: run_id, path
INSERT INTO ingest_errors (run_id, record_reference, product_key, line, rule_id, message, raw_xml)
SELECT $run_id, record_reference, product_key, line, rule_id, message, raw_xml
FROM read_parquet($path)
