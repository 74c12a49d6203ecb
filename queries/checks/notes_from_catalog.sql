-- The converter's notes on the re-checked products: those of the run each version came from.
-- params:
CREATE OR REPLACE TEMP VIEW check_notes AS
SELECT n.product_key, n.rule_id, n.field, n.raw_value, n.action, n.message
FROM conversion_notes AS n
JOIN check_subjects AS s ON s.product_key = n.product_key AND s.run_id = n.run_id
