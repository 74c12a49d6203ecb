-- Q22: chapters whose durations add up to more than 2% away from the stated duration.
-- params:
WITH sums AS (
    SELECT product_key, ccf.duration_seconds AS stated,
           list_sum(list_transform(ccf.chapters, lambda c: c.duration_seconds)) AS chapters,
           len(ccf.chapters) AS n,
           len(list_filter(ccf.chapters, lambda c: c.duration_seconds IS NULL)) AS unknown
    FROM check_subjects
)
SELECT product_key, NULL AS severity, NULL AS field,
       n::VARCHAR || ' chapters add up to ' || chapters::VARCHAR || ' s; the duration is ' || stated::VARCHAR || ' s' AS observed
FROM sums
WHERE n > 0 AND unknown = 0 AND stated > 0 AND abs(chapters - stated) > 0.02 * stated
