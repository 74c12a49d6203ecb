-- Q17: contributor names holding several people, inverted names without a comma, capitals, placeholders.
-- params:
WITH names AS (
    SELECT product_key, unnest(ccf.contributors) AS c FROM check_subjects
)
SELECT product_key, NULL AS severity, NULL AS field,
       CASE
           WHEN upper(trim(c.name)) IN ('N/A', 'NA', 'TBC', 'TBA', 'TBD', 'UNKNOWN', 'ANONYMOUS', 'VARIOUS', '-')
               THEN '''' || c.name || ''' is a placeholder'
           WHEN c.name ILIKE '% and %' OR c.name LIKE '%&%' OR c.name LIKE '%;%'
               THEN '''' || c.name || ''' names more than one person'
           WHEN c.name = upper(c.name) AND regexp_matches(c.name, '[A-Z]{2}')
               THEN '''' || c.name || ''' is in capitals'
           ELSE 'inverted name ''' || c.sort_name || ''' has no comma'
       END AS observed
FROM names
WHERE c.name IS NOT NULL AND (
       upper(trim(c.name)) IN ('N/A', 'NA', 'TBC', 'TBA', 'TBD', 'UNKNOWN', 'ANONYMOUS', 'VARIOUS', '-')
    OR c.name ILIKE '% and %' OR c.name LIKE '%&%' OR c.name LIKE '%;%'
    OR (c.name = upper(c.name) AND regexp_matches(c.name, '[A-Z]{2}'))
    OR (c.sort_name IS NOT NULL AND c.sort_name <> c.name AND c.sort_name NOT LIKE '%,%'))
