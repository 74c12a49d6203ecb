-- The converter's notes on a delivery's products, from the spool (set the variable check_notes_files);
-- a table, read once, like the subjects.
-- params:
CREATE OR REPLACE TEMP TABLE check_notes AS
SELECT n.product_key, n.rule_id, n.field, n.raw_value, n.action, n.message
FROM read_parquet(getvariable('check_notes_files')) AS n
JOIN classified AS k ON k.product_key = n.product_key AND k.position = n.position
