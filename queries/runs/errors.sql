-- The products of a run that could not be converted: where, why, and their raw XML.
-- params: run_id
SELECT error_id, record_reference, product_key, line, rule_id, message, raw_xml
FROM ingest_errors WHERE run_id = $run_id ORDER BY line NULLS LAST, error_id
