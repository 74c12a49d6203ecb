-- Q11: products without a ProductForm.
-- params:
SELECT s.product_key, NULL AS severity, NULL AS field, NULL AS observed
FROM check_subjects AS s WHERE s.ccf.product_form_code IS NULL
