-- Q06: products whose NotificationType is unknown, and test records (never applied).
-- params:
SELECT s.product_key, NULL AS severity, NULL AS field,
       CASE s.ccf.notification WHEN 'test' THEN 'a test record (88/89): never applied to the catalogue'
            ELSE coalesce(n.raw_value, 'missing') || ' is not a known NotificationType' END AS observed
FROM check_subjects AS s
LEFT JOIN check_notes AS n ON n.product_key = s.product_key AND n.rule_id = 'Q06'
WHERE s.ccf.notification IN ('unknown', 'test')
