-- Q09: an ISBN-13 and a GTIN-13 that differ, or only an ISBN-10 given (converted).
-- params:
SELECT s.product_key, NULL AS severity, NULL AS field,
       'ISBN-13 ' || list_filter(s.ccf.identifiers, lambda i: i.type = 'isbn13')[1].value
       || ' differs from GTIN-13 ' || list_filter(s.ccf.identifiers, lambda i: i.type = 'gtin13')[1].value AS observed
FROM check_subjects AS s
WHERE len(list_filter(s.ccf.identifiers, lambda i: i.type = 'isbn13')) > 0
  AND len(list_filter(s.ccf.identifiers, lambda i: i.type = 'gtin13')) > 0
  AND list_filter(s.ccf.identifiers, lambda i: i.type = 'isbn13')[1].value
      <> list_filter(s.ccf.identifiers, lambda i: i.type = 'gtin13')[1].value
UNION ALL
SELECT n.product_key, NULL, NULL, 'only an ISBN-10 (' || n.raw_value || ') was given'
FROM check_notes AS n WHERE n.rule_id = 'Q09'
