-- Q08: GTIN-13/ISBN-13 that fail the check digit, an ISBN-13 outside 978/979, or a placeholder.
-- params:
WITH keys AS (
    SELECT s.product_key AS key, s.product_key,
           list_filter(s.ccf.identifiers, lambda i: i.type = 'isbn13') AS isbns
    FROM check_subjects AS s
)
SELECT product_key, NULL AS severity, NULL AS field,
       CASE
           WHEN NOT regexp_full_match(key, '[0-9]{13}') THEN key || ' is not 13 digits'
           WHEN replace(key, substr(key, 1, 1), '') = '' OR key LIKE '%000000000%'
               THEN key || ' is a placeholder'
           WHEN (10 - (list_sum(list_transform(range(12), lambda i: CAST(substr(key, i + 1, 1) AS INTEGER) * CASE WHEN i % 2 = 0 THEN 1 ELSE 3 END)) % 10)) % 10
                <> CAST(substr(key, 13, 1) AS INTEGER)
               THEN key || ' has a wrong check digit'
           ELSE key || ' is an ISBN-13 but does not start with 978 or 979'
       END AS observed
FROM keys
WHERE NOT regexp_full_match(key, '[0-9]{13}')
   OR replace(key, substr(key, 1, 1), '') = '' OR key LIKE '%000000000%'
   OR (10 - (list_sum(list_transform(range(12), lambda i: CAST(substr(key, i + 1, 1) AS INTEGER) * CASE WHEN i % 2 = 0 THEN 1 ELSE 3 END)) % 10)) % 10
      <> CAST(substr(key, 13, 1) AS INTEGER)
   OR len(list_filter(isbns, lambda i: i.value = key AND NOT (i.value LIKE '978%' OR i.value LIKE '979%'))) > 0
