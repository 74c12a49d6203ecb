-- Q28: no front cover (error); a cover under 1024 px (error), under 2400 px or not square (warning).
-- params:
SELECT s.product_key,
       CASE WHEN s.ccf.cover IS NULL OR least(s.ccf.cover.width_px, s.ccf.cover.height_px) < 1024
            THEN 'error' ELSE 'warning' END AS severity,
       NULL AS field,
       CASE WHEN s.ccf.cover IS NULL THEN 'no front cover'
            ELSE s.ccf.cover.width_px::VARCHAR || ' x ' || s.ccf.cover.height_px::VARCHAR || ' px' END AS observed
FROM check_subjects AS s
WHERE s.ccf.cover IS NULL
   OR (s.ccf.cover.width_px IS NOT NULL AND s.ccf.cover.height_px IS NOT NULL
       AND (least(s.ccf.cover.width_px, s.ccf.cover.height_px) < 2400 OR s.ccf.cover.width_px <> s.ccf.cover.height_px))
