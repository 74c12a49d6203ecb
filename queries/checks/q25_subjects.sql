-- Q25: no BISAC or Thema subject, or more than one main subject in a scheme.
-- params:
SELECT s.product_key, NULL AS severity, NULL AS field, 'no BISAC or Thema subject' AS observed
FROM check_subjects AS s
WHERE len(list_filter(s.ccf.subjects, lambda x: x.scheme IN ('bisac', 'thema'))) = 0
UNION ALL
SELECT product_key, NULL, NULL, count(*)::VARCHAR || ' main ' || scheme || ' subjects'
FROM (SELECT product_key, x.scheme AS scheme, x.main AS main
      FROM (SELECT product_key, unnest(ccf.subjects) AS x FROM check_subjects))
WHERE main
GROUP BY product_key, scheme
HAVING count(*) > 1
