-- Q31: no publication date, or one that is not a valid date (from the converter's notes).
-- params:
SELECT s.product_key, NULL AS severity, NULL AS field,
       coalesce(n.raw_value || ' is not a valid date', 'no publication date') AS observed
FROM check_subjects AS s
LEFT JOIN check_notes AS n ON n.product_key = s.product_key AND n.rule_id = 'Q31' AND n.action = 'uninterpretable'
WHERE s.ccf.publication_date IS NULL
