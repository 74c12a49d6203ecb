-- Q14: products without an author-type contributor and without NoContributor.
-- params:
SELECT s.product_key, NULL AS severity, NULL AS field, NULL AS observed
FROM check_subjects AS s
WHERE len(list_filter(s.ccf.contributors, lambda c: c.role = 'author')) = 0
  AND NOT EXISTS (SELECT 1 FROM check_notes AS n WHERE n.product_key = s.product_key AND n.rule_id = 'Q14')
