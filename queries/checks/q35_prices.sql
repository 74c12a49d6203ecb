-- Q35: prices the converter had to repair or drop, invalid currencies, markets without a price,
-- amounts not above zero (errors); two amounts for the same type, currency and country (warning). The
-- pairwise comparison runs only on products whose list has one type and currency with two amounts.
-- params:
WITH unnested AS (
    SELECT product_key, generate_subscripts(ccf.prices, 1) AS i, unnest(ccf.prices) AS p
    FROM check_subjects
    WHERE len(ccf.prices) > 1
      AND len(list_distinct(list_transform(ccf.prices, lambda x: x.price_type || '|' || coalesce(x.currency, '') || '|' || x.amount)))
          > len(list_distinct(list_transform(ccf.prices, lambda x: x.price_type || '|' || coalesce(x.currency, ''))))
),
pairs AS (
    SELECT a.product_key, a.p AS pa, b.p AS pb, a.p.countries & b.p.countries AS overlap
    FROM unnested AS a JOIN unnested AS b ON a.product_key = b.product_key AND a.i < b.i
    WHERE a.p.price_type = b.p.price_type AND a.p.currency IS NOT DISTINCT FROM b.p.currency
      AND a.p.amount <> b.p.amount
      AND bit_count(a.p.countries & b.p.countries) > 0
      AND coalesce(a.p.valid_from, DATE '0001-01-01') <= coalesce(b.p.valid_until, DATE '9999-12-31')
      AND coalesce(b.p.valid_from, DATE '0001-01-01') <= coalesce(a.p.valid_until, DATE '9999-12-31')
)
SELECT n.product_key, 'error' AS severity, n.field AS field, coalesce(n.raw_value || ': ', '') || n.message AS observed
FROM check_notes AS n
WHERE n.rule_id = 'Q35' AND n.action IN ('repaired', 'dropped', 'uninterpretable')
UNION ALL
SELECT product_key, 'error', 'prices.amount', p.amount || ' ' || coalesce(p.currency, '') || ' is not above zero'
FROM (SELECT product_key, unnest(ccf.prices) AS p FROM check_subjects)
WHERE TRY_CAST(p.amount AS DECIMAL(18, 4)) <= 0
UNION ALL
SELECT product_key, 'warning', 'prices',
       pa.currency || ' ' || pa.amount || ' and ' || pb.amount || ' (' || pa.price_type || ') for '
       || array_to_string(country_list(overlap)[1:5], ' ')
FROM pairs
