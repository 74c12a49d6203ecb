-- Q21: durations outside 5 minutes to 100 hours (warning), and counts or malformed times sent as a
-- duration (error, from the converter's notes).
-- params:
SELECT s.product_key, 'warning' AS severity, NULL AS field,
       CASE WHEN s.ccf.duration_seconds < 300 THEN (s.ccf.duration_seconds // 60)::VARCHAR || ' min is under 5 minutes'
            ELSE (s.ccf.duration_seconds // 3600)::VARCHAR || ' h is over 100 hours' END AS observed
FROM check_subjects AS s
WHERE s.ccf.duration_seconds < 300 OR s.ccf.duration_seconds > 360000
UNION ALL
SELECT n.product_key, 'error', NULL, n.raw_value || ': ' || n.message
FROM check_notes AS n WHERE n.rule_id = 'Q21' AND n.action = 'uninterpretable'
