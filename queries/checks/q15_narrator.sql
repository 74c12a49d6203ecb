-- Q15: products without a narrator (E07, a synthetic voice with E07, or E01/E03 in a dramatisation).
-- params:
SELECT s.product_key, NULL AS severity, NULL AS field, NULL AS observed
FROM check_subjects AS s
WHERE len(list_filter(s.ccf.contributors, lambda c: c.onix_role = 'E07'
        OR (c.onix_role IN ('E01', 'E03') AND s.ccf.content_type = 'performance'))) = 0
