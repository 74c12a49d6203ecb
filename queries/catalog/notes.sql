-- What the converter noted about one product in one run.
-- params: gtin, run_id
SELECT rule_id, field, raw_value, action, message, line FROM conversion_notes
WHERE product_key = $gtin AND run_id = $run_id ORDER BY note_id
