-- Q20: digital audio products without a duration.
-- params:
SELECT s.product_key, NULL AS severity, NULL AS field, NULL AS observed
FROM check_subjects AS s
WHERE s.ccf.product_form IN ('download', 'download_and_stream', 'stream') AND s.ccf.duration_seconds IS NULL
