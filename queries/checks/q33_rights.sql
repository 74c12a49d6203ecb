-- Q33: no for-sale territory, or territories the converter had to repair or drop (invalid codes,
-- codes run together, ROW in 3.x).
-- params:
SELECT s.product_key, NULL AS severity, NULL AS field, 'no territory where the product is for sale' AS observed
FROM check_subjects AS s
WHERE bit_count(s.ccf.sales_rights.for_sale) = 0
UNION ALL
SELECT n.product_key, NULL, NULL, n.raw_value || ': ' || n.message
FROM check_notes AS n
WHERE n.rule_id = 'Q33' AND n.action IN ('repaired', 'dropped', 'uninterpretable') AND n.field = 'sales_rights'
