-- Q19: missing or placeholder titles (error), format words in titles (warning).
-- params:
SELECT s.product_key,
       CASE WHEN s.ccf.title IS NULL OR upper(trim(s.ccf.title)) IN ('TBC', 'TBA', 'TBD', 'N/A', 'UNTITLED', 'TITLE', '-')
            THEN 'error' ELSE 'warning' END AS severity,
       NULL AS field,
       CASE WHEN s.ccf.title IS NULL THEN 'no title'
            WHEN upper(trim(s.ccf.title)) IN ('TBC', 'TBA', 'TBD', 'N/A', 'UNTITLED', 'TITLE', '-')
                THEN '''' || s.ccf.title || ''' is a placeholder'
            ELSE '''' || s.ccf.title || ''' holds format words' END AS observed
FROM check_subjects AS s
WHERE s.ccf.title IS NULL
   OR upper(trim(s.ccf.title)) IN ('TBC', 'TBA', 'TBD', 'N/A', 'UNTITLED', 'TITLE', '-')
   OR regexp_matches(s.ccf.title, '(?i)\b(audio ?books?|mp3|unabridged|abridged|cds?|audio cd)\b')
