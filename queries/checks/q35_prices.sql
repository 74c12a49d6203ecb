-- Q35: prices the converter had to repair or drop, invalid currencies, markets without a price,
-- amounts not above zero (errors); two amounts for the same type, currency and country (warning).
-- params:
SELECT n.product_key, 'error' AS severity, n.field AS field, coalesce(n.raw_value || ': ', '') || n.message AS observed
FROM check_notes AS n
WHERE n.rule_id = 'Q35' AND n.action IN ('repaired', 'dropped', 'uninterpretable')
UNION ALL
SELECT product_key, 'error', 'prices.amount', p.amount || ' ' || coalesce(p.currency, '') || ' is not above zero'
FROM (SELECT product_key, unnest(ccf.prices) AS p FROM check_subjects)
WHERE TRY_CAST(p.amount AS DECIMAL(18, 4)) <= 0
UNION ALL
SELECT a.product_key, 'warning', 'prices',
       a.p.currency || ' ' || a.p.amount || ' and ' || b.p.amount || ' (' || a.p.price_type || ') for '
       || array_to_string(country_list(a.p.countries & b.p.countries)[1:5], ' ')
FROM (SELECT product_key, generate_subscripts(ccf.prices, 1) AS i, unnest(ccf.prices) AS p FROM check_subjects) AS a
JOIN (SELECT product_key, generate_subscripts(ccf.prices, 1) AS i, unnest(ccf.prices) AS p FROM check_subjects) AS b
  ON a.product_key = b.product_key AND a.i < b.i
WHERE a.p.price_type = b.p.price_type AND a.p.currency IS NOT DISTINCT FROM b.p.currency AND a.p.amount <> b.p.amount
  AND bit_count(a.p.countries & b.p.countries) > 0
  AND coalesce(a.p.valid_from, DATE '0001-01-01') <= coalesce(b.p.valid_until, DATE '9999-12-31')
  AND coalesce(b.p.valid_from, DATE '0001-01-01') <= coalesce(a.p.valid_until, DATE '9999-12-31')
