-- Q29: no audio sample, or a sample over 5 minutes.
-- params:
SELECT s.product_key, NULL AS severity, NULL AS field,
       CASE WHEN s.ccf.sample IS NULL THEN 'no audio sample'
            ELSE 'the sample is ' || (s.ccf.sample.duration_seconds // 60)::VARCHAR || ' minutes long' END AS observed
FROM check_subjects AS s
WHERE s.ccf.sample IS NULL OR s.ccf.sample.duration_seconds > 300
