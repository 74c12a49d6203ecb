-- Q16: E03 (narrator as a character) in a product that is not a dramatisation.
-- params:
SELECT s.product_key, NULL AS severity, NULL AS field,
       coalesce(c.name, 'a contributor') AS observed
FROM (SELECT product_key, ccf.content_type AS content_type, unnest(ccf.contributors) AS c FROM check_subjects) AS s
WHERE s.c.onix_role = 'E03' AND s.content_type <> 'performance'
