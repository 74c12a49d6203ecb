-- Q38: products whose explicit-content signal is unknown (no audience code type 22).
-- params:
SELECT s.product_key, NULL AS severity, NULL AS field, NULL AS observed
FROM check_subjects AS s WHERE s.ccf.audience.explicit IS NULL
