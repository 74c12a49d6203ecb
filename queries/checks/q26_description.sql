-- Q26: no description, a placeholder, under 20 words; a short description over 350 characters. "At least
-- 20 words" is one regular expression; words are counted only for the rows that fail it.
-- params:
WITH judged AS (
    SELECT s.product_key, s.ccf.description AS d, s.ccf.short_description AS sd,
           s.ccf.description IS NOT NULL AND regexp_matches(trim(s.ccf.description), '^(\S+\s+){19}\S') AS long_enough
    FROM check_subjects AS s
    WHERE s.ccf.notification <> 'test'
)
SELECT product_key, NULL AS severity,
       CASE WHEN length(sd) > 350 AND long_enough THEN 'short_description' ELSE 'description' END AS field,
       CASE
           WHEN d IS NULL THEN 'no description'
           WHEN upper(trim(d)) IN ('N/A', 'NA', 'TBC', 'TBA', 'TBD', '-', 'NO DESCRIPTION', 'DESCRIPTION')
               THEN '''' || d || ''' is a placeholder'
           WHEN NOT long_enough
               THEN 'the description has ' || len(string_split_regex(trim(d), '\s+'))::VARCHAR || ' words'
           ELSE 'the short description has ' || length(sd)::VARCHAR || ' characters'
       END AS observed
FROM judged
WHERE d IS NULL OR NOT long_enough OR length(sd) > 350
