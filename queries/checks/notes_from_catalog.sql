-- The converter's notes on the re-checked products: those of the run each version came from. A table
-- filled once per check (a few thousand rows on a million products), so the rules that read it do not
-- each join the subjects again.
-- params:
CREATE OR REPLACE TEMP TABLE check_notes AS
SELECT n.product_key, n.rule_id, n.field, n.raw_value, n.action, n.message
FROM conversion_notes AS n
JOIN (SELECT product_key, run_id FROM check_subjects_runs) AS s ON s.product_key = n.product_key AND s.run_id = n.run_id
