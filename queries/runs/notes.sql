-- What the converter repaired or could not interpret in a run, product by product.
-- params: run_id, limit
SELECT product_key, record_reference, line, rule_id, field, raw_value, action, message
FROM conversion_notes WHERE run_id = $run_id ORDER BY line NULLS LAST, note_id LIMIT $limit
