-- Q27: markup the converter found in a plain-text field, CDATA, or tags outside the allowed subset.
-- params:
SELECT n.product_key, NULL AS severity, n.field AS field, n.message || ': ' || left(n.raw_value, 80) AS observed
FROM check_notes AS n WHERE n.rule_id = 'Q27'
