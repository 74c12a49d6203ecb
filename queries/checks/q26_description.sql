-- Q26: no description, a placeholder, under 20 words; a short description over 350 characters.
-- params:
SELECT s.product_key, NULL AS severity,
       CASE WHEN length(s.ccf.short_description) > 350 AND coalesce(len(string_split_regex(trim(s.ccf.description), '\s+')), 0) >= 20
            THEN 'short_description' ELSE 'description' END AS field,
       CASE
           WHEN s.ccf.description IS NULL THEN 'no description'
           WHEN upper(trim(s.ccf.description)) IN ('N/A', 'NA', 'TBC', 'TBA', 'TBD', '-', 'NO DESCRIPTION', 'DESCRIPTION')
               THEN '''' || s.ccf.description || ''' is a placeholder'
           WHEN len(string_split_regex(trim(s.ccf.description), '\s+')) < 20
               THEN 'the description has ' || len(string_split_regex(trim(s.ccf.description), '\s+'))::VARCHAR || ' words'
           ELSE 'the short description has ' || length(s.ccf.short_description)::VARCHAR || ' characters'
       END AS observed
FROM check_subjects AS s
WHERE s.ccf.notification <> 'test' AND (
      s.ccf.description IS NULL
   OR len(string_split_regex(trim(s.ccf.description), '\s+')) < 20
   OR length(s.ccf.short_description) > 350)
