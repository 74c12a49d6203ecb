-- Q18: products narrated by a synthetic voice.
-- params:
SELECT s.product_key, NULL AS severity, NULL AS field, NULL AS observed
FROM check_subjects AS s
WHERE len(list_filter(s.ccf.contributors, lambda c: c.synthetic_voice)) > 0
