-- The raw XML of a product a run could not convert (the finding of a rejected product names its run and
-- line; ingest_errors keeps the XML).
-- params: run_id, line
SELECT error_id, record_reference, line, raw_xml FROM ingest_errors
WHERE run_id = $run_id AND line = $line
ORDER BY error_id
LIMIT 1
