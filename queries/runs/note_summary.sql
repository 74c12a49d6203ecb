-- Conversion notes of a run counted by rule, field and action.
-- params: run_id
SELECT rule_id, field, action, count(*) AS notes, count(DISTINCT product_key) AS products
FROM conversion_notes WHERE run_id = $run_id GROUP BY ALL ORDER BY notes DESC, rule_id
