-- Q30: products without a publisher name.
-- params:
SELECT s.product_key, NULL AS severity, NULL AS field, NULL AS observed
FROM check_subjects AS s WHERE s.ccf.publisher IS NULL
