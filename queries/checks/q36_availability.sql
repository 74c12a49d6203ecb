-- Q36: supply details without availability (from the converter's notes), and availability that
-- disagrees with the publishing status.
-- params:
SELECT n.product_key, NULL AS severity, NULL AS field, n.message AS observed
FROM check_notes AS n WHERE n.rule_id = 'Q36'
UNION ALL
SELECT s.product_key, NULL, NULL,
       s.ccf.publishing_status || ' but ' || list_distinct(list_transform(s.ccf.prices, lambda p: p.availability))[1]
FROM check_subjects AS s
WHERE (s.ccf.publishing_status IN ('out_of_print', 'withdrawn', 'cancelled')
        AND list_contains(list_transform(s.ccf.prices, lambda p: p.availability), 'available'))
   OR (s.ccf.publishing_status = 'forthcoming'
        AND list_contains(list_transform(s.ccf.prices, lambda p: p.availability), 'available'))
