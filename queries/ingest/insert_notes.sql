-- What the converter repaired or could not interpret, per product of the run.
-- params: run_id, path
INSERT INTO conversion_notes (run_id, product_key, record_reference, line, rule_id, field, raw_value, action, message)
SELECT $run_id, product_key, record_reference, line, rule_id, field, raw_value, action, message
FROM read_parquet($path)
