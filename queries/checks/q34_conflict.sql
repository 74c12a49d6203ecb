-- Q34: countries both for sale and not for sale (a bitwise AND of the two stored sets).
-- params:
SELECT s.product_key, NULL AS severity, NULL AS field,
       array_to_string(country_list(s.ccf.sales_rights.for_sale & s.ccf.sales_rights.not_for_sale), ' ') AS observed
FROM check_subjects AS s
WHERE bit_count(s.ccf.sales_rights.for_sale & s.ccf.sales_rights.not_for_sale) > 0
