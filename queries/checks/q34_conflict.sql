-- Q34: countries both for sale and not for sale (a bitwise AND of the two stored sets; the countries are
-- named only for the products that have such a conflict).
-- params:
SELECT product_key, NULL AS severity, NULL AS field, array_to_string(country_list(both_sets), ' ') AS observed
FROM (
    SELECT s.product_key, s.ccf.sales_rights.for_sale & s.ccf.sales_rights.not_for_sale AS both_sets
    FROM check_subjects AS s
)
WHERE bit_count(both_sets) > 0
