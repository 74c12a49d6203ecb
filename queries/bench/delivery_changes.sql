-- The benchmark delivery's products by kind of change (-1: whitespace only, NULL: identical).
-- params:
SELECT change, count(*) AS products FROM bench_delivery GROUP BY change ORDER BY change NULLS LAST
