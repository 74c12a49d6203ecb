-- No converter notes (a delivery that needed none).
-- params:
CREATE OR REPLACE TEMP TABLE check_notes AS
SELECT NULL::VARCHAR AS product_key, NULL::VARCHAR AS rule_id, NULL::VARCHAR AS field,
       NULL::VARCHAR AS raw_value, NULL::VARCHAR AS action, NULL::VARCHAR AS message
WHERE false
